"""Probe 8: the common case. What a first-time couple most plausibly says, in plain everyday words, at each point
of a conversation (241 sentences); these are the ones that fell back, were misread or answered off the point, each
in the state it was said in. Each row goes through the real skill (real envelopes, real SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intents.test_probe7_phrasings import KEEPS_PLAYING, MISS, NOT_DINNER, ROUND, STATES, Row, check_row
from tests.support.driver import Driver, shared_matcher

STATES_8: dict[str, tuple[str, ...]] = {**STATES, "reflect": (*ROUND, *(["next"] * 7))}
"""Probe 7's states, and the look back together at a round's end."""

NUMBER = "asking for a number"

ROWS = (
    # Opening: both names in one breath without "and" kept only the second.
    Row("open", "I'm Emma, this is Jack", "Lovely to meet you, Emma and Jack."),
    Row("open", "I'm Emma this is my husband Jack", "Lovely to meet you, Emma and Jack."),
    Row("open", "hi heart line, first time here", "AboutSkillIntent"),
    Row("open", "we're ready", "Tell me your two first names"),
    # The menu.
    Row("menu", "we're ready", "Dinner question, listening round, or check-in?"),
    Row("menu", "let's do the dinner one", "Dinner questions it is."),
    Row("menu", "what's the difference between them", "AMAZON.HelpIntent"),
    Row("menu", "the first one", "Dinner questions it is."),
    Row("menu", "the second one", "Sam and Alex, let's begin."),
    Row("menu", "the last one", "Let's check in."),
    Row("speak", "the first one", KEEPS_PLAYING, "Dinner questions it is."),
    # A listening round: questions about the parts had started dinner questions over it, or fell back.
    Row("speak", "can he ask me questions", "for now just listen", NOT_DINNER),
    Row("speak", "is he supposed to say anything", "ListenerHowIntent", KEEPS_PLAYING),
    Row("respond", "so I just repeat what she said", "tell Sam what you heard", KEEPS_PLAYING),
    Row("respond", "what was the instruction", "This part asks", KEEPS_PLAYING),
    Row("switch", "so now I talk", "You're trading places.", NOT_DINNER),
    Row("switch", "ok I'm ready to talk", "Your round goes on.", KEEPS_PLAYING),
    Row("clarify", "yeah pretty much", "Your round goes on.", NUMBER),
    Row("clarify", "sort of", "Your round goes on.", NUMBER),
    Row("clarify", "close enough", "Your round goes on.", KEEPS_PLAYING),
    Row("clarify", "that's exactly it", "Your round goes on.", MISS),
    Row("clarify", "he got most of it", "AMAZON.YesIntent", KEEPS_PLAYING),
    Row("clarify", "no he missed something", "AMAZON.NoIntent", KEEPS_PLAYING),
    Row("speak2", "that's it from me", "tell Alex what you heard"),
    Row("speak2", "can we finish", "Nicely done, both of you.", "This part starts again"),
    Row("reflect", "that was good", "I'm so glad it helped.", KEEPS_PLAYING),
    Row("empathy", "what should I say", "This part asks", KEEPS_PLAYING),
    # Dinner and a check-in.
    Row("dinner", "that's a good one", "Take your time.", KEEPS_PLAYING),
    Row("checkin", "agree", "Thanks. Next:"),
    Row("checkin", "disagree", "Thanks. Next:"),
    Row("checkin_done", "is that good", "It's the average of your five answers"),
    # Offers: "what's that?" is asked of the thing offered.
    Row("offer", "what's that", "A listening round gives each of you the floor"),
    Row("offer_day", "what's that", "In a support round"),
    Row("after_round", "what's that", "A check-in is five short statements"),
    Row("after_dinner", "what's that", "A check-in is five short statements"),
    Row("offer", "what does that mean", "A listening round gives each of you the floor"),
    Row("offer", "how does that work", "A listening round gives each of you the floor", "Heart Line guides two people"),
    Row("after_dinner", "how does it work", "A check-in is five short statements", "Heart Line guides two people"),
    Row("menu", "what's that", "ClarifyIntent"),
    Row("dinner", "what's that", "Take it whichever way", KEEPS_PLAYING),
    Row("offer_learn", "what would that involve", "A listening round gives each of you the floor"),
    Row("offer_day", "no, I just wanted to say it", "AMAZON.NoIntent"),
    Row("paused", "we're ready again", "Sam, the floor is yours"),
    Row("paused", "ok", "Sam, the floor is yours", "Dinner question, listening round, or check-in?"),
)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.state}: {r.said}" for r in ROWS])
def test_probe_eight_sentences_reach_their_answer(row: Row, tmp_path: Path) -> None:
    check_row(row, STATES_8, tmp_path / "h.db")


def test_plain_remarks_near_the_new_phrasings_stay_table_talk() -> None:
    """The new short phrasings are taken only whole: a waiter's "we're ready to order" or "that was a good one"
    about the food is not a yes or a thank-you."""
    for said in ("we're ready to order", "that was a good one", "oh that's a nice one", "that's a good one actually"):
        assert shared_matcher().match(said).intent == "AMAZON.FallbackIntent", said


def test_a_pick_after_the_list_of_rounds_is_not_read_as_the_menus(driver: Driver) -> None:
    """The list of rounds starts with the listening round, not dinner questions: "the first one" after it is not
    the menu's first choice."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("what are the other rounds")
    driver.say("the first one")
    active = (driver.stored() or {}).get("active")
    assert active is None or active["exercise"] != "dinner"
