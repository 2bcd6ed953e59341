"""Things said beside the exercises, through a real skill on a real SQLite file: who is at the table, how long
it takes, how to make up, the volume, requests Heartline can't do, and sentences that say "not"."""

from __future__ import annotations

from pathlib import Path

from intents import phrases
from intents.asides import RELATION_SET
from intents.envelopes import EnvelopeFactory, new_session_id
from skill.decks import Depth
from skill.device import invoke_json
from tests.intents.test_round_flow import USER, Alexa
from tests.support.driver import Driver


def _couple_only(driver: Driver) -> set[str]:
    return {p.text for p in driver.content.dinner.prompts if p.fits == frozenset({"couple"})}


def test_friends_say_who_they_are_and_never_get_a_question_meant_for_a_couple(tmp_path: Path) -> None:
    driver = Driver(tmp_path / "h.db", audio=False)
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("actually we're just friends")
    assert answer.startswith(RELATION_SET["friends"]) and driver.stored()["relationship"] == "friends"
    couple_only = _couple_only(driver)
    assert couple_only, "the deck has questions only a couple should get"
    asked = [driver.say("give us a light dinner question")]
    asked += [driver.say("another one") for _ in range(25)]
    assert not [a for a in asked if any(q in a for q in couple_only)]
    driver.close()


