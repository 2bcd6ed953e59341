"""Things said over a playing round that are about it, not a wish to leave it (a probe of 250 new sentences,
2026-12-07): each had ended or restarted the round it came from. Real envelopes, a real skill, real SQLite."""

from __future__ import annotations

from tests.support.driver import Driver


def _round(driver: Driver, start: str, nexts: int = 0) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say(start)
    for _ in range(nexts):
        driver.say("next")


def test_a_theme_said_back_to_the_speaker_keeps_the_listening_round(driver: Driver) -> None:
    _round(driver, "start a listening round", nexts=1)
    speech = driver.say("um i think you said something about work")
    assert speech.startswith("Your round goes on. For dinner questions about work, say stop"), speech
    active = driver.stored()["active"]
    assert active["exercise"] == "listening" and active["phase"] == 1
    assert driver.device.playing


def test_a_depth_in_a_needs_round_keeps_it(driver: Driver) -> None:
    _round(driver, "start a needs round")
    speech = driver.say("is it okay to ask for something big")
    assert speech.startswith("Your round goes on."), speech
    assert driver.stored()["active"]["exercise"] == "needs"


def test_a_plain_dinner_request_over_a_round_still_switches(driver: Driver) -> None:
    _round(driver, "start a needs round")
    driver.say("give us a dinner question")
    assert driver.stored()["active"]["exercise"] == "dinner"


def test_asking_for_the_round_that_plays_keeps_its_time(driver: Driver) -> None:
    _round(driver, "start a support round", nexts=1)
    speech = driver.say("can i share something hard instead of a win")
    assert speech.startswith("You're in that round now, and it goes on."), speech
    assert driver.stored()["active"]["phase"] == 1, "not begun again from its introduction"
    driver.say("start over")
    assert driver.stored()["active"]["phase"] == 0


def test_done_with_this_part_moves_on_and_he_can_try_again_goes_back(driver: Driver) -> None:
    _round(driver, "start a listening round", nexts=2)
    assert driver.stored()["active"]["phase"] == 2
    driver.say("can he try again")
    assert driver.stored()["active"]["phase"] == 1, "back to the saying-back part"
    driver.say("okay we're done with this part")
    assert driver.stored()["active"]["phase"] == 2, "the next part, not the end of the round"
    assert driver.device.playing


def test_too_deep_for_tonight_at_dinner_is_a_lighter_question(driver: Driver) -> None:
    _round(driver, "give us a deep dinner question")
    driver.say("that's too deep for tonight")
    active = driver.stored()["active"]
    assert active is not None and active["exercise"] == "dinner", "the dinner goes on"
    asked = [p for p in driver.content.dinner.prompts if p.text == driver.last_cue()]
    assert asked and asked[0].depth.value == "medium"


def test_no_thanks_were_good_answers_the_offer_and_no_thats_enough_keeps_the_session(driver: Driver) -> None:
    _round(driver, "tell us a myth")
    speech = driver.say("no that's enough")
    assert "Goodbye" not in speech and "dinner question" in speech, speech
    driver.say("start a listening round")
    driver.say("end the round")
    speech = driver.say("no we're good thanks")
    assert "check-in" not in speech and "Goodbye" in speech, speech


def test_a_pronounced_name_is_the_name(driver: Driver) -> None:
    _round(driver, "what are our names")
    driver.say("my name is pronounced sahm not sam")
    assert driver.stored()["names"] == ["Sahm", "Alex"]


def test_repeat_in_a_check_in_says_the_statement_without_a_thanks(driver: Driver) -> None:
    _round(driver, "let's check in")
    driver.say("four")
    speech = driver.say("can you repeat the question")
    second = driver.content.checkin[1].text
    assert speech.startswith(second), speech
    assert "Thanks" not in speech


def test_done_and_finished_said_by_one_partner_pass_the_floor_and_a_question_about_it_ends_nothing(
    driver: Driver,
) -> None:
    """A fourth probe: "I'm all done", "we're finished with this part" and "are we finished" had each ended the
    whole round, taking the other partner's turn and the closing part away."""
    _round(driver, "start a listening round")
    driver.say("I'm all done")
    assert driver.stored()["active"]["phase"] == 1, "the one with the floor finished: the saying back follows"
    driver.say("okay we're finished with this part")
    assert driver.stored()["active"]["phase"] == 2
    driver.say("done")
    assert driver.stored()["active"]["phase"] == 3
    driver.say("are we finished?")
    active = driver.stored()["active"]
    assert active is not None and active["phase"] == 3 and driver.device.playing
