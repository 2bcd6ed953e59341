"""What couples ask in the middle of a check-in ("what's the scale again?", "do we answer together?", "how many
are left?"), the answers that are not one number ("three or four", "Sam says four and Alex says three"), and
"what does that mean?" about whatever was said last. Each of these got "I didn't catch that" (found by driving
``heartline chat`` in every state); through a real skill on a real SQLite file, each now gets an answer and the
check-in keeps its place: only whole scores, one a statement, are ever stored."""

from __future__ import annotations

from intents import phrases
from intents.checkin import NOT_ASKED, NOT_ASKED_UNHEARD
from tests.support.driver import Driver


def _checking_in(driver: Driver) -> list[str]:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("let's check in")
    return [statement.text for statement in driver.content.checkin]


def test_how_to_answer_is_explained_and_the_same_statement_waits(driver: Driver) -> None:
    statements = _checking_in(driver)
    for asked in (
        "what's the scale again",
        "do we answer together or separately",
        "do we both answer",
        "what if we pick different numbers",
        "which end is good",
    ):
        answer = driver.say(asked)
        assert answer.startswith(phrases.CHECKIN_HOW), asked
        assert answer.endswith(statements[0]), f"{asked!r} keeps the check-in on its first statement"
    assert statements[1] in driver.say("four")
    for _ in statements[1:]:
        driver.say("three")
    assert driver.stored()["checkins"][-1]["scores"] == [4, 3, 3, 3, 3], "the questions recorded nothing"


def test_two_numbers_for_one_statement_ask_for_one_and_the_same_number_twice_is_it(driver: Driver) -> None:
    statements = _checking_in(driver)
    for split, low, high in (
        ("three or four", 3, 4),
        ("somewhere between four and two", 2, 4),
        ("sam says four and alex says three", 3, 4),
        ("three and a half", 3, 4),
    ):
        answer = driver.say(split)
        assert answer.startswith(phrases.SPLIT_SCORE.format(low=low, high=high)), split
        assert answer.endswith(statements[0]), f"{split!r} is not an answer yet"
    assert statements[1] in driver.say("we both say five"), "both saying five is the answer five"
    assert statements[2] in driver.say("i'd say four and she'd say four")
    assert statements[3] in driver.say("five and a half"), "more than the scale holds is its top"
    for _ in statements[3:]:
        driver.say("two")
    assert driver.stored()["checkins"][-1]["scores"] == [5, 4, 5, 2, 2]


