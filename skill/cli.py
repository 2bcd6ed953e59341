"""The ``heartline`` command: one entry point for every front and tool.

Each subcommand builds one Settings (environment, then flags) and hands it down; nothing below reads the
environment itself. Errors Heartline expects (a bad setting, an unusable store or content file) print one
clear line and exit 2 instead of a traceback.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from skill import __version__
from skill.config import Settings, public_base_url
from skill.errors import HeartlineError

log = logging.getLogger("heartline")


MAX_TIME_SCALE = 100_000.0
"""Faster than this a one-minute part lasts under a millisecond, shorter than the scheduler's own tick."""


def time_scale(text: str) -> float:
    """``--time-scale``: a finite number above zero. NaN, infinity or 1e-9 reached the scheduler's clock
    arithmetic and ended in a traceback (ValueError, OverflowError)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or not 1 / MAX_TIME_SCALE <= value <= MAX_TIME_SCALE:
        raise argparse.ArgumentTypeError(f"must be between {1 / MAX_TIME_SCALE:g} and {MAX_TIME_SCALE:g}, got {text}")
    return value


def first_name(text: str) -> str:
    """``talk --names``: a first name as a names slot takes one (letters, with single spaces, hyphens or
    apostrophes between them), written as the skill would write it ("maya" -> "Maya")."""
    from intents.names import clean_name

    name = clean_name(text)
    if name is None:
        raise argparse.ArgumentTypeError(f"not a first name: {text!r}")
    return name


def port_number(text: str) -> int:
    """``--port``: 1 to 65535. -1 ended in a traceback from bind(), and 99999 was served on 34463 (the number
    wrapped) while round audio was linked at :99999."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, got {text}")
    return value


def public_url(text: str) -> str:
    """``--public-url``: an https (or, for a local test, http) address with a host."""
    try:
        return public_base_url(text, "--public-url")
    except HeartlineError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env().with_db(getattr(args, "db", None))
    if getattr(args, "offline", False):
        settings = replace(settings, offline=True)
    return settings


def cmd_chat(args: argparse.Namespace) -> int:
    from intents.builder import build_skill
    from intents.envelopes import EnvelopeFactory
    from intents.matcher import Matcher
    from intents.tracks import PhaseCatalog
    from skill.chat import ChatSession, TextOutput, run_chat, stdin_is_interactive, stored_names
    from skill.content_files import load_content
    from skill.device import LocalDevice
    from skill.store import open_store

    settings = _settings(args)
    content = load_content()
    store = open_store(settings)
    catalog = PhaseCatalog(settings.public_url)
    skill = build_skill(settings, store=store, tracks=catalog, content=content)
    factory = EnvelopeFactory(f"local.profile.{args.profile}")
    device = LocalDevice(
        skill,
        catalog,
        factory,
        TextOutput(sys.stdout),
        time_scale=args.time_scale,
    )
    interactive = stdin_is_interactive()
    if interactive:
        print("Heartline chat. Type what you would say to Alexa; 'stop' ends a session, Ctrl-D quits.", flush=True)
    try:
        return run_chat(
            ChatSession(device, Matcher(), content, stored_names(store, factory.user_id)),
            sys.stdin,
            interactive,
            launch=not args.no_launch,
            prompt_stream=sys.stdout,
        )
    except (KeyboardInterrupt, BrokenPipeError):
        return 0
    finally:
        store.close()