def test_family_is_heard_from_how_they_say_it_and_not_taken_for_two_names(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    assert driver.say("we are mother and daughter").startswith(RELATION_SET["family"])
    assert driver.stored()["names"] == ["Sam", "Alex"], "'mother and daughter' are not first names"
    assert driver.stored()["relationship"] == "family"
    driver.say("i'm here with my girlfriend")
    assert driver.stored()["relationship"] == "couple"


def test_not_a_couple_asks_which_instead_of_guessing(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("we're sisters")
    answer = driver.say("no we're not a couple")
    assert answer == phrases.RELATION_ASK
    assert driver.stored()["relationship"] == "family", "asking changes nothing"


def test_who_they_are_said_at_the_welcome_keeps_the_question_for_their_names(driver: Driver) -> None:
    driver.launch()
    answer = driver.say("we're best friends")
    assert answer.startswith(RELATION_SET["friends"]) and answer.endswith(phrases.ASK_NAMES_REPROMPT)
    driver.say("we're Sam and Alex")
    assert driver.stored()["names"] == ["Sam", "Alex"] and driver.stored()["relationship"] == "friends"


def test_how_long_is_worked_out_from_the_couples_own_lengths(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("how long does this take")
    plan_seconds = 2 * 3 * 60 + 2 * (60 + 45) + 15 + 60 + 15  # two 3-minute turns, replies, switch, reflect, close
    assert f"about {-(-plan_seconds // 60)} minutes, with 3 minutes" in answer
    assert "4 minutes of table talk" in answer
    assert f"{len(driver.content.checkin)} short statements" in answer
    driver.say("make rounds 5 minutes")
    assert "with 5 minutes for each of you" in driver.say("how long is a round")


def test_how_long_during_a_round_is_the_time_left(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    answer = driver.say("how long will this take")
    assert "Sam has the floor" in answer and "left" in answer
    assert driver.stored()["active"] is not None


def test_how_to_apologize_is_answered_and_yes_starts_a_listening_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("how do i say sorry to him")
    assert driver.content.repair.offer in answer and "starts with I" in answer
    driver.say("yes")
    active = driver.stored()["active"]
    assert active is not None and active["exercise"] == "listening"


def test_volume_down_says_how_and_repeats_softly(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    said = driver.reply["response"]["outputSpeech"]["ssml"]
    driver.say("you're too loud")
    ssml = driver.reply["response"]["outputSpeech"]["ssml"]
    assert phrases.SOFTER in ssml and '<prosody volume="soft">' in ssml
    assert "Lovely to meet you" in said and "Lovely to meet you" in ssml
    driver.say("volume down")
    again = driver.reply["response"]["outputSpeech"]["ssml"]
    assert again.count("<prosody") == 1, "asking twice does not nest the markup"


def test_volume_with_nothing_said_yet_still_says_how_to_change_it(tmp_path: Path) -> None:
    echo = Alexa(tmp_path / "echo.db")
    for name, tip in (("SofterIntent", phrases.VOLUME_DOWN), ("LouderIntent", phrases.VOLUME_UP)):
        speech = echo.intent(name, new=True)["outputSpeech"]["ssml"]
        assert tip in speech and phrases.NOTHING_TO_REPEAT not in speech


def test_a_request_for_the_assistant_is_answered_plainly_and_the_round_plays_on(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("tell us a joke")
    assert answer.startswith(phrases.OUT_OF_SCOPE) and phrases.NOT_UNDERSTOOD not in answer
    assert phrases.OUT_OF_SCOPE_ALEXA not in answer, "a local front has no Alexa to turn to"
    driver.say("start a listening round")
    assert phrases.OUT_OF_SCOPE in driver.say("what time is it")
    assert driver.response["shouldEndSession"] is True and driver.stored()["active"] is not None


def test_on_an_echo_a_request_for_the_assistant_says_how_to_reach_alexa(tmp_path: Path) -> None:
    echo = Alexa(tmp_path / "echo.db")
    echo.factory = EnvelopeFactory(USER, application_id="amzn1.ask.skill.0000-echo")
    echo.send(echo.factory.launch(echo.session))
    speech = echo.intent("OutOfScopeIntent")["outputSpeech"]["ssml"]
    assert phrases.OUT_OF_SCOPE in speech and phrases.OUT_OF_SCOPE_ALEXA in speech


def test_a_relationship_alexa_could_not_resolve_asks_which(tmp_path: Path) -> None:
    echo = Alexa(tmp_path / "echo.db")
    echo.send(echo.factory.launch(echo.session))
    speech = echo.intent("RelationshipIntent", relation="bandmates")["outputSpeech"]["ssml"]
    assert phrases.RELATION_ASK in speech
    reply = invoke_json(echo.skill, echo.factory.intent("RelationshipIntent", {}, new_session_id(), True, {}, None))
    assert phrases.RELATION_ASK in reply["response"]["outputSpeech"]["ssml"]


def test_misses_in_a_row_take_turns_with_a_way_out_instead_of_one_line_again_and_again(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answers = [driver.say("purple monkey dishwasher") for _ in range(5)]
    assert phrases.NOT_UNDERSTOOD in answers[0]
    assert answers[1:] == [phrases.SIMPLE_CHOICE, phrases.STILL_LOST, phrases.SIMPLE_CHOICE, phrases.STILL_LOST]
    assert "Sam" in driver.say("what are our names"), "a command still works after the misses"


def test_an_nlu_that_hears_mother_and_daughter_as_two_names_still_sets_the_relationship(tmp_path: Path) -> None:
    """virtual-alexa resolves "we are mother and daughter" to SetNamesIntent with two "first names"."""
    echo = Alexa(tmp_path / "echo.db")
    echo.send(echo.factory.launch(echo.session))
    speech = echo.intent("SetNamesIntent", first_name="mother", second_name="daughter")["outputSpeech"]["ssml"]
    assert RELATION_SET["family"] in speech and "Mother" not in speech
    assert phrases.ASK_NAMES_REPROMPT in speech, "their names are still asked for"
    speech = echo.intent("SetNamesIntent", first_name="husband", second_name="wife")["outputSpeech"]["ssml"]
    assert RELATION_SET["couple"] in speech
    echo.intent("SetNamesIntent", first_name="Sam", second_name="Alex")
    stored = echo.store.load(USER)
    assert stored is not None and stored[0]["names"] == ["Sam", "Alex"] and stored[0]["relationship"] == "couple"


def test_a_time_they_name_is_met_with_what_fits_in_it(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    assert "A listening round fits: about 11 minutes with your 3-minute turns" in driver.say("we have 15 minutes")
    shorter = driver.say("we only have ten minutes")
    assert "2 minutes each takes about 9 minutes" in shorter and "a 2 minute listening round" in shorter
    driver.say("a 2 minute listening round")
    active = driver.stored()["active"]
    assert active is not None and active["minutes"] == 2, "the round it suggested starts as said"
    driver.say("stop")
    assert "at least 7 minutes" in driver.say("we have five minutes")


def test_feeling_awkward_is_met_with_reassurance_and_an_easy_first_question(tmp_path: Path) -> None:
    driver = Driver(tmp_path / "h.db", audio=False)
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("this feels kind of awkward")
    assert answer.startswith(phrases.AWKWARD) and phrases.AWKWARD_START in answer
    light = {p.text for p in driver.content.dinner.at_depth(Depth.LIGHT)}
    assert any(q in answer for q in light), "an easy question, not the menu"
    driver.close()


def test_feeling_awkward_in_a_check_in_keeps_the_statement(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("let's check in")
    answer = driver.say("i feel a bit silly doing this")
    assert answer.startswith(phrases.AWKWARD) and driver.content.checkin[0].text in answer


def test_asking_what_a_round_is_explains_it_and_a_yes_starts_that_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("what's a support round")
    support = driver.content.rounds["support"]
    assert support.about in answer and phrases.TRY_ONE in answer and "takes about" in answer
    assert driver.stored()["active"] is None, "a question about a round does not start it"
    driver.say("yes")
    active = driver.stored()["active"]
    assert active is not None and active["exercise"] == "support"
    driver.say("stop")
    assert driver.content.rounds["needs"].about in driver.say("how does a needs round work")
    assert driver.say("no").endswith(phrases.MENU) or driver.stored()["active"] is None
    assert phrases.ROUNDS_LIST in driver.say("what are the other rounds")


def test_a_complaint_is_taken_without_a_miss_and_a_round_plays_on(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("this is boring")
    assert answer.startswith(phrases.COMPLAINT) and phrases.COMPLAINT_OFFER in answer
    assert phrases.NOT_UNDERSTOOD not in answer
    driver.say("start a listening round")
    during = driver.say("heart line you're annoying")
    assert during.startswith(phrases.COMPLAINT) and phrases.round_goes_on("heart line") in during
    assert driver.stored()["active"] is not None, "stopping is the couple's word to say, not a guess"


def test_how_often_gets_a_rhythm_and_a_waiting_question_is_asked_again(driver: Driver) -> None:
    driver.launch()
    answer = driver.say("how often should we do this")
    assert answer.startswith(phrases.HOW_OFTEN) and phrases.ASK_NAMES_REPROMPT in answer, "the names are still asked"


def test_busy_parents_are_told_what_fits_in_ten_minutes(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    ten = driver.say("we only have ten minutes")
    answer = driver.say("we're busy parents")
    assert answer.startswith(phrases.BUSY) and "a 2 minute listening round" in answer and "a 2 minute" in ten
    assert phrases.NOT_UNDERSTOOD not in driver.say("we have kids and no time")
    driver.say("start a listening round")
    during = driver.say("heart line we don't have much time")
    assert during.startswith(phrases.BUSY) and phrases.round_goes_on("heart line") in during
    assert driver.stored()["active"] is not None, "the round they are in plays on"


def test_a_minute_said_without_a_number_is_one_minute(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    one = driver.say("we have one minute")
    assert "at least 7 minutes" in one
    assert driver.say("we only have a minute") == one
    assert "at least 7 minutes" in driver.say("we've got a couple of minutes")


def test_long_distance_is_answered_honestly_and_yes_starts_a_listening_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("we're in a long distance relationship")
    offer = driver.content.long_distance
    assert offer.message in answer and offer.offer in answer and "one table" in answer
    driver.say("yes")
    active = driver.stored()["active"]
    assert active is not None and active["exercise"] == "listening"
    during = driver.say("heart line can we do this over the phone")
    assert offer.message in during and phrases.round_goes_on("heart line") in during, (
        "no offer of the round already playing"
    )


def test_trusting_again_is_a_hard_time_and_rebuilding_trust_is_making_up(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    assert driver.content.hard_times.message in driver.say("how do i trust again")
    assert driver.content.repair.message in driver.say("how do we rebuild trust")
    assert driver.content.parts[0].meaning not in driver.out.last, "not the meaning of trust"
