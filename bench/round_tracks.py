"""Render a real listening round into phase tracks and measure where each sound landed.

    .venv/bin/python bench/round_tracks.py [--minutes 2] [--online]

Prints, per phase, every planned sound (cue speech, warning chime, warning line, closing chime) with its
planned and measured start and end (found blind from the decoded MP3's energy), the file's format and
length, the worst error, and the render summary (engines, time taken). Offline by default (espeak-ng).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audio.measure import measure  # noqa: E402
from audio.tracks import render_plan  # noqa: E402
from audio.tts import Speech  # noqa: E402
from skill.config import Settings  # noqa: E402
from skill.content_files import load_content  # noqa: E402
from skill.rounds import RoundSettings, build_round  # noqa: E402


def probe(path: Path) -> tuple[str, int, int, float]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,bit_rate", "-of", "json",
         str(path)], capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    stream = json.loads(out)["streams"][0]
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "24000", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return stream["codec_name"], int(stream["sample_rate"]), int(stream["bit_rate"]), len(decoded) / 2 / 24000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=int, default=2)
    parser.add_argument("--online", action="store_true", help="try gTTS first (fails without network)")
    args = parser.parse_args()
    content = load_content()
    topic = content.topics.at_depth(content.topics.prompts[0].depth)[0]
    plan = build_round(content.rounds["listening"], RoundSettings("Sam", "Alex", args.minutes), topic.id, topic.text)
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(Settings(), data_dir=Path(tmp), offline=not args.online)
        started = time.perf_counter()
        tracks = render_plan(plan, settings, Speech(settings))
        took = time.perf_counter() - started
        worst = 0.0
        engines: dict[str, int] = {}
        print(f"listening round, {args.minutes} min turns, {len(plan.phases)} phases, {plan.total_seconds} s planned")
        print(f"{'phase':<18}{'sound':<16}{'planned':>17}{'measured':>17}{'error':>8}")
        for phase, track in zip(plan.phases, tracks, strict=True):
            codec, rate, bitrate, length = probe(track.path)
            for engine in track.engines:
                engines[str(engine)] = engines.get(str(engine), 0) + 1
            label = f"{phase.index + 1} {phase.role.value} {phase.who}"
            print(
                f"{label:<18}{'file':<16}{phase.seconds:>16.3f}s{length:>16.3f}s"
                f"{abs(length - phase.seconds) * 1000:>6.0f}ms  {codec} {rate} Hz {bitrate // 1000} kbps"
            )
            for m in measure(track):
                worst = max(worst, m.worst_error)
                planned = f"{m.planned_start:7.2f}-{m.planned_end:7.2f}"
                measured = f"{m.start:7.2f}-{m.end:7.2f}"
                print(f"{'':<18}{m.planned.value:<16}{planned:>17}{measured:>17}{m.worst_error * 1000:>6.0f}ms")
        summary = ", ".join(f"{name} {count}" for name, count in sorted(engines.items()))
        print(f"worst boundary error: {worst * 1000:.0f} ms (goal: within 100 ms)")
        print(f"rendered {len(tracks)} tracks in {took:.1f} s; engines per track: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
