"""Soak: mixed traffic from 100 households against gunicorn for minutes, watching errors, latency and memory.

    python bench/soak.py [--minutes 10] [--households 100] [--rate 60] [--threads 8] [--store URL]

Starts gunicorn with deploy/gunicorn.conf.py (2 sync workers, 127.0.0.1, a free port) over a fresh SQLite
file (or ``--store``, e.g. a running Redis or PostgreSQL), with signature verification off (the endpoint
benchmark measures verification; this one measures staying power). Households talk as people do, one
conversation at a time each: launch, names, dinner questions (spoken, and as a hands-free plan on audio
devices), complete check-ins, progress, a listening round with its AudioPlayer events, help, stop. A token
bucket caps the total request rate and the run stops at the deadline, so the load is bounded both ways.

Prints: requests, errors (non-200, connection failures, or a spoken apology), p50/p99 latency for the
whole run and for its first and last tenth (the baseline each end is compared against), and the workers'
resident memory after warm-up, every 15 s, and at the end. Goal (issue 6): no errors, RSS growth under 10%.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

import requests  # noqa: E402

from intents.envelopes import EnvelopeFactory, new_session_id, slot_json  # noqa: E402
from intents.phrases import ERROR, STORE_DOWN  # noqa: E402

NAMES = ["Sam", "Alex", "Ana", "Bo", "Chris", "Dee", "Eli", "Fran", "Gus", "Hana", "Ivo", "Jo"]
RSS_SAMPLE_SECONDS = 15.0


def default_warmup(seconds: float) -> float:
    """A fifth of the run, 20 to 60 s: long enough that each worker has loaded its lazy parts (the audio
    renderer's threads start on the first plan a worker builds), so "start" memory is the steady base."""
    return max(20.0, min(60.0, seconds / 5))


# --- the server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(store_url: str, data_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "HEARTLINE_BIND": f"127.0.0.1:{port}",
        "HEARTLINE_WORKERS": str(workers),
        "HEARTLINE_STORE": store_url,
        "HEARTLINE_DATA_DIR": str(data_dir),
        "HEARTLINE_VERIFY": "0",
        "HEARTLINE_OFFLINE": "1",
        "HEARTLINE_LOG_LEVEL": "warning",
    }
    log = (data_dir / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"),
        ],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {data_dir / 'gunicorn.log'}")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not become healthy within 60 s")


def worker_rss_kib(master: int) -> dict[int, int]:
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    sizes: dict[int, int] = {}
    for pid in (int(p) for p in out.split()):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1])
        except OSError:
            continue
    return sizes


# --- the load ---------------------------------------------------------------------------------------


class TokenBucket:
    """At most ``rate`` requests a second across all threads, so the soak cannot turn into a flood."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next = time.monotonic()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            self.next = max(self.next + self.interval, now)
            delay = self.next - now
        if delay > 0:
            time.sleep(delay)


@dataclass
class Tally:
    latencies: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since start, seconds taken) for every answered request."""
    errors: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Stop(Exception):
    """The deadline passed mid-conversation."""


