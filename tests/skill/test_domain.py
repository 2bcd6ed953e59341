"""Selection, progress, state parsing and round plans: the domain on the shipped content."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from skill.content_files import load_content
from skill.decks import Depth
from skill.progress import record_checkin, start_session, summarize
from skill.rounds import Role, RoundSettings, build_round
from skill.selection import draw, draw_dinner, draw_themed
from skill.state import Household

CONTENT = load_content()


def test_draw_never_repeats_until_the_deck_is_used_up_then_cycles_without_an_immediate_repeat() -> None:
    household = Household()
    deck = CONTENT.dinner
    size = len([p for p in deck.at_depth(Depth.LIGHT) if "couple" in p.fits])
    seen: list[str] = []
    rng = random.Random(7)
    for _ in range(size):
        prompt, household = draw(deck, Depth.LIGHT, household, rng)
        seen.append(prompt.id)
    assert len(set(seen)) == size
    nxt, household = draw(deck, Depth.LIGHT, household, rng)
    assert nxt.id != seen[-1]
    assert household.used["dinner:light"] == (nxt.id,)


def test_draw_respects_the_relationship() -> None:
    household = Household(relationship="family")
    for _ in range(20):
        prompt, household = draw(CONTENT.dinner, Depth.MEDIUM, household)
        assert "family" in prompt.fits


def test_a_theme_gives_its_fresh_questions_at_the_depth_asked_then_lighter_never_deeper() -> None:
    deck = CONTENT.dinner
    on_theme = [p for p in deck.prompts if "travel" in p.themes and "couple" in p.fits]
    household = Household()
    asked = []
    rng = random.Random(3)
    while (found := draw_themed(deck, Depth.MEDIUM, "travel", household, rng)) is not None:
        prompt, household = found
        asked.append(prompt)
    assert sorted(p.id for p in asked) == sorted(p.id for p in on_theme if p.depth is not Depth.DEEP)
    depths = [p.depth for p in asked]
    medium = depths.count(Depth.MEDIUM)
    assert medium and depths[:medium] == [Depth.MEDIUM] * medium, "the asked depth first"
    assert depths[medium:] and set(depths[medium:]) == {Depth.LIGHT}, "then lighter, and never deeper unasked"
    deep = draw_themed(deck, Depth.DEEP, "travel", household, rng)
    assert deep is not None and deep[0].depth is Depth.DEEP, "a deeper one is there when asked for"


def test_a_theme_that_ran_out_never_starts_its_depth_over() -> None:
    deck = CONTENT.dinner
    household = Household()
    for _ in range(20):
        _prompt, household = draw(deck, Depth.LIGHT, household)
    food = [p for p in deck.prompts if "food" in p.themes]
    used = dict(household.used)
    for p in food:
        key = f"dinner:{p.depth.value}"
        used[key] = (*used.get(key, ()), p.id) if p.id not in used.get(key, ()) else used[key]
    household = Household(used=used)
    before = household.used["dinner:light"]
    prompt, after = draw_dinner(deck, Depth.LIGHT, household, "food")
    assert prompt.id not in {p.id for p in food} and after.dinner_theme == "", (
        "out of food questions: any other, theme dropped"
    )
    assert after.used["dinner:light"][: len(before)] == before, "what was asked before is still remembered"


def test_a_theme_keeps_to_the_relationship_and_is_kept_while_it_holds() -> None:
    household = Household(relationship="couple")
    for _ in range(4):
        prompt, household = draw_dinner(CONTENT.dinner, Depth.MEDIUM, household, "family")
        assert "family" in prompt.themes and "couple" in prompt.fits
        assert household.dinner_theme == "family"


def test_a_theme_asked_for_on_another_day_is_not_tonights() -> None:
    assert Household(dinner_theme="food", dinner_day="2026-01-01").theme_tonight("2026-01-02") == ""
    assert Household(dinner_theme="food", dinner_day="2026-01-02").theme_tonight("2026-01-02") == "food"


def test_every_theme_has_questions_for_every_relationship() -> None:
    deck = CONTENT.dinner
    for theme in deck.themes:
        for relationship in ("couple", "friends", "family"):
            fitting = [p for p in deck.prompts if theme in p.themes and relationship in p.fits]
            assert len(fitting) >= 3, (theme, relationship)


def test_progress_reports_last_average_and_trend() -> None:
    h = Household()
    assert summarize(h).trend is None and summarize(h).last is None
    h = record_checkin(h, (3, 3, 3, 3, 3), day="2026-11-01")
    h = record_checkin(h, (3, 3, 4, 3, 3), day="2026-11-08")
    assert summarize(h).trend == "steady"
    h = record_checkin(h, (5, 5, 5, 4, 5), day="2026-11-15")
    p = summarize(h)
    assert p.trend == "up" and p.last == pytest.approx(4.8) and p.checkins == 3
    h = record_checkin(h, (1, 2, 1, 2, 1), day="2026-11-22")
    assert summarize(h).trend == "down"


def test_check_in_scores_outside_one_to_five_are_refused() -> None:
    with pytest.raises(ValueError):
        record_checkin(Household(), (1, 2, 3, 4, 6), day="2026-11-22")


def test_sessions_are_counted_once_a_day_with_their_date() -> None:
    h = start_session(Household(), day="2026-11-27")
    assert (h.sessions, h.last_session) == (1, "2026-11-27")
    h = start_session(start_session(h, day="2026-11-27"), day="2026-11-27")
    assert h.sessions == 1, "a dinner's many 'Alexa, next' sessions are one evening"
    h = start_session(h, day="2026-11-28")
    assert (h.sessions, h.last_session) == (2, "2026-11-28")


def test_household_survives_a_round_trip_and_tolerates_garbage() -> None:
    h = record_checkin(Household(names=("Sam", "Alex"), round_minutes=5), (4, 4, 4, 4, 4), day="2026-11-27")
    assert Household.from_dict(h.to_dict()) == h
    broken = Household.from_dict(
        {
            "names": "Sam",
            "round_minutes": 999,
            "checkins": [{"scores": [9, "x"]}],
            "used": {"dinner:light": [1, "d-1"]},
            "active": {"exercise": 3},
        }
    )
    assert broken.names is None and broken.round_minutes == 3 and broken.checkins == ()
    assert broken.used == {"dinner:light": ("d-1",)}
    assert Household.from_dict(None) == Household()  # type: ignore[arg-type]


def test_listening_round_follows_the_speaker_listener_structure() -> None:
    plan = build_round(CONTENT.rounds["listening"], RoundSettings("Sam", "Alex", 4), "t-1", "a hope for the week")
    roles = [(p.role, p.who) for p in plan.phases]
    assert roles == [
        (Role.SPEAK, "Sam"),
        (Role.RESPOND, "Alex"),
        (Role.CLARIFY, "Sam"),
        (Role.SWITCH, "Alex"),
        (Role.SPEAK, "Alex"),
        (Role.RESPOND, "Sam"),
        (Role.CLARIFY, "Alex"),
        (Role.REFLECT, "both"),
        (Role.CLOSE, "both"),
    ]
    assert plan.phases[0].seconds == 240 and plan.phases[0].warnings[0].seconds_left == 30
    assert "Sam" in plan.phases[0].cue and "a hope for the week" in plan.phases[0].cue
    assert all(p.seconds < 90 for p in plan.phases if p.role is Role.RESPOND)


def test_round_lengths_outside_one_to_ten_are_refused() -> None:
    with pytest.raises(ValueError):
        RoundSettings("Sam", "Alex", 11)


def test_equal_phases_share_a_track_id_and_different_ones_do_not() -> None:
    a = build_round(CONTENT.rounds["support"], RoundSettings("Sam", "Alex", 2))
    b = build_round(CONTENT.rounds["support"], RoundSettings("Sam", "Alex", 2))
    c = build_round(CONTENT.rounds["support"], RoundSettings("Sam", "Alex", 3))
    assert [p.track_id() for p in a.phases] == [p.track_id() for p in b.phases]
    assert a.phases[0].track_id() != c.phases[0].track_id()


DOMAIN_MODULES = [
    "config",
    "decks",
    "errors",
    "progress",
    "rounds",
    "safety",
    "scheduler",
    "selection",
    "state",
    "store",
]
FORBIDDEN = ("flask", "ask_sdk", "ask_sdk_core", "ask_sdk_model", "audio", "intents", "gtts", "speech_recognition")


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_modules_import_no_framework(module: str) -> None:
    source = (Path(__file__).resolve().parents[2] / "skill" / f"{module}.py").read_text()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"skill/{module}.py imports {name}"
