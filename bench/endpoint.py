"""Endpoint benchmark: the verified skill with SQLite under gunicorn, against a bare Flask route, same load.

    python bench/endpoint.py [--seconds 10] [--connections 8] [--workers 2] [--rounds 2] [--render]
    python bench/endpoint.py --profile [--requests 4000]     # CPU per request in-process, and a cProfile

Both targets run under gunicorn with the deploy config (sync workers, 127.0.0.1, a free port). The skill
target is the real one: the real skill over a fresh SQLite file, request verification ON with a test CA
trusted through HEARTLINE_TRUSTED_ROOTS, and the certificate chain served from a local file instead of S3
(set by the ``skill_app`` factory below). Requests are signed LaunchRequests and dinner-question intents
from 32 households (each connection owns its households, as a home's devices take turns), so every request
verifies a signature and reads the store and half of them write it. Rendering new audio tracks is left out
unless ``--render``: it is background work done once per distinct track. The load generator opens a new
connection per request (sync workers close them) and keeps ``--connections`` requests in flight; the two
targets alternate in rounds so that other load on the machine hits both alike. Besides req/s and latency
it prints gunicorn's CPU time per request, which a busy machine disturbs much less than throughput.
Goal (issue 3): skill >= 0.5x the bare route's req/s, skill p99 <= 15 ms at 8 connections.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import multiprocessing
import os
import pstats
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from flask import Flask, Response, request  # noqa: E402

SKILL_ID = "amzn1.ask.skill.00000000-bench-heartline"
HOUSEHOLDS = 32
CHAIN_ENV = "HEARTLINE_BENCH_CHAIN"
"""Path of the PEM chain the skill target serves for the S3 certificate URL (bench only)."""
RENDER_ENV = "HEARTLINE_BENCH_RENDER"
"""0: the skill target does not render audio tracks in the background (see ``skill_app``)."""
FIXED_RESPONSE = {
    "version": "1.0",
    "response": {
        "outputSpeech": {"type": "SSML", "ssml": "<speak>Here's a question for the table.</speak>"},
        "shouldEndSession": False,
    },
}


# --- the two targets (gunicorn factories) --------------------------------------------------------------


class FileChain:
    """A certificate fetcher that answers every (already validated) S3 URL with one local PEM file."""

    def __init__(self, path: Path) -> None:
        self.pem = path.read_bytes()

    def __call__(self, url: str, *, timeout: float, max_bytes: int) -> bytes:
        return self.pem


def skill_app() -> Flask:
    """gunicorn 'bench.endpoint:skill_app()': production's app, with the chain from a local file."""
    from skill.config import Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    fetcher = FileChain(Path(os.environ[CHAIN_ENV]))
    return build_skill_app(Settings.from_env(), fetcher, render=os.environ.get(RENDER_ENV, "1") != "0")


def build_skill_app(settings: Any, fetcher: FileChain, *, render: bool) -> Flask:
    """The real app over the real skill and store. Without ``render`` the skill gets a track catalog that
    hands out URLs without rendering: rendering a dinner question's audio is background work done once per
    distinct track (then cached for good), so a steady-state benchmark of the request path leaves it out."""
    from skill.web import create_app

    if render:
        return create_app(settings, fetcher=fetcher)
    from intents.builder import build_skill
    from intents.tracks import PhaseCatalog
    from skill.store import open_store

    store = open_store(settings)
    skill = build_skill(settings, store, tracks=PhaseCatalog(settings.public_url))
    return create_app(settings, skill, store=store, fetcher=fetcher)


def bare_app() -> Flask:
    """gunicorn 'bench.endpoint:bare_app()': a Flask route that reads the body and returns fixed JSON."""
    app = Flask(__name__)
    payload = json.dumps(FIXED_RESPONSE).encode()

    @app.post("/alexa")
    def alexa() -> Response:
        request.get_data()
        return Response(payload, mimetype="application/json")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response(b'{"status":"ok"}', mimetype="application/json")

    return app