class Household:
    """One simulated household; a conversation at a time, like people at one Echo."""

    def __init__(self, index: int, client: Client) -> None:
        self.client = client
        self.audio = index % 2 == 0
        self.factory = EnvelopeFactory(f"amzn1.ask.account.SOAK{index:04d}", audio=self.audio)
        self.names = random.sample(NAMES, 2)
        self.lock = threading.Lock()

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        return self.client.send(envelope)

    def intent(self, session: str, new: bool, attrs: dict[str, Any], name: str, **slots: str) -> dict[str, Any]:
        payload = {k: slot_json(k, v) for k, v in slots.items()}
        return self.send(self.factory.intent(name, payload, session, new, attrs))

    # conversations ---------------------------------------------------------------------------------------

    def names_and_launch(self) -> None:
        session = new_session_id()
        reply = self.send(self.factory.launch(session))
        self.intent(
            session,
            False,
            reply.get("sessionAttributes") or {},
            "SetNamesIntent",
            first_name=self.names[0],
            second_name=self.names[1],
        )

    def dinner(self) -> None:
        reply = self.intent(new_session_id(), True, {}, "DinnerQuestionIntent")
        token = _play_token(reply)
        if token:
            self.send(self.factory.audio_event("AudioPlayer.PlaybackStarted", token, 0))
            self.send(self.factory.audio_event("AudioPlayer.PlaybackNearlyFinished", token, 1000))
            self.send(
                self.factory.intent(
                    "AMAZON.StopIntent",
                    {},
                    new_session_id(),
                    True,
                    {},
                    {"token": token, "offsetInMilliseconds": 2000, "playerActivity": "PLAYING"},
                )
            )

    def checkin(self) -> None:
        session = new_session_id()
        reply = self.intent(session, True, {}, "CheckInIntent")
        for _ in range(5):
            reply = self.intent(
                session, False, reply.get("sessionAttributes") or {}, "CheckInIntent", score=str(random.randint(1, 5))
            )

    def round(self) -> None:
        if not self.audio:
            self.intent(new_session_id(), True, {}, "AMAZON.HelpIntent")
            return
        reply = self.intent(new_session_id(), True, {}, "StartListeningRoundIntent", minutes="2")
        token = _play_token(reply)
        for _ in range(3):
            if not token:
                break
            self.send(self.factory.audio_event("AudioPlayer.PlaybackStarted", token, 0))
            nearly = self.send(self.factory.audio_event("AudioPlayer.PlaybackNearlyFinished", token, 100_000))
            self.send(self.factory.audio_event("AudioPlayer.PlaybackFinished", token, 120_000))
            token = _play_token(nearly)
        self.send(
            self.factory.intent(
                "AMAZON.PauseIntent",
                {},
                new_session_id(),
                True,
                {},
                {"token": token or "x", "offsetInMilliseconds": 5000, "playerActivity": "PLAYING"},
            )
        )

    def small_talk(self) -> None:
        session = new_session_id()
        name = random.choice(["ProgressIntent", "AMAZON.HelpIntent", "MythIntent", "StylesIntent"])
        reply = self.intent(session, True, {}, name)
        if reply.get("response", {}).get("shouldEndSession") is False:
            self.intent(session, False, reply.get("sessionAttributes") or {}, "AMAZON.StopIntent")

    def converse(self, rng: random.Random) -> str:
        kinds: list[tuple[str, Callable[[], None], int]] = [
            ("names", self.names_and_launch, 1),
            ("dinner", self.dinner, 4),
            ("checkin", self.checkin, 2),
            ("round", self.round, 2),
            ("small_talk", self.small_talk, 3),
        ]
        name, run, _ = rng.choices(kinds, weights=[w for *_, w in kinds])[0]
        run()
        return name


def _play_token(reply: dict[str, Any]) -> str:
    for directive in (reply.get("response") or {}).get("directives") or []:
        if directive.get("type") == "AudioPlayer.Play":
            return str(directive["audioItem"]["stream"]["token"])
    return ""


class Client:
    """One client thread's HTTP session, rate limit and tally."""

    def __init__(self, base: str, bucket: TokenBucket, tally: Tally, started: float, deadline: float) -> None:
        self.base = base
        self.bucket = bucket
        self.tally = tally
        self.started = started
        self.deadline = deadline
        self.http = requests.Session()

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        if time.monotonic() >= self.deadline:
            raise Stop
        self.bucket.wait()
        label = envelope["request"].get("intent", {}).get("name") or envelope["request"]["type"]
        began = time.monotonic()
        try:
            answer = self.http.post(f"{self.base}/alexa", json=envelope, timeout=10)
        except requests.RequestException as exc:
            with self.tally.lock:
                self.tally.errors[f"{label}: {type(exc).__name__}"] += 1
            return {}
        took = time.monotonic() - began
        body = answer.json() if answer.headers.get("content-type", "").startswith("application/json") else {}
        speech = str(((body.get("response") or {}).get("outputSpeech") or {}).get("ssml") or "")
        with self.tally.lock:
            self.tally.latencies.append((began - self.started, took))
            if answer.status_code != 200:
                self.tally.errors[f"{label}: HTTP {answer.status_code}"] += 1
            elif ERROR in speech or STORE_DOWN in speech:
                self.tally.errors[f"{label}: spoken apology"] += 1
        return body if answer.status_code == 200 else {}