def test_a_split_answer_with_no_check_in_under_way_starts_nothing(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    assert driver.say("three or four").startswith(NOT_ASKED_UNHEARD)
    assert driver.say("four").startswith(NOT_ASKED.format(number=4)), "no check-in was started by it"
    assert driver.stored()["checkins"] == []


def test_how_many_are_left_in_a_check_in_says_which_statement_this_is(driver: Driver) -> None:
    statements = _checking_in(driver)
    driver.say("four")
    answer = driver.say("how many are left")
    assert answer == f"This is statement 2 of {len(statements)}: {statements[1]}"
    assert statements[2] in driver.say("three"), "the answer after it counts for statement two"


def test_what_does_that_mean_explains_a_statement_a_dinner_question_and_else_says_it_again(driver: Driver) -> None:
    statements = _checking_in(driver)
    answer = driver.say("what does that mean")
    assert answer == f"{phrases.CLARIFY_CHECKIN} Here it is again: {statements[0]}"
    driver.say("stop")

    driver.launch()
    driver.say("give us a dinner question")
    before = driver.stored()["active"]
    question = driver.content.dinner.get(driver.stored()["last_prompt"])
    assert question is not None
    answer = driver.say("can you rephrase that")
    assert answer.startswith(phrases.CLARIFY_DINNER) and question.text in answer
    after = driver.stored()["active"]
    assert after["exercise"] == "dinner" and after["phase"] == before["phase"], "the dinner plays on"
    assert driver.say("do we both answer").startswith(phrases.DINNER_RULES), "at dinner it is a dinner rule"
    driver.say("stop")

    driver.launch()
    welcome = driver.out.last
    assert driver.say("what do you mean") == f"{phrases.CLARIFY_AGAIN} {welcome}"


def test_going_back_in_a_check_in_forgets_the_last_answer_so_it_can_be_changed(driver: Driver) -> None:
    statements = _checking_in(driver)
    assert driver.say("go back") == f"{phrases.CHECKIN_FIRST} {statements[0]}"
    driver.say("two")
    driver.say("three")
    assert driver.say("wait i want to change our answer") == f"{phrases.CHECKIN_BACK} {statements[1]}"
    for _ in statements[1:]:
        driver.say("five")
    assert driver.stored()["checkins"][-1]["scores"] == [2, 5, 5, 5, 5], "the three was replaced, not kept"


def test_a_half_alexa_could_not_resolve_leaves_the_whole_number_said(driver: Driver) -> None:
    statements = _checking_in(driver)
    driver.intent("SplitScoreIntent", score=2, half="banana")
    assert statements[1] in driver.out.last, "an unresolved slot value is not a half"
    driver.intent("SplitScoreIntent", score=2, half="a half")
    assert driver.out.last.startswith(phrases.SPLIT_SCORE.format(low=2, high=3))


def test_the_middle_one_in_a_check_in_is_a_three_not_a_medium_dinner_question(driver: Driver) -> None:
    statements = _checking_in(driver)
    for said in ("the middle one", "somewhere in the middle"):
        driver.say(said)
    for _ in statements[2:]:
        driver.say("four")
    assert driver.stored()["checkins"][-1]["scores"] == [3, 3, 4, 4, 4]
    assert driver.stored()["active"] is None, "no dinner started in its place"


def test_a_check_in_asked_for_while_a_round_or_dinner_plays_waits_for_its_end(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    for said in ("let's check in", "can we do a check in at the end"):
        answer = driver.say(said)
        assert answer == f"{phrases.CHECKIN_AFTER_ROUND} {phrases.round_goes_on('heart line')}", said
        assert driver.content.checkin[0].text not in answer, "no statement read over the round"
    assert driver.say("four").startswith(NOT_ASKED.format(number=4))
    assert "haven't done a check-in yet" in driver.say("how are we doing")
    assert driver.stored()["active"] == before and driver.device.playing
    driver.say("stop")
    driver.say("give us a dinner question")
    assert driver.say("let's check in") == f"{phrases.CHECKIN_AFTER_DINNER} {phrases.dinner_goes_on('heart line')}"
    assert driver.stored()["active"]["exercise"] == "dinner"


def test_a_check_in_can_be_put_off_and_its_statement_asked_for_again(driver: Driver) -> None:
    statements = _checking_in(driver)
    driver.say("four")
    assert statements[1] in driver.say("what was the statement")
    driver.say("can we stop and do this another time")
    assert driver.stored()["checkins"] == [], "nothing recorded from a check-in put off"
    assert phrases.CHECKIN_NUMBER not in driver.say("three"), "the check-in is over, no statement waits"


def test_a_word_of_care_in_a_check_in_keeps_it_and_its_answers(driver: Driver) -> None:
    """ "We keep fighting" or "I had a hard day" between two scores got its word of care and a round's offer, and
    the offer's question replaced the check-in: the answers given were lost."""
    statements = _checking_in(driver)
    driver.say("four")
    for said, care in (("we keep fighting", driver.content.hard_times), ("i had a hard day", driver.content.hard_day)):
        answer = driver.say(said)
        assert answer.startswith(care.message[:40]) and answer.endswith(statements[1]), said
        assert care.offer not in answer, said
    for _ in statements[1:]:
        driver.say("three")
    assert driver.stored()["checkins"][-1]["scores"] == [4, 3, 3, 3, 3]