# --- signed requests ----------------------------------------------------------------------------------


@dataclass
class Workload:
    """Signed request bodies and the files the skill target needs (test CA root, chain)."""

    directory: Path
    bodies: list[tuple[dict[str, str], bytes]]
    root: Path
    chain: Path


def make_workload(directory: Path, count: int = 400) -> Workload:
    from tests.skill.test_verify import alexa_envelope, body_of, make_authority

    now = datetime.now(UTC)
    authority = make_authority(now)
    root = directory / "root.pem"
    root.write_bytes(authority.root_pem())
    chain = directory / "chain.pem"
    chain.write_bytes(authority.chain_pem())
    bodies = []
    for number in range(count):
        if number % 2 == 0:
            envelope = alexa_envelope(application_id=SKILL_ID, timestamp=now)
        else:
            envelope = alexa_envelope(
                "IntentRequest",
                application_id=SKILL_ID,
                timestamp=now,
                intent={"name": "DinnerQuestionIntent", "slots": {}},
            )
        user = f"amzn1.ask.account.BENCH{number % HOUSEHOLDS:04d}"
        envelope["session"]["user"]["userId"] = user
        envelope["context"]["System"]["user"]["userId"] = user
        envelope["request"]["requestId"] = f"amzn1.echo-api.request.bench-{number}"
        body = body_of(envelope)
        bodies.append((authority.headers(body), body))
    return Workload(directory, bodies, root, chain)


