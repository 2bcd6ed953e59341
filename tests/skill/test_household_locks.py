"""Households take turns across processes: a real second process holds a stripe of the lock file."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from skill.household_locks import HouseholdLocks

HOLDER = """
import sys, time
from pathlib import Path
from skill.household_locks import HouseholdLocks
locks = HouseholdLocks(Path(sys.argv[1]))
print(locks.stripe_of(sys.argv[2]), flush=True)
with locks.held(sys.argv[2]):
    print("held", flush=True)
    sys.stdin.readline()
"""
"""A worker of another process: holds one household's turn until told to let go on stdin."""

ROOT = Path(__file__).resolve().parents[2]


def hold_in_other_process(lock_file: Path, key: str) -> tuple[subprocess.Popen[str], int]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_file), key],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None
    stripe = int(holder.stdout.readline())
    assert holder.stdout.readline().strip() == "held"
    return holder, stripe


def enter_in_thread(locks: HouseholdLocks, key: str) -> tuple[threading.Thread, threading.Event]:
    entered = threading.Event()

    def enter() -> None:
        with locks.held(key):
            entered.set()

    thread = threading.Thread(target=enter, daemon=True)
    thread.start()
    return thread, entered


def test_a_household_held_by_another_process_waits_its_turn(tmp_path: Path) -> None:
    lock_file = tmp_path / "households.lock"
    holder, their_stripe = hold_in_other_process(lock_file, "amzn1.ask.account.A")
    locks = HouseholdLocks(lock_file)
    assert locks.across_processes
    assert locks.stripe_of("amzn1.ask.account.A") == their_stripe, "both processes must agree on the stripe"
    thread, entered = enter_in_thread(locks, "amzn1.ask.account.A")
    assert not entered.wait(0.5), "entered while another process held the household"
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert entered.wait(10), "never entered after the other process let go"
    thread.join(5)
    holder.wait(5)
    locks.close()


def test_another_household_does_not_wait(tmp_path: Path) -> None:
    lock_file = tmp_path / "households.lock"
    locks = HouseholdLocks(lock_file)
    other = next(
        f"amzn1.ask.account.B{n}"
        for n in range(1000)
        if locks.stripe_of(f"amzn1.ask.account.B{n}") != locks.stripe_of("amzn1.ask.account.A")
    )
    holder, _ = hold_in_other_process(lock_file, "amzn1.ask.account.A")
    thread, entered = enter_in_thread(locks, other)
    assert entered.wait(5), "a household on another stripe waited for an unrelated one"
    thread.join(5)
    holder.kill()
    holder.wait(5)
    locks.close()


def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path) -> None:
    """A worker killed mid-request (gunicorn's timeout, the OOM killer) must not block its household for ever."""
    lock_file = tmp_path / "households.lock"
    holder, _ = hold_in_other_process(lock_file, "amzn1.ask.account.A")
    holder.kill()
    holder.wait(5)
    locks = HouseholdLocks(lock_file)
    thread, entered = enter_in_thread(locks, "amzn1.ask.account.A")
    assert entered.wait(5)
    thread.join(5)  # closing the file while the thread still held its turn would fail its unlock
    locks.close()


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    locks = HouseholdLocks(tmp_path / "households.lock")
    inside = 0
    most = 0
    guard = threading.Lock()

    def request() -> None:
        nonlocal inside, most
        with locks.held("amzn1.ask.account.A"):
            with guard:
                inside += 1
                most = max(most, inside)
            time.sleep(0.005)
            with guard:
                inside -= 1

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most == 1
    locks.close()


def test_an_unwritable_data_dir_falls_back_to_threads_only(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    with caplog.at_level(logging.WARNING, logger="skill.household_locks"):
        locks = HouseholdLocks(blocker / "households.lock")
    assert not locks.across_processes
    assert "settle by retrying" in caplog.text
    with locks.held("amzn1.ask.account.A"):
        pass


CROSS_HOLDER = """
import sys, threading
from pathlib import Path
from skill.household_locks import HouseholdLocks
locks = HouseholdLocks(Path(sys.argv[1]))
with locks.held(sys.argv[2]):
    print("held", flush=True)

    def want() -> None:
        with locks.held(sys.argv[3]):
            print("got the other", flush=True)

    waiter = threading.Thread(target=want)
    waiter.start()
    sys.stdin.readline()
waiter.join()
"""
"""Another threaded server: holds one household, and a second thread of it waits for another."""


def test_threads_in_two_processes_waiting_on_each_other_take_turns_not_an_error(tmp_path: Path) -> None:
    """The kernel keeps record locks per process: our thread holding A while our other thread waits for B,
    held by a process whose own thread waits for A, looks to it like a deadlock. It answered EDEADLK and the
    request was a 500 (two `heartline serve` on one data dir, 26 of 2,400 requests); now it waits its turn."""
    lock_file = tmp_path / "households.lock"
    locks = HouseholdLocks(lock_file)
    first = "amzn1.ask.account.A"
    second = next(
        f"amzn1.ask.account.B{n}"
        for n in range(1000)
        if locks.stripe_of(f"amzn1.ask.account.B{n}") != locks.stripe_of(first)
    )
    let_go = threading.Event()

    def hold_first() -> None:
        with locks.held(first):
            let_go.wait(30)

    holder_thread = threading.Thread(target=hold_first, daemon=True)
    holder_thread.start()
    time.sleep(0.2)
    other = subprocess.Popen(
        [sys.executable, "-c", CROSS_HOLDER, str(lock_file), second, first],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert other.stdin is not None and other.stdout is not None
    assert other.stdout.readline().strip() == "held"
    time.sleep(0.3)  # the other process's second thread is now waiting for `first`, which we hold
    failures: list[BaseException] = []
    entered = threading.Event()

    def enter_second() -> None:
        try:
            with locks.held(second):
                entered.set()
        except BaseException as exc:  # the test's point: this used to be OSError(EDEADLK)
            failures.append(exc)

    ours = threading.Thread(target=enter_second, daemon=True)
    ours.start()
    time.sleep(0.3)
    assert not failures, f"waiting for a household raised {failures[0]!r}"
    assert not entered.is_set(), "entered a household another process held"
    let_go.set()  # our first request ends: the other process's waiting thread gets `first`
    assert other.stdout.readline().strip() == "got the other"
    other.stdin.write("\n")
    other.stdin.flush()  # and then it lets `second` go
    assert entered.wait(10), "never entered after the other process let go"
    assert not failures
    ours.join(5)
    holder_thread.join(5)
    other.wait(10)
    locks.close()
