"""Probe 7: sentences a probe of 249 new ones found falling back or misread, each in the state it was said in: one-shot
Alexa requests, two requests in one breath, a correction in the middle, a story with the request at its end, Indian,
Scottish, Nigerian and Singapore English, parents with children, same-sex couples, testing the device, and strong
moments (tears, a partner walking out). Each row goes through the real skill (real envelopes, real SQLite)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.driver import Driver, shared_matcher

NAMED = ("we're Sam and Alex",)
ROUND = (*NAMED, "start a listening round")
STATES: dict[str, tuple[str, ...]] = {
    "open": (),
    "names": ("start a listening round",),
    "menu": NAMED,
    "oneshot": (*NAMED, "stop"),
    "offer": (*NAMED, "we keep fighting about chores"),
    "offer_day": (*NAMED, "I had an awful day at work"),
    "offer_learn": (*NAMED, "what is empathy"),
    "speak": ROUND,
    "respond": (*ROUND, "next"),
    "clarify": (*ROUND, "next", "next"),
    "switch": (*ROUND, "next", "next", "next"),
    "speak2": (*ROUND, "next", "next", "next", "next"),
    "after_round": (*ROUND, *(["next"] * 9)),
    "paused": (*ROUND, "pause"),
    "dinner": (*NAMED, "dinner question"),
    "dinner2": (*NAMED, "dinner question", "next"),
    "after_dinner": (*NAMED, "dinner question", "next", "we're done"),
    "checkin": (*NAMED, "check in"),
    "checkin3": (*NAMED, "check in", "4", "3"),
    "checkin_done": (*NAMED, "check in", "4", "3", "5", "2", "4"),
    "needs": (*NAMED, "needs round"),
    "support": (*NAMED, "support round"),
    "empathy": (*NAMED, "empathy round"),
}
"""How to reach each state by typing, from a fresh household. "oneshot" has said stop: the next sentence opens a new
session, as "Alexa, ask Heart Line to ..." does."""

MISS = "didn't catch"
KEEPS_PLAYING = "@keeps-playing"
"""A must-not: the exercise playing before the sentence is still the one playing after it."""
NOT_DINNER = "@not-dinner"
"""A must-not: no dinner questions start."""


@dataclass(frozen=True)
class Row:
    state: str
    said: str
    expect: str
    """An intent the sentence must be matched to (then the answer must not be a miss), or a phrase of the answer."""
    must_not: str = MISS
    """A phrase the answer must not hold, or KEEPS_PLAYING / NOT_DINNER."""


ROWS = (
    # One-shot Alexa requests, said into a fresh session.
    Row("oneshot", "ask heart line for a listening round with Alex going first", "Alex and Sam, let's begin."),
    Row("oneshot", "tell heart line Sam goes first tonight", "Sam and Alex, let's begin."),
    Row("oneshot", "open heart line and start a check-in", "Let's check in."),
    Row("oneshot", "ask heart line how we've been doing", "ProgressIntent"),
    Row("oneshot", "tell heart line I had a terrible day", "HardDayIntent"),
    # Names in other shapes: a story first, who they are to each other, a particle after them, a correction.
    Row("open", "we are Kwame and Ama, from Accra", "Lovely to meet you, Kwame and Ama."),
    Row("open", "myself Rohan and my wife is Anjali", "Lovely to meet you, Rohan and Anjali."),
    Row("open", "good evening, we're Mei Ling and Jun Jie", "Lovely to meet you, Mei Ling and Jun Jie."),
    Row("open", "hi, me and my daughter, I'm Karen and she's Zoe", "Lovely to meet you, Karen and Zoe."),
    Row("open", "we're two mums, Jo and Priya", "Lovely to meet you, Jo and Priya."),
    Row("open", "it's Marcus and his husband Andre", "Lovely to meet you, Marcus and Andre."),
    Row("open", "Kevin, and my other half is Bernadette", "Lovely to meet you, Kevin and Bernadette."),
    Row("open", "uh we're, no wait, it's Leah and Nathan", "Lovely to meet you, Leah and Nathan."),
    Row(
        "open",
        "we've been together twenty years and thought we'd try this, I'm Linda and he's Frank",
        "Lovely to meet you, Linda and Frank.",
    ),
    Row("open", "ok so I'm Nina and he's Omar lol", "Lovely to meet you, Nina and Omar.", "Omar Lol"),
    Row("names", "we're Callum and Fiona, aye", "Callum and Fiona, let's begin.", "Fiona Aye"),
    Row("names", "we're Ngozi and Chidi o", "Ngozi and Chidi, let's begin.", "Chidi O"),
    Row("names", "it's Ayo and Funmi, Funmi will start", "Funmi and Ayo, let's begin."),
    Row("names", "Siddharth and Meera, Meera first please", "Meera and Siddharth, let's begin."),
    Row("names", "my son and me, Tom and Josh", "Tom and Josh, let's begin."),
    Row("names", "I'm Hannah and he's Luke, he should go first", "Hannah and Luke, let's begin."),
    Row("names", "do you need surnames too", "WhyNamesIntent"),
    # Testing the device.
    Row("open", "are you spying on us", "PrivacyIntent"),
    Row("menu", "how do I know you're not recording", "PrivacyIntent"),
    Row("menu", "say something dirty", "OutOfScopeIntent"),
    Row("menu", "are you a man or a woman", "AboutSkillIntent"),
    Row("menu", "you're creepier than Siri", "ComplaintIntent"),
    Row("menu", "set a timer for ten minutes", "OutOfScopeIntent", "speaking turn will last"),
    # Who can do it.
    Row("menu", "does this work for gay couples", "AboutSkillIntent"),
    Row("menu", "my partner and I are both women, does that matter", "AboutSkillIntent"),
    Row("menu", "my daughter's twelve, is this ok for her", "AboutSkillIntent"),
    # Corrections, a story first, regional English at the menu.
    Row("menu", "dinner question, actually no, let's check in", "Let's check in."),
    Row("menu", "let's do, hmm, the support one, no the empathy one", "Naming the feeling."),
    Row(
        "menu",
        "we were talking about it at lunch and we'd like a question about our future please",
        "DinnerQuestionIntent",
    ),
    Row("menu", "please do the needful and give us a question", "Dinner questions it is."),
    Row("menu", "can give us one question or not", "Dinner questions it is."),
    Row("menu", "shall we do the check-in, aye", "Let's check in."),
    Row("menu", "start a dinner question and make it deep", "DeeperIntent"),
    Row("menu", "I want to do the round, the one with the needs", "Asking for what you need."),
    Row("menu", "let's do a round but make it quick, we've got ten minutes before the film", "shorter turns"),
    # Hard moments at the menu: care, never a dinner question.
    Row("menu", "she's crying and I don't know what to do", "Tears are welcome here.", NOT_DINNER),
    Row("menu", "she walked out", "Give each other some room"),
    Row("menu", "can you help us, we're fighting all the time", "I'm sorry it's been hard."),
    Row("menu", "we're not talking to each other right now", "I'm sorry it's been hard."),
    # An offered round.
    Row("offer", "yes, a listening round, no wait, a needs round", "Asking for what you need."),
    Row("offer", "I'd rather just talk about it ourselves", "AMAZON.NoIntent"),
    Row("offer", "she's already left the room", "Give each other some room"),
    Row("offer_day", "maybe just a question instead", "Dinner questions it is."),
    Row("offer_learn", "yes but only five minutes", "5 minutes"),
    # The speaker's part.
    Row("speak", "hold on, stop, pause it and tell me how long is left", "[stopped]", "Goodbye"),
    Row("speak", "he's crying, give us a minute", "[stopped]", "This part starts again"),
    Row("speak", "she just walked out", "Say 'heart line, pause' if you need a moment", KEEPS_PLAYING),
    Row("speak", "sorry, the kid just came in, pause", "[stopped]"),
    Row("speak", "can you give us a different topic, this one's a bit rubbish", "Here's a different topic."),
    Row("speak", "that's me said my piece", "tell Sam what you heard"),
    Row("speak", "ok done talking, what next", "tell Sam what you heard"),
    Row("speak", "finish already lah", "tell Sam what you heard"),
    Row("speak", "can I swap with him, I don't feel like going first", "Alex first, then."),
    Row("speak", "is there a time limit", "About 3 minutes left."),
    Row("speak", "she's not listening to me at all", "RoundStrainIntent", KEEPS_PLAYING),
    Row("speak", "he keeps checking his phone", "RoundStrainIntent", KEEPS_PLAYING),
    Row("speak", "my son won't say anything", "Start small", KEEPS_PLAYING),
    Row("speak", "can I start over, I got muddled", "Sam, the floor is yours"),
    Row("speak", "stop it, you're making me laugh", KEEPS_PLAYING, "Goodbye"),
    # Saying back, and the speaker's answer.
    Row("respond", "can I ask her a question first", "Then ask: is there more?", NOT_DINNER),
    Row("respond", "I wasn't really listening, sorry", "Say back the part you did catch"),
    Row("respond", "so basically I repeat it back", "ListenerHowIntent"),
    Row("respond", "done, pass it back", "did Alex get it?"),
    Row("clarify", "mostly, but he forgot the part about my mum", KEEPS_PLAYING, "asking for a number"),
    Row("switch", "right, my turn then", "Alex, the floor is yours"),
    Row("switch", "I don't want to go, can we stop here", "Nicely done, both of you."),
    Row("speak2", "I'm done too, that's enough", "tell Alex what you heard"),
    Row("speak2", "can we finish early, it's late", "Nicely done, both of you."),
    # After a round.
    Row("after_round", "the next one Alex starts", "Alex and Sam, let's begin."),
    Row("after_round", "let's do that again tomorrow", "Goodbye."),
    Row("after_round", "can we save this for next time", "AMAZON.NoIntent"),
    Row("paused", "carry on from where we were", "Sam, the floor is yours"),
    # At dinner.
    Row("dinner", "pause it and tell me how long is left", "[stopped]"),
    Row("dinner", "next one, and make it deeper", "DeeperIntent"),
    Row("dinner", "skip this, and can it be about travel", "Here's one about travel."),
    Row("dinner", "that's a rubbish question", "ChangeTopicIntent"),
    Row("dinner", "ok what's the next question", "[track Question 2]", "It's table talk."),
    Row("dinner", "we both answered, next", "[track Question 2]"),
    Row("dinner", "can you give more time for this one, it's a good one", "MoreTimeIntent"),
    Row("dinner", "we've finished eating, can we stop", "Would you like a short check-in"),
    Row("dinner", "that's a tough one, hold on", "Take your time.", "[stopped]"),
    Row("dinner", "how long is the pie going to take", "Take your time.", "minutes left"),
    Row("dinner2", "we liked the last one better", "[track Question 1]"),
    Row("after_dinner", "no check-in, just bye", "Goodbye.", "cancelled"),
    # A check-in.
    Row("checkin", "three, no, four", "Thanks. Next:"),
    Row("checkin", "not sure, maybe three", "Thanks. Next:"),
    Row("checkin", "can lah, three", "Thanks. Next:"),
    Row("checkin", "hmm, I'm going to say mostly true", "Thanks. Next:"),
    Row("checkin", "he says two but I think four", "Somewhere between 2 and 4"),
    Row("checkin", "he says three, I say four", "Somewhere between 3 and 4"),
    Row("checkin", "stop asking me questions", "DoneIntent"),
    Row("checkin3", "four, and next one please", "Thanks. Next:"),
    Row("checkin3", "we've had enough, can we stop", "DoneIntent"),
    Row("checkin_done", "can we see last week's", "ProgressIntent"),
    Row("checkin_done", "brilliant, thanks, night", "Goodbye."),
    Row("checkin_done", "what do we do with that", "It's the average of your five answers"),
    Row("respond", "I'm not doing this part", "did Alex get it?"),
    Row("after_round", "same as last time please", "Sam and Alex, let's begin."),
    # The other rounds.
    Row("needs", "can I say two needs", "PartHowIntent", KEEPS_PLAYING),
    Row("support", "I don't have any good news", "SupportRoundIntent", KEEPS_PLAYING),
    Row("support", "he's crying, is that okay", "Tears are welcome here.", KEEPS_PLAYING),
    Row("empathy", "I don't know what she's feeling", "ListenerHowIntent", KEEPS_PLAYING),
    Row("empathy", "can I guess more than one", "name the feeling you heard", KEEPS_PLAYING),
)


def check_row(row: Row, states: Mapping[str, tuple[str, ...]], db: Path) -> None:
    """Say ``row``'s sentence in its state, through the real skill, and check the answer against the row (probe 8's
    table is checked the same way)."""
    driver = Driver(db)
    try:
        if row.state != "oneshot":
            driver.launch()
        for said in states[row.state]:
            driver.say(said)
        before = (driver.stored() or {}).get("active")
        start = len(driver.out.lines)
        driver.say(row.said)
        answer = " || ".join(driver.out.lines[start:])
        after = (driver.stored() or {}).get("active")
        if row.expect == KEEPS_PLAYING:
            pass
        elif row.expect.endswith("Intent"):
            assert shared_matcher().match(row.said).intent == row.expect, answer
            assert MISS not in answer, answer
        else:
            assert row.expect in answer, answer
        if row.must_not == KEEPS_PLAYING or row.expect == KEEPS_PLAYING:
            assert before is not None and after is not None, answer
            assert after["exercise"] == before["exercise"], answer
        if row.must_not == NOT_DINNER:
            assert after is None or after["exercise"] != "dinner", answer
        elif row.must_not not in (KEEPS_PLAYING, NOT_DINNER):
            assert row.must_not not in answer, answer
    finally:
        driver.close()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.state}: {r.said}" for r in ROWS])
def test_probe_seven_sentences_reach_their_answer(row: Row, tmp_path: Path) -> None:
    check_row(row, STATES, tmp_path / "h.db")


def test_a_round_asked_for_with_its_turns_and_first_speaker_in_one_breath_has_both(driver: Driver) -> None:
    """ "A listening round with five minute turns and Alex first" started with Sam, at three minutes."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("a listening round with five minute turns and Alex first")
    active = driver.stored()["active"]
    assert (active["exercise"], active["first"], active["minutes"]) == ("listening", "Alex", 5)


def test_table_talk_in_pieces_is_still_table_talk() -> None:
    """A piece of a sentence is taken only when it is a request: a feeling, a bare yes or no, a laugh or a one-word
    first piece before a remark stays table talk."""
    for said in (
        "I'm going to cry, this cake is so good",
        "this cake is so good, I'm going to cry",
        "no, Josh, put it down",
        "huh, interesting",
        "you always say that",
        "and then he just walked out of the meeting",
        "I'm tired and she's hungry",
        "I went to the shop and we need milk",
        "the kids were screaming so we said no",
        "skip this topic, no wait, keep it",
    ):
        assert shared_matcher().match(said).intent == "AMAZON.FallbackIntent", said