def http_request(port: int, headers: dict[str, str], body: bytes) -> bytes:
    lines = [
        "POST /alexa HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# --- gunicorn -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """gunicorn with the deploy config (sync workers), on 127.0.0.1 and a free port, for one app."""

    def __init__(self, app: str, workers: int, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [str(gunicorn), "--config", str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"), app],
            cwd=PROJECT_ROOT,
            env={
                **os.environ,
                **env,
                "PYTHONPATH": str(PROJECT_ROOT),
                "HEARTLINE_BIND": f"127.0.0.1:{self.port}",
                "HEARTLINE_WORKERS": str(workers),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        """Until every worker has answered /healthz (a worker builds the skill when it starts)."""
        deadline = time.monotonic() + 60
        answered = 0
        while time.monotonic() < deadline and answered < 4:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    answered += sock.recv(64).startswith(b"HTTP/1.1 200")
            except OSError:
                time.sleep(0.1)
        if answered < 4:
            raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {self.log.name}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the master and its workers have used so far, from /proc."""
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return float("nan")
        pids.extend(int(pid) for pid in children)
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


# --- load ---------------------------------------------------------------------------------------------


def _connection_loop(port: int, requests: list[bytes], until: float, out: list[tuple[float, int]]) -> None:
    index = 0
    while True:
        started = time.perf_counter()
        if started >= until:
            return
        payload = requests[index % len(requests)]
        index += 1
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(payload)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        status = int(b"".join(chunks)[9:12] or b"0")
        out.append((time.perf_counter() - started, status))


def _load_process(port: int, connections: list[list[bytes]], seconds: float, queue: Any) -> None:
    until = time.perf_counter() + seconds
    results: list[list[tuple[float, int]]] = [[] for _ in connections]
    workers = [
        threading.Thread(target=_connection_loop, args=(port, requests, until, results[n]))
        for n, requests in enumerate(connections)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put([item for result in results for item in result])


@dataclass
class Figures:
    name: str
    seconds: float
    latencies: list[float]
    errors: int
    statuses: dict[int, int]
    """Non-200 answers by status."""
    server_cpu: float = float("nan")
    """CPU seconds gunicorn (master and workers) used meanwhile: robust to other load on the machine."""

    @classmethod
    def merge(cls, name: str, rounds: list[Figures]) -> Figures:
        statuses: Counter[int] = Counter()
        for figures in rounds:
            statuses.update(figures.statuses)
        return cls(
            name,
            sum(f.seconds for f in rounds),
            [latency for f in rounds for latency in f.latencies],
            sum(f.errors for f in rounds),
            dict(statuses),
            sum(f.server_cpu for f in rounds),
        )

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def cpu_per_request_us(self) -> float:
        count = len(self.latencies) + self.errors
        return self.server_cpu / count * 1e6 if count else float("nan")

    def line(self) -> str:
        return (
            f"{self.name:<32} {self.rate:8.0f} req/s   p50 {self.percentile(0.50):6.2f} ms   "
            f"p99 {self.percentile(0.99):6.2f} ms   mean {statistics.fmean(self.latencies) * 1000:6.2f} ms   "
            f"server CPU {self.cpu_per_request_us:5.0f} us/req   "
            f"non-200 {self.errors}{' ' + str(self.statuses) if self.statuses else ''}"
        )


def drive(name: str, port: int, requests: list[bytes], connections: int, seconds: float, processes: int) -> Figures:
    """Keep ``connections`` requests in flight for ``seconds``, from ``processes`` client processes.

    Request ``n`` belongs to household ``n % HOUSEHOLDS``; each connection sends only its own households'
    requests, one after another, as a household's devices do (so no two requests race for one household).
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    lanes = [[r for n, r in enumerate(requests) if n % HOUSEHOLDS % connections == c] for c in range(connections)]
    started = time.perf_counter()
    clients = [
        context.Process(target=_load_process, args=(port, lanes[p::processes], seconds, queue))
        for p in range(min(processes, connections))
    ]
    for client in clients:
        client.start()
    samples = [item for _ in clients for item in queue.get()]
    for client in clients:
        client.join()
    elapsed = time.perf_counter() - started
    latencies = [latency for latency, status in samples if status == 200]
    errors = Counter(status for _, status in samples if status != 200)
    return Figures(name, min(elapsed, seconds + 0.05), latencies, sum(errors.values()), dict(errors))


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="heartline-bench-") as tmp:
        directory = Path(tmp)
        workload = make_workload(directory)
        env = {
            "HEARTLINE_DATA_DIR": str(directory / "data"),
            "HEARTLINE_SKILL_ID": SKILL_ID,
            "HEARTLINE_VERIFY": "1",
            "HEARTLINE_OFFLINE": "1",
            "HEARTLINE_TRUSTED_ROOTS": str(workload.root),
            CHAIN_ENV: str(workload.chain),
            RENDER_ENV: "1" if args.render else "0",
        }
        print(
            f"endpoint benchmark: gunicorn {args.workers} sync workers on 127.0.0.1, {args.connections} connections, "
            f"{args.seconds:g} s per target in {args.rounds} alternating rounds after {args.warmup:g} s warm-up, "
            f"{os.cpu_count()} CPUs, track rendering {'on' if args.render else 'off (steady state)'}"
        )
        targets = {
            "bare Flask route (baseline)": "bench.endpoint:bare_app()",
            "skill: verified + SQLite": "bench.endpoint:skill_app()",
        }
        servers = {
            name: Gunicorn(app, args.workers, env, directory / f"{app.split(':')[1][:-2]}.log")
            for name, app in targets.items()
        }
        samples: dict[str, list[Figures]] = {name: [] for name in targets}
        try:
            payloads = {
                name: [http_request(server.port, h, b) for h, b in workload.bodies] for name, server in servers.items()
            }
            for name, server in servers.items():
                drive(name, server.port, payloads[name], args.connections, args.warmup, args.processes)
            # alternate the targets in rounds, so a burst of other load on the machine hits both alike
            for _ in range(args.rounds):
                for name, server in servers.items():
                    seconds = args.seconds / args.rounds
                    cpu_before = server.cpu_seconds()
                    figures = drive(name, server.port, payloads[name], args.connections, seconds, args.processes)
                    figures.server_cpu = server.cpu_seconds() - cpu_before
                    samples[name].append(figures)
        finally:
            for server in servers.values():
                server.stop()
        results = [Figures.merge(name, rounds) for name, rounds in samples.items()]
        for figures, server in zip(results, servers.values(), strict=True):
            print(figures.line(), flush=True)
            if figures.errors:
                log_text = server.log_path.read_text(errors="replace").splitlines()
                print("\n".join([line for line in log_text if "ERROR" in line or "WARNING" in line][:10]))
        bare, skill = results
        ratio = skill.rate / bare.rate
        print(f"ratio skill/bare: {ratio:.2f}x   (goal >= 0.50x; skill p99 goal <= 15 ms)")
        print(
            f"server CPU per request: skill {skill.cpu_per_request_us:.0f} us vs bare {bare.cpu_per_request_us:.0f} us"
            f" ({bare.cpu_per_request_us / skill.cpu_per_request_us:.2f}x: the ratio on a quiet, CPU-bound machine)"
        )
        verdict = ratio >= 0.5 and skill.percentile(0.99) <= 15 and skill.errors == 0
        print("goal met" if verdict else "goal NOT met")
        return 0 if verdict else 1


# --- profile ------------------------------------------------------------------------------------------


def _wsgi_caller(app: Any, workload: Workload) -> Any:
    """Calls ``app`` as a WSGI server would, with prebuilt environs: no HTTP, no test-client overhead."""
    from werkzeug.test import EnvironBuilder

    environs = [
        (EnvironBuilder(path="/alexa", method="POST", data=body, headers=headers).get_environ(), body)
        for headers, body in workload.bodies
    ]

    def call(n: int) -> str:
        template, body = environs[n % len(environs)]
        environ = {**template, "wsgi.input": io.BytesIO(body)}
        status: list[str] = []
        chunks = app(environ, lambda line, headers, exc_info=None: status.append(line))
        b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
        return status[0]

    return call


def profile(args: argparse.Namespace) -> int:
    """Where the time of one request goes, in-process: CPU time per request through the WSGI app (bare
    route and skill, same bodies), through the endpoint alone, then a cProfile of the endpoint."""
    from skill.config import Settings

    logging.basicConfig(level=logging.INFO, stream=io.StringIO())  # log lines cost what they cost, unseen
    with tempfile.TemporaryDirectory(prefix="heartline-profile-") as tmp:
        directory = Path(tmp)
        workload = make_workload(directory)
        settings = Settings(
            data_dir=directory / "data",
            skill_id=SKILL_ID,
            extra_trusted_roots=(workload.root,),
            offline=True,
        )
        app = build_skill_app(settings, FileChain(workload.chain), render=args.render)
        endpoint = app.extensions["heartline"]["endpoint"]
        skill_call, bare_call = _wsgi_caller(app, workload), _wsgi_caller(bare_app(), workload)
        for n in range(len(workload.bodies)):
            if not skill_call(n).startswith("200"):
                raise RuntimeError(f"warm-up request {n} was not answered 200")
        bodies = workload.bodies
        for label, call in (
            ("bare Flask route, WSGI", bare_call),
            ("skill, WSGI (route + endpoint)", skill_call),
            ("skill, endpoint.handle only", lambda n: endpoint.handle(*bodies[n % len(bodies)])),
        ):
            started = time.process_time()
            for n in range(args.requests):
                call(n)
            per = (time.process_time() - started) / args.requests * 1e6
            print(f"{label:<34} {per:7.0f} us CPU/request")
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(args.requests):
            endpoint.handle(*bodies[n % len(bodies)])
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per target (over all rounds)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured time per target first")
    parser.add_argument("--rounds", type=int, default=2, help="alternate the targets this many times")
    parser.add_argument("--connections", type=int, default=8, help="requests in flight")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per target")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--render", action="store_true", help="let the skill render new audio tracks meanwhile")
    parser.add_argument("--profile", action="store_true", help="profile one request path in-process instead")
    parser.add_argument("--requests", type=int, default=4000, help="requests to time and profile (--profile)")
    args = parser.parse_args(argv)
    random.seed(0)
    return profile(args) if args.profile else run(args)


if __name__ == "__main__":
    sys.exit(main())
