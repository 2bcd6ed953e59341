"""No lost updates: many requests for one household at once, served by several processes over one store."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from intents.phrases import STORE_DOWN
from skill.config import Settings
from skill.content_files import load_content
from skill.decks import Depth
from skill.store import open_store
from tests.scale.servers import PostgresServer, RedisServer
from tests.scale.traffic import Household, Server, gunicorn, heartline_serve, light_dinner_ids_by_text, prompt_id_in

CHECKINS = 200
DRAWS = 200
CLIENT_THREADS = 16

pytestmark = [pytest.mark.server, pytest.mark.slow]


def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        return server.url.replace("/0", "/1")
    if backend == "postgres":
        pg: PostgresServer = request.getfixturevalue("postgres_server")
        return pg.url
    return f"sqlite:///{tmp_path / 'heartline.db'}"


SETUPS: dict[str, Callable[[str, Path], list[Server]]] = {
    "gunicorn-sqlite": lambda url, d: [gunicorn(url, d)],
    "two-serve-processes-sqlite": lambda url, d: [heartline_serve(url, d, "a"), heartline_serve(url, d, "b")],
    "gunicorn-redis": lambda url, d: [gunicorn(url, d)],
    "gunicorn-postgres": lambda url, d: [gunicorn(url, d)],
}


@pytest.fixture(params=list(SETUPS))
def servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[list[Server], str]]:
    setup: str = request.param
    url = store_url(setup.rsplit("-", 1)[1], request, tmp_path)
    started = [server.start() for server in SETUPS[setup](url, tmp_path)]
    yield started, url
    for server in started:
        server.stop()


def test_concurrent_checkins_and_draws_for_one_household_all_land(
    servers: tuple[list[Server], str], capsys: pytest.CaptureFixture[str]
) -> None:
    running, url = servers
    user = f"amzn1.ask.account.CONCURRENT{random.randrange(10**9)}"
    rng = random.Random(6)
    jobs = ["checkin"] * CHECKINS + ["dinner"] * DRAWS
    rng.shuffle(jobs)

    def run(index_job: tuple[int, str]) -> tuple[str, str, list[int], list[str]]:
        index, job = index_job
        household = Household(running[index % len(running)].base, user)
        if job == "checkin":
            speech = household.checkin(tuple(rng.randint(1, 5) for _ in range(5)))
        else:
            speech = household.dinner()
        return job, speech, household.statuses, household.speeches

    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        results = list(pool.map(run, enumerate(jobs)))

    statuses = Counter(status for _, _, got, _ in results for status in got)
    assert statuses == Counter({200: CHECKINS * 6 + DRAWS}), statuses
    gave_up = [speech for _, _, _, said in results for speech in said if STORE_DOWN in speech]
    said = [line for server in running for line in server.complaints()][-20:]
    assert not gave_up, f"{len(gave_up)} requests gave up on their race; the servers said:\n" + "\n".join(said)
    lost = sum(server.lost_races() for server in running)
    assert lost == 0, f"{lost} requests lost a race: the workers of one host should take turns, not race"
    unscored = [speech for job, speech, _, _ in results if job == "checkin" and "Today you scored" not in speech]
    assert not unscored, f"{len(unscored)} check-ins ended without a score, e.g.: {unscored[:3]}"

    store = open_store(Settings(store_url=url))
    found = store.load(user)
    store.close()
    assert found is not None
    stored, version = found
    assert len(stored["checkins"]) == CHECKINS

    by_text = light_dinner_ids_by_text()
    drawn = Counter(prompt_id_in(speech, by_text) for job, speech, _, _ in results if job == "dinner")
    deck = [p.id for p in load_content().dinner.at_depth(Depth.LIGHT) if "couple" in p.fits]
    full_cycles, rest = divmod(DRAWS, len(deck))
    # every cycle through the deck hands each question out once: so each was given full_cycles or one more
    assert sum(drawn.values()) == DRAWS and set(drawn.values()) <= {full_cycles, full_cycles + 1}, drawn
    assert sum(1 for n in drawn.values() if n == full_cycles + 1) == rest
    used = stored["used"]["dinner:light"]
    assert len(used) == rest and len(set(used)) == rest, "the open cycle repeats no question"
    with capsys.disabled():
        print(
            f"\n{len(running)} server(s) on {url.split(':')[0]}: {sum(statuses.values())} requests all 200, "
            f"{len(stored['checkins'])}/{CHECKINS} check-ins stored, {DRAWS} draws over {len(deck)} questions "
            f"({full_cycles} full cycles + {rest}, no repeat within a cycle), final version {version}"
        )
