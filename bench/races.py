"""Races between workers over one household: lost races and apologies with and without turns across workers.

    python bench/races.py [--store redis|sqlite|postgres] [--runs 2] [--checkins 200] [--draws 200] [--clients 16]

Each run starts gunicorn (the deploy config, two sync workers) over a real store and sends one household
``--checkins`` whole check-ins (six requests each) and ``--draws`` dinner questions from ``--clients``
threads at once, as ``tests/scale/test_concurrency.py`` does. The two setups alternate run by run:

- threads only (the endpoint before ``HouseholdLocks`` had a lock file): the data dir is placed under a
  regular file, so the lock file cannot be opened and only each process's own threads take turns;
- turns across workers: the lock file in the data dir orders the workers too.

It prints, per setup and run, the requests, wall time, races lost (each one a whole request run again, read
from the workers' INFO log) and answers that gave up with the store apology after 12 lost races. First it
times taking and leaving one household's turn with no one else waiting, threads only against the lock file:
the cost every request pays.
Redis and PostgreSQL need redis-server and PostgreSQL's binaries, as the scale tests do.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intents.phrases import STORE_DOWN  # noqa: E402
from tests.scale.servers import PostgresServer, RedisServer  # noqa: E402
from tests.scale.traffic import Household, gunicorn  # noqa: E402


def one_run(
    store_url: str, turns: bool, checkins: int, draws: int, clients: int, seed: int
) -> tuple[int, float, int, int]:
    folder = Path(tempfile.mkdtemp(prefix="heartline-races-"))
    data_dir = folder / "data"
    if not turns:
        (folder / "file").write_text("not a folder")
        data_dir = folder / "file" / "data"
    if store_url == "sqlite":
        sqlite_dir = folder / "db"
        sqlite_dir.mkdir()
        url = f"sqlite:///{sqlite_dir / 'heartline.db'}"
    else:
        url = store_url
    server = gunicorn(url, data_dir)
    server.log = folder / "gunicorn.log"
    server.start()
    rng = random.Random(seed)
    user = f"amzn1.ask.account.RACES{rng.randrange(10**9)}"
    jobs = ["checkin"] * checkins + ["dinner"] * draws
    rng.shuffle(jobs)

    def run(job: str) -> list[str]:
        household = Household(server.base, user)
        if job == "checkin":
            household.checkin(tuple(rng.randint(1, 5) for _ in range(5)))
        else:
            household.dinner()
        return household.speeches

    try:
        began = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            said = [speech for speeches in pool.map(run, jobs) for speech in speeches]
        took = time.monotonic() - began
    finally:
        server.stop()
    lost = server.lost_races()
    shutil.rmtree(folder, ignore_errors=True)
    return len(said), took, lost, sum(STORE_DOWN in speech for speech in said)


def turn_cost(count: int = 100_000) -> tuple[float, float]:
    """Microseconds per uncontended ``held()``: threads only, and with the lock file."""
    from skill.household_locks import HouseholdLocks

    folder = Path(tempfile.mkdtemp(prefix="heartline-turns-"))
    costs = []
    for locks in (HouseholdLocks(), HouseholdLocks(folder / "households.lock")):
        keys = [f"amzn1.ask.account.T{n}" for n in range(64)]
        began = time.perf_counter()
        for n in range(count):
            with locks.held(keys[n % len(keys)]):
                pass
        costs.append((time.perf_counter() - began) / count * 1e6)
        locks.close()
    shutil.rmtree(folder, ignore_errors=True)
    return costs[0], costs[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("redis", "sqlite", "postgres"), default="redis")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--checkins", type=int, default=200)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    threads_only, across = turn_cost()
    print(f"one household's turn, uncontended: {threads_only:.2f} us threads only, {across:.2f} us with the lock file")
    store_server: RedisServer | PostgresServer | None = None
    url = "sqlite"
    if args.store == "redis":
        store_server = RedisServer()
        store_server.start()
        url = store_server.url
    elif args.store == "postgres":
        store_server = PostgresServer()
        store_server.start()
        url = store_server.url
    totals: dict[str, list[int]] = {"threads only": [0, 0, 0], "turns across workers": [0, 0, 0]}
    try:
        for run in range(args.runs):
            for setup in totals:
                turns = setup != "threads only"
                sent, took, lost, gave_up = one_run(url, turns, args.checkins, args.draws, args.clients, run)
                print(f"run {run + 1} {setup:22} {sent} requests in {took:.1f} s: {lost} races lost, {gave_up} gave up")
                totals[setup] = [a + b for a, b in zip(totals[setup], (sent, lost, gave_up), strict=True)]
    finally:
        if store_server is not None:
            store_server.close()
    before, after = totals["threads only"], totals["turns across workers"]
    print(f"\n{args.store}, gunicorn with 2 workers, {args.clients} clients, {args.runs} runs each:")
    for setup, (sent, lost, gave_up) in totals.items():
        print(f"  {setup:22} {lost / sent * 1000:6.1f} races lost per 1,000 requests, {gave_up} gave up")
    if before[1]:
        print(f"  races lost, turns / threads only: {after[1] / before[1]:.3f}")


if __name__ == "__main__":
    main()