def cmd_model(args: argparse.Namespace) -> int:
    from intents.interaction_model import generate

    path = generate(Path(args.out) if args.out else None)
    print(f"wrote {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from skill.web import run_server

    settings = _settings(args)
    if args.no_verify:
        settings = replace(settings, verify_signatures=False)
    if args.public_url:
        settings = replace(settings, public_url=args.public_url)
    elif not os.environ.get("HEARTLINE_PUBLIC_URL"):
        # Nothing says where this server is reached from outside, so round audio is linked to the server itself:
        # the https default pointed a local test at a TLS port nobody listens on. Alexa needs https (a proxy's).
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
        settings = replace(settings, public_url=f"http://{host}:{args.port}")
        log.warning("round audio is linked at %s; Alexa fetches only https: pass --public-url", settings.public_url)
    run_server(settings, host=args.host, port=args.port)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from audio.prerender import ProgressBar, generic_texts, render_generic_cues
    from skill.content_files import load_content

    settings = _settings(args)
    texts = generic_texts(load_content().rounds.values())
    summary = render_generic_cues(settings, texts, progress=ProgressBar(sys.stderr))
    print(f"rendered into {settings.audio_cache_dir}: {summary.format()}")
    return 0


def _asr_settings(args: argparse.Namespace) -> Settings:
    settings = _settings(args)
    if getattr(args, "engine", None):
        settings = replace(settings, asr_engine=args.engine)
    if getattr(args, "asr_model", None):
        settings = replace(settings, asr_model=Path(args.asr_model))
    return settings


def cmd_recognize(args: argparse.Namespace) -> int:
    from audio.engines import make_recognizer
    from audio.recognize import format_results, recognize_files

    settings = _asr_settings(args)
    recognizer = make_recognizer(settings.asr_engine, model_path=settings.asr_model, offline=settings.offline)
    listen_for = getattr(recognizer, "listen_for", None)
    if args.listen_for and listen_for is not None:
        listen_for(args.listen_for)
    results = recognize_files([Path(f) for f in args.files], recognizer)
    for failed in (r for r in results if r.error is not None):
        print(f"heartline: {failed.error}", file=sys.stderr)
    if any(r.error is None for r in results) or args.json:
        print(format_results(results, args.json))
    return 2 if any(r.error is not None for r in results) else 0


def cmd_talk(args: argparse.Namespace) -> int:
    from audio.talk import run_talk_command

    names = tuple(args.names) if args.names else None
    if names is not None and names[0].casefold() == names[1].casefold():
        print(f"heartline: --names: two different first names, please (got {names[0]} twice)", file=sys.stderr)
        return 2

    return run_talk_command(
        _asr_settings(args),
        profile=args.profile,
        time_scale=args.time_scale,
        hear=[Path(f) for f in args.hear or ()],
        silent=args.silent,
        names=names,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="heartline", description="Guided conversations for two, by voice.")
    parser.add_argument("--version", action="version", version=f"heartline {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO (no personal data is logged)")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the skill by keyboard (or piped lines)")
    chat.add_argument("--db", help="SQLite file to keep households in (default: the data dir)")
    chat.add_argument("--profile", default="default", help="local household name (default: %(default)s)")
    chat.add_argument("--time-scale", type=time_scale, default=1.0, help="play timed rounds N times faster")
    chat.add_argument("--no-launch", action="store_true", help="don't open the skill first; one-shot lines")
    chat.set_defaults(func=cmd_chat)

    model = sub.add_parser("model", help="write the ASK CLI interaction model from the one source")
    model.add_argument("--out", help="where to write (default: deploy/alexa/.../en-US.json)")
    model.set_defaults(func=cmd_model)

    serve = sub.add_parser("serve", help="serve the Alexa endpoint (POST /alexa, GET /healthz)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=port_number, default=5000, help="port to listen on (default: %(default)s)")
    serve.add_argument("--db", help="SQLite file to keep households in")
    serve.add_argument("--no-verify", action="store_true", help="skip Alexa signature checks (local testing only)")
    serve.add_argument(
        "--public-url", type=public_url, help="https base URL Alexa fetches audio from (or HEARTLINE_PUBLIC_URL)"
    )
    serve.set_defaults(func=cmd_serve)

    render = sub.add_parser("render", help="pre-render every generic cue (gTTS online, espeak-ng offline)")
    render.add_argument("--offline", action="store_true", help="never try gTTS; render with espeak-ng")
    render.set_defaults(func=cmd_render)

    engines = "sphinx (offline, default), google, whisper, faster-whisper, vosk"
    talk = sub.add_parser("talk", help="talk to the skill with a microphone and speakers")
    talk.add_argument("--db", help="SQLite file to keep households in (default: the data dir)")
    talk.add_argument("--profile", default="default", help="local household name (default: %(default)s)")
    talk.add_argument("--time-scale", type=time_scale, default=1.0, help="play timed rounds N times faster")
    talk.add_argument("--engine", help=f"speech recognition engine: {engines}")
    talk.add_argument("--asr-model", help="model file or folder for whisper, faster-whisper or vosk")
    talk.add_argument("--offline", action="store_true", help="never use network speech services")
    talk.add_argument(
        "--hear",
        nargs="+",
        metavar="FILE",
        help="play these recordings (WAV, MP3, FLAC...) into the microphone path instead of a microphone",
    )
    talk.add_argument("--silent", action="store_true", help="print what the skill says, play nothing (no speakers)")
    talk.add_argument(
        "--names",
        type=first_name,
        nargs=2,
        metavar=("FIRST", "SECOND"),
        help="your two first names, stored before Heartline opens (by voice it hears only names it knows)",
    )
    talk.set_defaults(func=cmd_talk)

    recognize = sub.add_parser("recognize", help="recognise commands in recordings (WAV, MP3, FLAC...), as talk would")
    recognize.add_argument("files", nargs="+", metavar="FILE", help="recordings to hear (a pipe or /dev/stdin too)")
    recognize.add_argument("--json", action="store_true", help="one JSON list instead of lines")
    recognize.add_argument(
        "--listen-for",
        choices=["checkin"],
        help="hear the files as answers at that moment (checkin: a check-in score), as talk does then",
    )
    recognize.add_argument("--engine", help=f"speech recognition engine: {engines}")
    recognize.add_argument("--asr-model", help="model file or folder for whisper, faster-whisper or vosk")
    recognize.add_argument("--offline", action="store_true", help="never use network speech services")
    recognize.set_defaults(func=cmd_recognize)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        code: int = args.func(args)
    except HeartlineError as exc:
        print(f"heartline: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Ctrl-C while models load or a file decodes: the user stopped it, and a traceback says otherwise.
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a reader that stopped reading ("| head"): nothing more to say, and Python's own
        # flush at exit would raise again, so stdout is pointed at nothing first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())