def drive(base: str, households: int, threads: int, rate: float, seconds: float) -> Tally:
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    bucket = TokenBucket(rate)
    clients = [Client(base, bucket, tally, started, deadline) for _ in range(threads)]
    people = [Household(i, clients[0]) for i in range(households)]

    def loop(client: Client, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            household = rng.choice(people)
            if not household.lock.acquire(blocking=False):
                continue
            try:
                household.client = client
                kind = household.converse(rng)
                with tally.lock:
                    tally.kinds[kind] += 1
            except Stop:
                return
            finally:
                household.lock.release()

    workers = [threading.Thread(target=loop, args=(client, n), daemon=True) for n, client in enumerate(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 30)
    return tally


# --- report -----------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def describe(latencies: list[float]) -> str:
    return f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to soak (default 10)")
    parser.add_argument("--households", type=int, default=100)
    parser.add_argument("--rate", type=float, default=60.0, help="total requests per second, at most (default 60)")
    parser.add_argument("--threads", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--warmup", type=float, default=None, help="seconds of traffic before measuring")
    parser.add_argument("--store", default="", help="HEARTLINE_STORE URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.rate <= 0 or args.rate > 1000 or args.threads < 1 or args.threads > 64:
        parser.error("--minutes > 0, 0 < --rate <= 1000 and 1 <= --threads <= 64")

    with tempfile.TemporaryDirectory(prefix="heartline-soak-") as tmp:
        data_dir = Path(tmp)
        store_url = args.store or f"sqlite:///{data_dir / 'heartline.db'}"
        process, base = start_gunicorn(store_url, data_dir, args.workers)
        try:
            print(
                f"soak: {args.households} households, <= {args.rate:g} req/s over {args.threads} threads, "
                f"{args.minutes:g} min against gunicorn ({args.workers} sync workers) at {base}, "
                f"store {store_url.split(':')[0]}, verification off, warm-up before measuring"
            )
            warmup = args.warmup if args.warmup is not None else default_warmup(args.minutes * 60)
            drive(base, args.households, args.threads, args.rate, warmup)
            rss_start = worker_rss_kib(process.pid)
            samples: list[dict[int, int]] = []
            done = threading.Event()

            def sample() -> None:
                while not done.wait(RSS_SAMPLE_SECONDS):
                    samples.append(worker_rss_kib(process.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            began = time.monotonic()
            tally = drive(base, args.households, args.threads, args.rate, args.minutes * 60)
            elapsed = time.monotonic() - began
            done.set()
            rss_end = worker_rss_kib(process.pid)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)

    times = [took for _, took in tally.latencies]
    tenth = elapsed / 10
    first = [took for at, took in tally.latencies if at < tenth]
    last = [took for at, took in tally.latencies if at >= elapsed - tenth]
    errors = sum(tally.errors.values())
    print(
        f"requests {len(times) + errors} in {elapsed:.0f} s ({(len(times) + errors) / elapsed:.1f}/s), errors {errors}"
    )
    for what, count in tally.errors.most_common(10):
        print(f"  error {what}: {count}")
    print(f"conversations {dict(tally.kinds)}")
    print(f"latency all: {describe(times)}")
    print(f"latency first tenth (baseline): {describe(first)}; last tenth: {describe(last)}")
    for pid in sorted(rss_start):
        before, after = rss_start[pid], rss_end.get(pid)
        if after is None:
            print(f"worker {pid}: RSS {before / 1024:.1f} MiB at start, gone at the end (restarted?)")
            continue
        series = " ".join(f"{sizes[pid] / 1024:.0f}" for sizes in samples if pid in sizes)
        print(
            f"worker {pid}: RSS {before / 1024:.1f} MiB at start, {after / 1024:.1f} MiB at end "
            f"({(after - before) / before * 100:+.1f}%); every {RSS_SAMPLE_SECONDS:g} s: {series}"
        )
    growth = max(((rss_end.get(p, v) - v) / v * 100 for p, v in rss_start.items()), default=0.0)
    ok = errors == 0 and growth < 10 and set(rss_end) == set(rss_start)
    print(
        f"goal (no errors, RSS growth < 10%): {'met' if ok else 'NOT met'} "
        f"(median request {statistics.median(times) * 1000 if times else float('nan'):.1f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
