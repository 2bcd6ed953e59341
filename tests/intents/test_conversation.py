"""Whole conversations through real envelopes, a real skill and a real SQLite file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from intents import phrases
from intents.context import esc
from intents.tracks import PhaseCatalog
from skill.decks import Depth
from skill.rounds import Phase, RoundPlan
from skill.safety import is_distress
from tests.intents.test_round_flow import Alexa
from tests.support.driver import Driver, shared_matcher


def dinner_texts(driver: Driver) -> dict[str, str]:
    return {p.text: p.id for p in driver.content.dinner.prompts}


def asked_question(driver: Driver, speech: str) -> str:
    found = [pid for text, pid in dinner_texts(driver).items() if text in speech]
    assert len(found) == 1, f"expected exactly one dinner question in {speech!r}"
    return found[0]


def test_launch_for_a_new_household_reminds_phones_away_and_asks_for_names(driver: Driver) -> None:
    speech = driver.launch()
    assert "phones" in speech.lower()
    assert "names" in speech.lower()
    assert driver.response["reprompt"]["outputSpeech"]["ssml"]
    assert driver.response["shouldEndSession"] is False


def test_launch_greets_by_name_and_offers_choices(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("stop")
    speech = driver.launch()
    assert "Sam and Alex" in speech
    assert "phones" in speech.lower()
    assert "dinner question" in speech and "listening round" in speech and "check-in" in speech


def test_whole_dinner_session_gives_five_different_questions_then_goes_deeper(driver: Driver) -> None:
    driver.launch()
    intro = driver.say("give us a dinner question")
    assert "minutes to talk" in intro and "stop" in intro
    asked = [asked_question(driver, driver.last_cue())]
    for _ in range(4):
        driver.say("next question")
        asked.append(asked_question(driver, driver.last_cue()))
    assert len(set(asked)) == 5
    light = {p.id for p in driver.content.dinner.at_depth(Depth.LIGHT)}
    assert set(asked) <= light
    driver.say("go deeper")
    deeper = asked_question(driver, driver.last_cue())
    assert deeper in {p.id for p in driver.content.dinner.at_depth(Depth.MEDIUM)}
    driver.say("stop")
    assert not driver.device.playing
    assert driver.stored()["active"] is None


def test_a_dinner_plays_questions_with_table_talk_until_stopped(driver: Driver) -> None:
    driver.launch()
    driver.say("set the dinner time to 2 minutes")
    driver.say("a dinner question please")
    driver.device.time_scale = 2000.0
    timeline = driver.device.timeline
    assert timeline is not None and timeline.phase.seconds == 120
    driver.play_out(limit=1.0)
    talks = [phase for phase in driver.out.phases if phase.role.value == "talk"]
    assert len(talks) >= 2, "the next question follows the chime by itself"
    assert len({phase.cue for phase in talks}) == len(talks)
    driver.say("stop")
    assert not driver.device.playing


def test_dinner_on_a_device_without_audio_asks_one_question_at_a_time(tmp_path: Path) -> None:
    d = Driver(tmp_path / "h.db", audio=False)
    d.launch()
    first = asked_question(d, d.say("give us a dinner question"))
    second = asked_question(d, d.say("another one"))
    assert first != second
    assert d.response["shouldEndSession"] is True
    d.close()


def test_dinner_questions_do_not_repeat_across_sessions(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    asked: list[str] = []
    for _ in range(3):
        d = Driver(db)
        d.launch()
        d.say("a dinner question please")
        asked.append(asked_question(d, d.last_cue()))
        for _ in range(9):
            d.say("another one")
            asked.append(asked_question(d, d.last_cue()))
        d.say("stop")
        d.close()
    assert len(asked) == 30
    assert len(set(asked)) == 30


def test_names_checkins_and_progress_carry_across_two_sessions_on_one_db(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    first = Driver(db)
    first.launch()
    first.say("our names are maya and jordan")
    first.say("let's check in")
    for answer in ["four", "3", "five", "4", "4"]:
        first.say(answer)
    assert "4 out of five" in first.out.last
    first.say("stop")
    first.close()

    second = Driver(db)
    assert "Maya and Jordan" in second.launch()
    progress = second.say("how are we doing")
    assert "one check-in" in progress and "average is 4" in progress
    second.say("check in")
    for answer in ["5", "5", "5", "5", "5"]:
        second.say(answer)
    assert "up from before" in second.out.last
    progress = second.say("show our progress")
    assert "2 check-ins" in progress and "trending up" in progress
    assert "first day" in progress, "two sessions on one day are one day, not two"
    stored = second.stored()
    assert stored is not None and [c["scores"] for c in stored["checkins"]] == [[4, 3, 5, 4, 4], [5, 5, 5, 5, 5]]
    second.close()


SAFETY_SENTENCES = [
    "he hits me when he drinks",
    "I'm scared of my partner",
    "I don't feel safe at home",
    "I want to kill myself",
    "sometimes I want to die",
    "she threatened to hurt me",
    "I think about hurting myself",
]


@pytest.mark.parametrize("sentence", SAFETY_SENTENCES)
def test_distress_sentences_stop_everything_and_give_hotlines(driver: Driver, sentence: str) -> None:
    driver.launch()
    driver.say("we are sam and alex")
    speech = driver.say(sentence)
    digits = speech.replace("-", "")
    assert "988" in digits and "18007997233" in digits and "911" in digits
    assert "not therapy" in speech.lower()
    assert driver.response["shouldEndSession"] is True


def test_every_shipped_safety_phrase_reaches_the_safety_answer(driver: Driver) -> None:
    driver.launch()
    for phrase in driver.content.safety.phrases:
        speech = driver.say(phrase)
        assert "988" in speech.replace("-", ""), phrase


def test_a_harm_done_to_me_by_a_person_stops_a_round_and_one_by_a_sore_back_does_not(driver: Driver) -> None:
    driver.launch()
    driver.say("we are sam and alex")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    for table_talk in ("ugh my back is hurting me from sitting all day", "my boss forced me to stay late again"):
        assert "988" not in driver.say(table_talk).replace("-", ""), table_talk
        assert driver.stored()["active"] == before and driver.device.playing, table_talk
    rule = driver.content.safety.done_to_me
    for person in rule.people:
        for act in rule.acts:
            assert is_distress(f"{person} {act} me", driver.content.safety), (person, act)
    assert "988" in driver.say("my husband keeps hurting me").replace("-", "")
    assert not driver.device.playing and driver.stored()["active"] is None


def test_a_harm_done_by_one_of_the_household_by_name_stops_a_round(driver: Driver) -> None:
    """ "Dev has been pushing me around" names the person doing it: no pronoun list holds Dev, and no sample
    can hold the words around it, so the household's own names count as people once they are known."""
    driver.launch()
    said = "dev has been pushing me around"
    assert "988" not in driver.say(said).replace("-", ""), "no names known yet: nothing marks Dev as a person"
    driver.say("we're priya and dev")
    driver.say("start a listening round")
    assert driver.device.playing
    assert "988" in driver.say(said).replace("-", "")
    assert not driver.device.playing and driver.stored()["active"] is None
    assert not is_distress("dev beats me at chess every time", driver.content.safety, ("Priya", "Dev"))
    assert not is_distress("priya pushed me to apply for the job", driver.content.safety, ("Priya", "Dev"))


@pytest.mark.parametrize(
    "sentence", ["Mark hit me", "jess has been hitting me", "dana threatened to kill me", "i cut myself again"]
)
def test_a_person_named_in_a_disclosure_reaches_the_safety_intent_through_the_model(
    driver: Driver, sentence: str
) -> None:
    """What Alexa hears as SafetyIntent (typed-only samples with a first-name slot) stops everything here too."""
    assert shared_matcher().match(sentence).intent == "SafetyIntent"
    driver.launch()
    driver.say("we are sam and alex")
    assert "988" in driver.say(sentence).replace("-", ""), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "she threatens to take the kids if I leave",
        "sometimes I think about ending it all",
        "everyone would be better off if I was gone",
        "he said he'd kill himself if I leave",
        "I'm not allowed to have friends",
        "he checks my phone every night",
        "I'm terrified of my husband",
    ],
)
def test_the_third_probes_disclosures_reach_the_safety_intent_through_the_model(sentence: str) -> None:
    """On Alexa the words never reach the safety check unless they sit in a slot: SafetyIntent's typed-only
    samples are the way there, so the probe's plainest sentences of each kind must match one exactly."""
    found = shared_matcher().match(sentence)
    assert (found.intent, found.exact) == ("SafetyIntent", True)


def test_safety_stops_a_round_that_is_playing(driver: Driver) -> None:
    driver.launch()
    driver.say("we are sam and alex")
    driver.say("start a listening round")
    assert driver.device.playing
    driver.say("he hit me last night")
    assert not driver.device.playing
    assert driver.stored()["active"] is None


def test_safety_phrase_inside_a_name_slot_is_caught(driver: Driver) -> None:
    driver.launch()
    driver.intent("SetNamesIntent", first_name="sam", second_name="he hits me")
    assert "988" in driver.out.last.replace("-", "")


def test_delete_my_data_asks_first_then_removes_everything(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("a dinner question")
    assert driver.stored() is not None
    driver.launch()
    assert "delete everything" in driver.say("delete my data").lower()
    assert "gone" in driver.say("yes")
    assert driver.stored() is None
    assert "names" in driver.launch().lower()


def test_delete_my_data_answered_no_keeps_everything(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("forget everything about us")
    assert "kept" in driver.say("no")
    assert driver.stored()["names"] == ["Sam", "Alex"]


def test_ninety_nine_minute_round_gets_a_correction_and_a_reprompt(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    speech = driver.say("start a listening round for 99 minutes")
    assert "one to ten minutes" in speech
    assert driver.response["shouldEndSession"] is False and driver.response["reprompt"]
    assert not driver.device.playing
    driver.say("five")
    assert driver.device.playing
    assert driver.out.phases[0].seconds == 300


def test_check_in_score_out_of_range_is_corrected_and_asked_again(driver: Driver) -> None:
    driver.launch()
    driver.say("let's check in")
    first_statement = driver.content.checkin[0].text
    speech = driver.say("12")
    assert "one" in speech and "five" in speech and first_statement in speech
    assert driver.response["reprompt"]
    driver.say("3")
    assert driver.content.checkin[1].text in driver.out.last


def test_no_names_heard_gets_a_reprompt(driver: Driver) -> None:
    driver.launch()
    driver.intent("SetNamesIntent")
    assert "both" in driver.out.last.lower() or "names" in driver.out.last.lower()
    assert driver.response["reprompt"]
    driver.intent("SetNamesIntent", first_name="Sam")
    assert "Nice to meet you, Sam. And who else is at the table?" in driver.out.last
    assert driver.response["reprompt"]
    assert (driver.stored() or {}).get("names") is None
    driver.intent("SetNamesIntent", first_name="Alex")
    assert "Lovely to meet you, Sam and Alex" in driver.out.last
    assert (driver.stored() or {})["names"] == ["Sam", "Alex"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Jean-Luc", "Alex"), ("Mary Ann", "Sam"), ("D'Andre", "Sam"), ("Anne-Marie", "José María")],
)
def test_two_part_first_names_are_taken(driver: Driver, first: str, second: str) -> None:
    """A hyphen, space or apostrophe inside a name was refused ("I didn't catch your names") however often it
    was said: the name pattern allowed them in its docstring but not in its second character class."""
    driver.launch()
    driver.intent("SetNamesIntent", first_name=first, second_name=second)
    assert f"Lovely to meet you, {first} and {second}" in driver.out.last
    assert (driver.stored() or {})["names"] == [first, second]


def test_a_two_part_name_can_replace_a_name_and_be_typed(driver: Driver) -> None:
    driver.launch()
    assert "Mary Ann and Jean Luc" in driver.say("we're Mary Ann and Jean-Luc")
    driver.intent("RenameIntent", new_name="jean-luc", old_name="Jean Luc")
    assert "Mary Ann and Jean-Luc it is" in driver.out.last
    assert (driver.stored() or {})["names"] == ["Mary Ann", "Jean-Luc"]


@pytest.mark.parametrize("spoken", ["Sam2", "-Sam", "Sam-", "Jean--Luc", "Sam & Bo", "x" * 31])
def test_names_that_are_not_letters_joined_once_are_asked_for_again(driver: Driver, spoken: str) -> None:
    driver.launch()
    driver.intent("SetNamesIntent", first_name=spoken, second_name="Alex")
    assert driver.out.last.startswith("I didn't catch your names")
    assert (driver.stored() or {}).get("names") is None


def test_hold_on_before_the_names_waits_and_keeps_the_question(driver: Driver) -> None:
    driver.launch()
    assert driver.say("hang on, give me a second") == phrases.TAKE_YOUR_TIME
    assert "names" in driver.response["reprompt"]["outputSpeech"]["ssml"]
    assert driver.response["shouldEndSession"] is False
    assert "Sam and Alex" in driver.say("we're Sam and Alex")


def test_hold_on_in_a_check_in_waits_on_the_same_statement(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    first = driver.content.checkin[0].text
    assert first in driver.say("let's do a check-in")
    assert driver.say("wait a moment") == phrases.TAKE_YOUR_TIME
    assert first in driver.response["reprompt"]["outputSpeech"]["ssml"]
    assert driver.content.checkin[1].text in driver.say("four"), "the answer counts for the statement it waited on"


ASIDES_IN_A_CHECK_IN = {
    "names again": ("SetNamesIntent", {"first_name": "Sam", "second_name": "Alex"}),
    "new names": ("SetNamesIntent", {"first_name": "Sam", "second_name": "Jordan"}),
    "a rename": ("RenameIntent", {"new_name": "Jordan", "old_name": "Alex"}),
    "a round length": ("SettingsIntent", {"minutes": "4"}),
    "a dinner length": ("SettingsIntent", {"minutes": "3", "setting": "dinner"}),
    "a myth": ("MythIntent", {}),
    "resume": ("AMAZON.ResumeIntent", {}),
}


@pytest.mark.parametrize("aside", list(ASIDES_IN_A_CHECK_IN))
def test_names_a_length_a_myth_or_resume_in_a_check_in_keep_it_and_ask_its_statement_again(
    driver: Driver, aside: str
) -> None:
    """These answered and cleared what was waiting, so the next score got "I wasn't asking for a number" and the
    answers given were lost; a relationship, a greeting or "hold on" kept the check-in. Now they do too."""
    driver.launch()
    driver.say("we're Sam and Alex")
    statements = [s.text for s in driver.content.checkin]
    driver.say("let's check in")
    driver.say("4")
    assert statements[2] in driver.say("3")
    intent, slots = ASIDES_IN_A_CHECK_IN[aside]
    driver.intent(intent, **slots)
    assert statements[2] in driver.out.last, "the statement waiting is asked again"
    assert statements[2] in driver.response["reprompt"]["outputSpeech"]["ssml"]
    assert "Nothing is playing" not in driver.out.last and "wasn't asking" not in driver.out.last
    assert statements[3] in driver.say("5")
    driver.say("2")
    assert "Today you scored 3 out of five" in driver.say("1")
    assert driver.stored()["checkins"][-1]["scores"] == [4, 3, 5, 2, 1]


def test_a_name_or_length_given_as_an_aside_is_still_taken(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("let's check in")
    driver.intent("RenameIntent", new_name="Jordan", old_name="Alex")
    driver.intent("SettingsIntent", minutes="4")
    assert "Each speaking turn will last 4 minutes" in driver.out.last
    assert (driver.stored()["names"], driver.stored()["round_minutes"]) == (["Sam", "Jordan"], 4)


def test_help_in_a_check_in_says_how_to_answer_and_leave_then_the_same_statement(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    first = driver.content.checkin[0].text
    driver.say("let's do a check-in")
    help_text = driver.say("help")
    assert "one to five" in help_text and "say stop" in help_text and help_text.endswith(first)
    assert first in driver.response["reprompt"]["outputSpeech"]["ssml"]
    assert driver.content.checkin[1].text in driver.say("three")


def test_are_you_recording_us_is_answered_plainly_and_the_names_question_stands(driver: Driver) -> None:
    driver.launch()
    answer = driver.say("are you recording us")
    assert "no recording" in answer and "delete my data" in answer
    assert answer.endswith(phrases.ASK_NAMES_REPROMPT), "the question that was waiting is asked again"
    assert "Sam and Alex" in driver.say("we're Sam and Alex")


def test_privacy_asked_during_a_round_lets_it_play(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    assert "no recording" in driver.say("is this private")
    assert driver.response["shouldEndSession"] is True
    assert driver.stored()["active"] is not None


def test_what_is_an_i_statement_is_explained_and_yes_starts_a_needs_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("what is an i statement")
    assert driver.content.i_statements.offer in answer and "I feel" in answer
    driver.say("yes")
    assert driver.stored()["active"]["exercise"] == "needs"


def test_how_to_name_a_feeling_is_explained_and_yes_starts_a_needs_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("how do i name a feeling")
    assert "lonely" in answer and "the body" in answer and driver.content.naming_feelings.offer in answer
    driver.say("yes please")
    assert driver.stored()["active"]["exercise"] == "needs"


def test_not_knowing_what_one_feels_in_a_check_in_gets_help_and_the_same_statement(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("let's check in")
    driver.say("four")
    answer = driver.say("i can't put it into words")
    assert "the body" in answer and driver.content.checkin[1].text in answer
    assert driver.content.naming_feelings.offer not in answer, "the check-in goes on; no round is offered over it"


def test_i_dont_know_at_the_welcome_starts_an_easy_dinner_question(driver: Driver) -> None:
    driver.launch()
    answer = driver.say("i don't know")
    assert answer.startswith(phrases.UNSURE_EASY_START) and phrases.NOT_UNDERSTOOD not in answer
    stored = driver.stored()
    assert stored["dinner_depth"] == "light"


def test_i_dont_know_to_a_check_in_statement_nudges_and_asks_the_same_statement(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("let's check in")
    first = driver.content.checkin[0].text
    answer = driver.say("no idea")
    assert answer.startswith(phrases.UNSURE_CHECKIN) and first in answer
    assert driver.content.checkin[1].text in driver.say("three"), "the nudge recorded nothing"


def test_not_sure_to_a_yes_no_question_asks_it_again_without_an_apology(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("delete our data")
    question = driver.response["reprompt"]["outputSpeech"]["ssml"]
    answer = driver.say("i'm not sure")
    assert answer.startswith(phrases.UNSURE) and phrases.NOT_UNDERSTOOD not in answer
    assert driver.response["reprompt"]["outputSpeech"]["ssml"] == question
    assert driver.stored()["names"] == ["Sam", "Alex"], "unsure is not a yes"


def test_i_dont_know_with_a_round_paused_keeps_the_round_and_says_how_to_resume(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    driver.say("pause")
    answer = driver.say("i don't know")
    assert answer.startswith(phrases.UNSURE) and phrases.PAUSED_CHOICE in answer
    active = driver.stored()["active"]
    assert active is not None and active["exercise"] == "listening" and active["paused"]


def test_i_love_you_is_turned_toward_the_partner_and_a_round_plays_on(driver: Driver) -> None:
    driver.launch()
    answer = driver.say("i love you")
    assert answer.startswith(phrases.AFFECTION) and answer.endswith(phrases.ASK_NAMES_REPROMPT)
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    assert phrases.AFFECTION in driver.say("you're the best")
    assert driver.response["shouldEndSession"] is True
    assert driver.stored()["active"] is not None


def test_a_common_question_is_picked_from_the_list_by_its_place(driver: Driver) -> None:
    driver.launch()
    faqs = driver.content.faqs
    driver.say("what questions can you answer")
    assert faqs[1].question in driver.say("the second one")
    driver.say("common questions")
    assert faqs[-1].question in driver.say("let's hear the last one")
    driver.say("common questions")
    driver.intent("ChooseIntent", choice="ninth")  # as Alexa sends a place its slot type does not list
    assert f"{len(faqs)} questions" in driver.out.last, "a place past the list asks again"
    assert faqs[0].question in driver.say("the first")
    driver.say("common questions")
    assert faqs[2].question in driver.say("number three please")


def test_a_pick_with_no_list_read_out_is_a_miss(driver: Driver) -> None:
    """After a myth, which ends on a yes-or-no question. (It was said just after the names, whose answer ends on
    the menu's three choices: since probe 8 a pick from those starts it.)"""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("tell us a myth")
    assert phrases.NOT_UNDERSTOOD in driver.say("the second one")


def test_settings_out_of_range_is_corrected(driver: Driver) -> None:
    driver.launch()
    assert "one to ten" in driver.say("make the rounds 0 minutes")
    driver.say("4")
    assert driver.stored()["round_minutes"] == 4


def test_a_length_said_per_question_or_per_turn_sets_that_setting(driver: Driver) -> None:
    driver.launch()
    assert "5 minutes of table talk" in driver.say("five minutes per dinner question")
    assert "2 minutes" in driver.say("two minutes for each turn")
    assert (driver.stored()["dinner_minutes"], driver.stored()["round_minutes"]) == (5, 2)


def test_repeat_says_the_last_thing_again(driver: Driver) -> None:
    driver.launch()
    driver.say("give us a dinner question")
    question = driver.last_cue()
    driver.launch()
    driver.say("what is emotional intimacy")
    about = driver.out.last
    assert driver.say("say that again") == about
    assert question


def test_two_misunderstandings_in_a_row_offer_a_simpler_choice(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    first = driver.say("the weather is lovely tonight")
    assert "didn't catch" in first
    second = driver.say("pass me the potatoes")
    assert "keep it simple" in second.lower()
    assert driver.response["reprompt"]


def test_every_open_response_has_a_reprompt(driver: Driver) -> None:
    driver.launch()
    for line in [
        "help",
        "we're sam and alex",
        "tell me a myth",
        "yes",
        "what about communication styles",
        "what are the parts of intimacy",
        "check in",
        "2",
        "cancel",
        "how do I know if we are close",
        "change the settings",
        "3",
        "blah blah",
        "progress",
        "home",
    ]:
        driver.say(line)
        response = driver.response
        if response.get("shouldEndSession") is False:
            assert response.get("reprompt"), line


def test_a_handler_crash_is_spoken_and_logged_with_the_request_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenCatalog(PhaseCatalog):
        def prepare(self, plan: RoundPlan) -> None:
            raise RuntimeError("renderer exploded")

        def url_for(self, phase: Phase) -> str:
            raise RuntimeError("renderer exploded")

    d = Driver(tmp_path / "h.db")
    d.skill = d.device.skill = __import__("intents.builder", fromlist=["build_skill"]).build_skill(
        d.settings, store=d.store, tracks=BrokenCatalog(d.settings.public_url), content=d.content
    )
    d.launch()
    d.say("we're sam and alex")
    stored_before = d.stored()
    with caplog.at_level(logging.ERROR):
        speech = d.say("start a listening round")
    assert "something went wrong" in speech.lower()
    # the type and the frame that failed, not the message (a message can quote what a partner said)
    assert any(
        "amzn1.echo-api.request." in r.getMessage()
        and "builtins.RuntimeError (message not logged)" in r.getMessage()
        and ", in prepare" in r.getMessage()
        for r in caplog.records
    )
    assert not any("renderer exploded" in r.getMessage() for r in caplog.records)
    assert d.stored() == stored_before
    d.close()


def test_myths_do_not_repeat_until_all_were_heard(driver: Driver) -> None:
    driver.launch()
    heard = []
    driver.say("tell me a myth")
    for _ in range(len(driver.content.myths)):
        heard.append(next(m.id for m in driver.content.myths if m.myth in driver.out.last))
        driver.say("yes")
    assert len(set(heard)) == len(driver.content.myths)


def test_asking_if_intimacy_is_just_sex_tells_that_myth_and_another_is_a_new_one(driver: Driver) -> None:
    driver.launch()
    physical = next(m for m in driver.content.myths if m.id == "myth-only-physical")
    for asked in ("is intimacy just sex", "what's the difference between sex and intimacy"):
        answer = driver.say(asked)
        assert physical.myth in answer and physical.truth in answer
    assert physical.myth not in driver.say("another one"), "asked once, it counts as heard"


def test_faq_topic_answers_and_unknown_topic_lists_questions(driver: Driver) -> None:
    driver.launch()
    driver.say("what about oversharing")
    faq = next(f for f in driver.content.faqs if f.id == "faq-too-much")
    assert faq.answer in driver.out.last
    driver.intent("FaqIntent", topic="quantum physics")
    assert "I can answer these" in driver.out.last
    for asked in ("what questions can you answer", "which questions do you know about"):
        assert driver.say(asked).startswith("I can answer these"), asked
    assert faq.answer in driver.say("oversharing"), "a topic named from the list is answered"


@pytest.mark.parametrize(
    ("first", "again", "answer", "exercise"),
    [
        ("we keep fighting", "we've been feeling distant lately", "hard_times", "listening"),
        ("ugh, i've had such a rough day", "i'm just so stressed out", "hard_day", "support"),
    ],
)
def test_trouble_or_a_hard_day_gets_care_and_the_offer_of_its_round(
    driver: Driver, first: str, again: str, answer: str, exercise: str
) -> None:
    """Trouble between them is offered a listening round; a hard day, a support round (comfort, no advice)."""
    driver.launch()
    driver.say("we're sam and alex")
    speech = driver.say(first)
    offer = getattr(driver.content, answer)
    assert offer.message in speech and offer.offer in speech
    assert phrases.NOT_UNDERSTOOD not in speech
    driver.say("no")
    assert phrases.MENU in driver.out.last
    driver.say(again)
    driver.say("yes please")
    assert driver.device.playing, "yes started the round"
    assert driver.stored()["active"]["exercise"] == exercise


def test_next_or_progress_during_a_check_in_keeps_its_place_and_asks_the_statement_again(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("check in")
    driver.say("four")
    second = driver.content.checkin[1].text
    speech = driver.say("skip this one")
    assert phrases.CHECKIN_NO_SKIP in speech and second in speech and "nothing to move" not in speech
    speech = driver.say("how are we doing")
    assert "Back to the check-in" in speech and second in speech and phrases.MENU not in speech
    speech = driver.say("purple elephants dancing")
    assert speech.startswith(phrases.NOT_UNDERSTOOD) and second in speech
    assert second in driver.response["reprompt"]["outputSpeech"]["ssml"], "a reprompt says what it asks"
    for answer in ("three", "five", "four", "two"):
        driver.say(answer)
    assert driver.stored()["checkins"][-1]["scores"] == [4, 3, 5, 4, 2], "nothing between the answers counted"


def test_a_number_nobody_asked_for_starts_nothing_and_hundreds_are_not_ones(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    speech = driver.say("i'd say a four")
    assert "wasn't asking for a number" in speech and driver.stored()["checkins"] == []
    assert "Let's check in" not in speech
    driver.intent("CheckInIntent", score="?")
    speech = driver.out.last
    assert "wasn't asking for a number" in speech and "heard ?" not in speech, "Alexa's '?' is not read out"
    driver.say("check in")
    driver.intent("CheckInIntent", score="?")
    speech = driver.out.last
    assert "heard ?" not in speech and driver.content.checkin[0].text in speech
    driver.say("stop")
    speech = driver.say("make rounds one hundred minutes")
    assert driver.stored()["round_minutes"] == 3, "one hundred is not one"
    assert "one to ten" in speech


def test_care_said_during_a_round_leaves_it_playing_and_offers_only_another_kind(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    speech = driver.say("we keep fighting")
    assert driver.content.hard_times.message in speech and driver.content.hard_times.offer not in speech
    assert phrases.round_goes_on("heart line") in speech, "no offer of the listening round that is playing"
    speech = driver.say("i feel so stressed")
    assert driver.content.hard_day.offer in speech, "a support round is another kind: offered"
    assert driver.stored()["active"] == before and driver.device.playing, "the round plays on while it asks"
    assert phrases.round_goes_on("heart line") in driver.say("no thanks")
    assert driver.stored()["active"] == before and driver.device.playing


def test_asking_what_one_part_of_intimacy_is_answers_that_part(driver: Driver) -> None:
    driver.launch()
    parts = {p.id: p for p in driver.content.parts}
    speech = driver.say("so what does empathy mean")
    assert parts["part-empathy"].meaning in speech and "one of the 5 things" in speech
    assert not [p for p in parts.values() if p.id != "part-empathy" and p.meaning in speech]
    overview = driver.say("what is emotional intimacy")
    assert all(p.meaning in overview for p in parts.values())
    assert "sympathy" not in overview, "what a part is mistaken for is said only when that part is asked about"


def test_the_difference_between_empathy_and_sympathy_is_told_not_the_five_parts(driver: Driver) -> None:
    """It used to give the overview of all five parts and never say."""
    driver.launch()
    parts = {p.id: p for p in driver.content.parts}
    for asked in ("what's the difference between empathy and sympathy", "isn't empathy the same as sympathy"):
        speech = driver.say(asked)
        assert parts["part-empathy"].meaning in speech and "Sympathy feels sorry for someone" in speech, asked
        assert parts["part-trust"].meaning not in speech


def test_an_unclear_answer_to_an_offer_asks_the_offer_again(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("we keep arguing")
    offer = driver.content.hard_times.offer
    speech = driver.say("hmm maybe i guess")
    assert phrases.NOT_UNDERSTOOD in speech and offer in speech and phrases.MENU not in speech
    driver.say("yes")
    assert driver.stored()["active"]["exercise"] == "listening", "the offer still stood after the miss"


def test_two_unclear_answers_to_an_offer_give_the_simple_choice_and_drop_it(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("delete my data")
    assert "Should I delete everything" in driver.say("hmm maybe i guess")
    assert phrases.SIMPLE_CHOICE in driver.say("purple elephants dancing")
    driver.say("yes")
    assert driver.stored()["names"] == ["Sam", "Alex"], "a yes after the dropped question deletes nothing"


def test_asking_what_active_listening_is_explains_it_with_their_round_length_and_offers_a_round(
    driver: Driver,
) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("make rounds four minutes long")
    speech = driver.say("what is active listening")
    listening = driver.content.active_listening
    assert listening.message in speech and listening.offer in speech
    assert "4 minutes to speak" in speech
    driver.say("yes")
    assert driver.device.playing, "yes started the round"
    assert driver.stored()["active"]["exercise"] == "listening"
    assert driver.stored()["active"]["minutes"] == 4


def test_too_personal_gets_a_lighter_question_not_a_deeper_one(driver: Driver) -> None:
    driver.launch()
    driver.say("give us a deep dinner question")
    assert driver.stored()["dinner_depth"] == "deep"
    asked = len(driver.stored()["active"]["prompts"])
    driver.say("that's too personal")
    assert driver.stored()["dinner_depth"] == "medium"
    assert len(driver.stored()["active"]["prompts"]) == asked + 1, "the next question came at once"
    driver.say("too heavy")
    assert driver.stored()["dinner_depth"] == "light"
    driver.say("stop")
    driver.launch()
    driver.say("that one's too hard")
    assert driver.stored()["dinner_depth"] == "light", "the lightest stays the lightest"
    assert "another easy one" in driver.out.last


def test_too_personal_in_a_listening_round_changes_its_topic_not_the_exercise(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round with alex first")
    first = driver.stored()["active"]
    assert first["first"] == "Alex" and driver.content.topics.get(first["topic_id"]).depth is Depth.LIGHT
    intro = driver.out.last
    speech = driver.say("go deeper")
    deeper = driver.stored()["active"]
    assert deeper["exercise"] == "listening" and driver.device.playing
    assert driver.content.topics.get(deeper["topic_id"]).depth is Depth.MEDIUM
    assert deeper["first"] == "Alex", "the same partner keeps the floor"
    assert intro not in speech and "deeper topic" in speech
    driver.say("that's too personal")
    assert driver.content.topics.get(driver.stored()["active"]["topic_id"]).depth is Depth.LIGHT
    assert "gentler topic" in driver.out.last
    assert not driver.stored()["dinner_day"], "no dinner began"


def test_a_speaker_who_is_done_passes_the_floor_and_one_who_is_not_gets_more_time(tmp_path: Path) -> None:
    # At 100x, 0.4 s of the driver's clock (``advance``) are 40 s of the part.
    driver = Driver(tmp_path / "heartline.db", time_scale=100.0)
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("let's get started")
    active = driver.stored()["active"]
    assert active["exercise"] == "listening" and active["phase"] == 0 and driver.device.playing
    driver.say("i'm done talking")
    assert driver.stored()["active"]["phase"] == 1, "'I'm done talking' ends the speaker's part, not the round"
    driver.advance(0.4)
    played = driver.device.offset_ms()
    assert played >= 40_000, "0.4 s here are 40 s of the part at this time scale"
    speech = driver.say("she's not finished yet")
    assert driver.stored()["active"]["phase"] == 1 and driver.device.playing
    assert "starts again" in speech
    assert driver.device.offset_ms() < played / 2, "the part begins again with all of its time"
    speech = driver.say("what a lovely evening it is")
    assert "didn't catch" in speech and "more time" in speech, "a miss mid-round names the round's controls"
    assert driver.stored()["active"]["phase"] == 1
    driver.close()


def test_one_more_round_after_a_round_starts_another(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    driver.say("we're done")
    assert driver.stored()["active"] is None and driver.stored()["rounds_done"] == 1
    assert phrases.GOODBYE in driver.say("no"), "done and no check-in: they are leaving, not asking for the menu"
    assert driver.response["shouldEndSession"] is True
    driver.launch()
    driver.say("one more round please")
    assert driver.stored()["active"]["exercise"] == "listening"
    assert driver.stored()["active"]["round_no"] == 2


def test_another_topic_in_a_listening_round_keeps_its_depth_and_speaker(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a medium listening round with alex first")
    first = driver.stored()["active"]
    speech = driver.say("can we talk about something else")
    second = driver.stored()["active"]
    assert second["exercise"] == "listening" and second["topic_id"] != first["topic_id"]
    assert driver.content.topics.get(second["topic_id"]).depth is Depth.MEDIUM
    assert second["first"] == "Alex" and "different topic" in speech
    status = driver.say("whose turn is it")
    assert "Alex has the floor" in status and driver.content.topics.get(second["topic_id"]).text in status
    assert driver.device.playing and driver.stored()["active"]["phase"] == 0


def test_the_same_topic_again_after_a_round_is_a_new_round_on_that_topic(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    first = driver.stored()["active"]
    assert phrases.SAME_TOPIC_NOW in driver.say("same topic again"), "said over it, the round plays on"
    assert driver.stored()["active"] == first
    driver.say("we're done")
    speech = driver.say("can we do that topic again")
    again = driver.stored()["active"]
    assert speech.startswith(phrases.SAME_TOPIC_AGAIN) and driver.device.playing
    assert again["topic_id"] == first["topic_id"] and again["round_no"] == first["round_no"] + 1
    driver.say("we're done")
    driver.launch()  # another evening's session: the topic is still the last one drawn
    driver.say("let's go back to the last topic")
    assert driver.stored()["active"]["topic_id"] == first["topic_id"]


def test_the_same_topic_again_with_none_before_says_so_and_after_a_needs_round_is_that_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("a dinner question")
    driver.say("stop")
    driver.launch()
    speech = driver.say("same topic again please")
    assert phrases.NO_TOPIC_BEFORE in speech and driver.stored()["active"] is None
    driver.say("start a needs round")
    driver.say("we're done")
    driver.say("redo that round")
    assert driver.stored()["active"]["exercise"] == "needs"


def test_another_topic_where_there_is_none_leaves_the_round_playing(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a needs round")
    assert driver.stored()["active"]["exercise"] == "needs"
    speech = driver.say("change the topic")
    assert "no set topic" in speech
    assert driver.stored()["active"]["exercise"] == "needs" and driver.device.playing
    assert not driver.stored()["dinner_day"], "no dinner took the round's place"


def test_something_else_at_dinner_is_the_next_question_and_status_names_it(driver: Driver) -> None:
    driver.launch()
    driver.say("a dinner question")
    asked = asked_question(driver, driver.last_cue())
    driver.say("we've heard that one before")
    other = asked_question(driver, driver.last_cue())
    assert other != asked and len(driver.stored()["active"]["prompts"]) == 2
    status = driver.say("what's the question again")
    assert driver.content.dinner.get(other).text in status and "table talk" in status


def test_round_status_with_nothing_playing_says_so(driver: Driver) -> None:
    """While the names are asked, the short "nothing has started" and how to begin, not help's whole tour."""
    driver.launch()
    speech = driver.say("how much time is left")
    assert speech == f"{phrases.NOTHING_YET} {phrases.TO_BEGIN}", speech
    driver.say("we're Sam and Alex")
    assert phrases.NOTHING_PLAYING in driver.say("how much time is left")


def test_who_goes_first_names_who_has_the_floor_first_and_how_to_swap(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("who goes first")
    assert "Sam has the floor first" in answer and "let Alex go first" in answer
    assert driver.stored()["active"] is None, "a question, not a round begun"
    driver.say("start a listening round")
    assert "Sam has the floor" in driver.say("who starts")


def test_why_no_phones_is_answered(driver: Driver) -> None:
    driver.launch()
    driver.say("why no phones")
    faq = next(f for f in driver.content.faqs if f.id == "faq-phones")
    assert faq.answer in driver.out.last


def test_styles_are_told_as_tendencies(driver: Driver) -> None:
    driver.launch()
    speech = driver.say("tell me about communication styles")
    assert driver.content.styles.closing in speech


def test_an_unknown_intent_is_answered_like_a_misunderstanding(driver: Driver) -> None:
    driver.launch()
    driver.device.utter("OrderPizzaIntent", {}, {})
    assert "didn't catch" in driver.out.last
    assert driver.response["reprompt"]


def test_a_huge_number_in_a_slot_is_a_correction_not_a_crash(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.intent("StartListeningRoundIntent", minutes="9" * 5000)
    assert "one to ten minutes" in driver.out.last


def test_every_faq_topic_alexa_can_resolve_has_an_answer(driver: Driver) -> None:
    """The FAQ_TOPIC ids of the interaction model are the ids of the answers in content."""
    from tests.support.driver import shared_matcher

    topic_type = shared_matcher().model.slot_type("FAQ_TOPIC")
    assert topic_type is not None
    answers = {f.id: f for f in driver.content.faqs}
    assert {v.id for v in topic_type.values} == set(answers)
    driver.launch()
    for value in topic_type.values:
        for spoken in (value.name, *value.synonyms[:2]):
            driver.say(f"tell us about {spoken}")
            assert answers[value.id].answer in driver.out.last, spoken


def test_another_one_after_a_myth_is_another_myth_not_a_dinner_question(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    heard = []
    for words in ("tell us a myth", "another one", "next", "tell us more"):
        speech = driver.say(words)
        heard += [m.id for m in driver.content.myths if m.myth in speech]
    assert len(set(heard)) == len(heard) == 4, "one new myth each time"
    assert driver.stored()["active"] is None and not driver.device.playing, "no dinner started"


def test_tell_me_more_after_one_part_gives_all_five_and_yes_starts_the_round_offered(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    parts = driver.content.parts
    one = driver.say("what is honesty")
    assert sum(p.meaning in one for p in parts) == 1 and one.endswith("?")
    overview = driver.say("tell me more")
    assert all(p.meaning in overview for p in parts)
    driver.say("yes")
    assert driver.stored()["active"]["exercise"] == "listening", "the practice offered is a listening round"


def test_a_part_asked_during_a_round_is_answered_and_the_round_plays_on(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    speech = driver.say("what is trust")
    assert phrases.round_goes_on("heart line") in speech and "listening round?" not in speech
    assert driver.stored()["active"] == before and driver.device.playing


def test_another_one_carries_on_the_dinner_and_asks_what_there_is_when_nothing_came_before(driver: Driver) -> None:
    driver.launch()
    assert driver.say("another one") == phrases.ASK_NAMES_REPROMPT, "the names it asked for are still awaited"
    driver.say("we're sam and alex")
    speech = driver.say("another one")
    assert "plenty more" in speech and phrases.MENU in speech
    driver.say("give us a dinner question")
    first = driver.last_cue()
    driver.say("another one")
    assert driver.last_cue() != first and driver.stored()["active"]["exercise"] == "dinner"
    assert len(driver.stored()["active"]["prompts"]) == 2


def test_a_greeting_is_answered_with_what_the_skill_waits_for(driver: Driver) -> None:
    driver.launch()
    speech = driver.say("hello")
    assert speech.startswith(phrases.HELLO) and phrases.ASK_NAMES_REPROMPT in speech
    assert phrases.NOT_UNDERSTOOD not in speech
    driver.say("we're sam and alex")
    speech = driver.say("good evening")
    assert speech.startswith(phrases.HELLO) and phrases.MENU_SHORT in speech
    assert phrases.TOUR_OPENING in driver.say("what is heart line")


def test_slow_down_and_speak_up_say_the_last_thing_again_slowly_or_loud(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    question = driver.say("tell us a myth")
    slowly = driver.say("slow down please")
    ssml = driver.response["outputSpeech"]["ssml"]
    assert phrases.SLOWER in slowly and question in slowly and '<prosody rate="slow">' in ssml
    assert driver.response["reprompt"], "the myth's question still waits for its answer"
    again = driver.say("slow down")
    assert again == slowly and driver.response["outputSpeech"]["ssml"].count("<prosody") == 1, "not nested"
    loud = driver.say("we can't hear you")
    assert (
        "volume up" in loud
        and question in loud
        and '<prosody volume="x-loud">' in driver.response["outputSpeech"]["ssml"]
    )
    driver.say("yes")
    assert "Here's a common myth" in driver.out.last, "the question was still open"


def test_tell_me_more_while_an_offer_waits_asks_it_again_and_after_a_question_lists_the_others(
    driver: Driver,
) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("we keep fighting")
    offer = driver.content.hard_times.offer
    assert offer in driver.say("tell me more") and driver.stored()["active"] is None
    driver.say("no")
    driver.say("what about oversharing")
    assert "I can answer these" in driver.say("tell us more")


def test_we_are_done_straight_after_opening_says_goodbye_without_praise_or_a_check_in(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    assert driver.say("we're done for tonight") == phrases.GOODBYE
    assert driver.response["shouldEndSession"] is True and driver.stored()["rounds_done"] == 0
    driver.launch()
    driver.say("start a listening round")
    assert "check-in" in driver.say("we're done"), "after a round, the check-in is offered"


def test_a_dinner_ended_with_we_are_done_is_not_counted_as_a_finished_round(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("give us a dinner question")
    assert "check-in" in driver.say("we're done")
    assert driver.stored()["rounds_done"] == 0
    assert "haven't finished a round yet" in driver.say("how are we doing")


def test_during_a_dinner_a_greeting_or_a_no_leaves_the_dinner_playing_and_says_so(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("give us a dinner question")
    before = driver.stored()["active"]
    assert driver.say("hello") == f"{phrases.HELLO} {phrases.dinner_goes_on('heart line')}"
    driver.say("tell us a myth")
    assert driver.say("no") == f"Okay. {phrases.dinner_goes_on('heart line')}"
    assert driver.stored()["active"] == before and driver.device.playing


def test_during_a_round_help_gives_its_controls_and_another_one_does_not_restart_it(driver: Driver) -> None:
    from intents.common import round_help
    from intents.more import ANOTHER_TOPIC

    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    help_speech = driver.say("help")
    assert help_speech == f"Sam has the floor, and Alex listens. {round_help('heart line')}", (
        "whose part it is, then the controls"
    )
    assert driver.response["shouldEndSession"] is True
    assert ANOTHER_TOPIC in driver.say("another one"), "says how to change the topic"
    assert driver.stored()["active"] == before and driver.device.playing, "the speaker keeps the floor"
    topic = driver.content.topics.get(before["topic_id"])
    assert topic is not None and driver.say("say that louder").endswith("Your topic is: " + topic.text)
    driver.say("stop")
    driver.launch()
    driver.say("give us a dinner question")
    assert driver.say("help") == phrases.dinner_help("heart line")


def test_after_opening_again_over_an_unfinished_round_help_is_the_tour_not_the_round_controls(
    driver: Driver,
) -> None:
    from intents.common import round_help

    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    driver.launch()
    speech = driver.say("help")
    assert speech != round_help("heart line") and phrases.TOUR_OPENING in speech, "they were just offered the menu"


def test_after_opening_again_over_an_unfinished_round_nothing_says_the_round_goes_on(driver: Driver) -> None:
    """Opening the skill again stops its audio and says the menu: the round is no longer playing, so an answer
    offers its round, a miss gets the menu, a no or a thank-you keeps them in the session."""
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    driver.launch()
    trust = driver.say("what is trust")
    assert phrases.round_goes_on("heart line") not in trust and driver.response["shouldEndSession"] is False
    assert "listening round" in driver.say("yes") and driver.stored()["active"]["exercise"] == "listening"
    driver.launch()
    assert driver.say("purple elephants dancing") == f"{phrases.NOT_UNDERSTOOD} {phrases.MENU}"
    assert "Anything else?" in driver.say("thank you") and driver.response["shouldEndSession"] is False
    driver.say("we keep fighting")
    assert driver.say("no") == f"Okay. {phrases.MENU}" and driver.response["shouldEndSession"] is False


def test_asking_our_names_says_them_or_asks_for_them_and_keeps_what_was_waiting(driver: Driver) -> None:
    driver.launch()
    assert driver.say("who are we") == phrases.NAMES_UNKNOWN
    assert "Sam and Alex" in driver.say("we're sam and alex"), "the question it asked is answered with the names"
    speech = driver.say("what are our names")
    assert speech.startswith("You're Sam and Alex.") and phrases.NAMES_CHANGE in speech
    driver.say("tell us a myth")
    speech = driver.say("do you remember our names")
    assert speech.startswith("You're Sam and Alex.") and "another myth" in speech, "the myth's question still stands"
    driver.say("no")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    assert driver.say("who are we") == f"You're Sam and Alex. {phrases.round_goes_on('heart line')}"
    assert driver.stored()["active"] == before and driver.device.playing


def test_a_check_in_takes_the_scales_own_words_for_an_answer(driver: Driver) -> None:
    """The statements are read with "one, not at all, to five, completely", and people answer in those words."""
    driver.launch()
    driver.say("let's check in")
    for said in ("completely", "kind of", "not at all", "i'd say pretty much", "a little bit"):
        driver.say(said)
    assert driver.stored()["checkins"][-1]["scores"] == [5, 3, 1, 4, 2]
    assert driver.say("totally").startswith("I heard totally, but I wasn't asking"), "no check-in is under way"
    assert driver.stored()["active"] is None and len(driver.stored()["checkins"]) == 1


def test_a_listed_word_alexa_sent_without_a_resolution_is_still_that_value(tmp_path: Path) -> None:
    """Entity resolution can miss, and a simulator may send none: "completely" is listed as five either way."""
    echo = Alexa(tmp_path / "echo.db")
    echo.intent("CheckInIntent", new=True)
    assert "Next:" in echo.intent("CheckInIntent", answer="completely")["outputSpeech"]["ssml"]
    assert "I heard quite" in echo.intent("CheckInIntent", answer="quite")["outputSpeech"]["ssml"]
    about = echo.intent("AboutActivityIntent", activity="banana")["outputSpeech"]["ssml"]
    assert phrases.ABOUT_WHICH in about, "an unlisted subject is asked about, not guessed"


def test_louder_during_a_round_with_no_topic_says_its_own_part_again_not_an_old_question(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("give us a dinner question")
    old_question = driver.last_cue()
    driver.say("stop")
    driver.launch()
    driver.say("start a needs round")
    cue = driver.last_cue()
    assert cue and cue != old_question
    again = driver.say("say that louder")
    assert again.startswith(phrases.LOUDER) and again.endswith(cue), "the needs round's own part, again"
    assert old_question not in again and driver.device.playing


def test_a_name_is_corrected_in_place_and_a_correction_that_names_no_one_asks_for_both(driver: Driver) -> None:
    driver.launch()
    driver.say("we're sam and alex")
    answer = driver.say("actually it's jamie not alex")
    assert "Sam and Jamie it is" in answer and driver.stored()["names"] == ["Sam", "Jamie"]
    assert "I have you as Sam and Jamie" in driver.say("call me jordan"), "which of the two is not said"
    assert driver.stored()["names"] == ["Sam", "Jamie"]
    driver.say("sorry i meant sam and jordan")
    assert driver.stored()["names"] == ["Sam", "Jordan"]


def test_check_in_answers_in_everyday_words_are_scored(driver: Driver) -> None:
    """A probe's answers that fell back or went elsewhere: "mostly but not always" renamed a partner
    ("Mostly But" for "Always"), "five for that" was a question about who the skill is for."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("let's check in")
    for said in ("mostly but not always", "five for that", "sometimes", "a strong three"):
        driver.say(said)
    assert "Today you scored 3.4 out of five" in driver.say("hardly ever")
    assert driver.stored()["checkins"][-1]["scores"] == [4, 5, 3, 3, 2]
    assert driver.stored()["names"] == ["Sam", "Alex"]


def test_the_offered_check_in_is_declined_by_a_low_answer_and_taken_by_a_hedged_yes(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a needs round")
    driver.say("we're done")
    assert phrases.GOODBYE in driver.say("absolutely not"), "the scale's 'not at all' is a no to the offer"
    assert driver.response["shouldEndSession"] is True and driver.stored()["unfinished_checkin"] is None
    driver.launch()
    driver.say("start a needs round")
    driver.say("we're done")
    assert driver.content.checkin[0].text in driver.say("okay but just a quick one")


def test_praise_after_a_round_is_met_with_gladness_not_youre_welcome(driver: Driver) -> None:
    from intents.common import GLAD

    driver.launch()
    driver.say("we're Sam and Alex")
    answer = driver.say("i feel a lot closer now")
    assert answer.startswith(GLAD) and "welcome" not in answer


def test_who_they_are_said_instead_of_names_is_taken_and_names_asked_again(driver: Driver) -> None:
    driver.launch()
    answer = driver.say("me and my husband")
    assert driver.stored()["relationship"] == "couple" and "first names" in answer, answer
    assert "Sam and Alex" in driver.say("we're Sam and Alex")
    driver.say("how about a listening round")
    assert driver.stored()["active"]["exercise"] == "listening"


def test_more_time_asked_for_a_partner_by_name_gives_the_part_its_time_again(tmp_path: Path) -> None:
    """ "Give Sam a couple extra minutes" fell back (a probe): the name is taken and the part playing starts again."""
    driver = Driver(tmp_path / "heartline.db", time_scale=100.0)
    driver.launch()
    driver.say("we're sam and alex")
    driver.say("start a listening round")
    speech = driver.say("give sam a couple extra minutes")
    assert "starts again" in speech and driver.stored()["active"]["phase"] == 0 and driver.device.playing
    driver.close()


def test_the_ends_of_the_check_in_scale_answer_any_offer(driver: Driver) -> None:
    """A probe: "definitely not" to the offer of a listening round got "I heard definitely not, but I wasn't
    asking how close you feel", and "nah, skip it" to the offer of a check-in got "nothing to move through"."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("we keep fighting about chores")
    assert driver.say("definitely not").startswith("Okay.") and driver.stored()["active"] is None
    driver.say("we keep fighting about chores")
    driver.say("definitely")
    assert driver.stored()["active"]["exercise"] == "listening"
    driver.say("we're done")
    assert phrases.GOODBYE in driver.say("nah skip it") and driver.response["shouldEndSession"] is True
    assert driver.stored()["unfinished_checkin"] is None


def test_questions_about_the_round_are_answered_over_it_not_taken_as_commands(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    before = driver.stored()["active"]
    topic = driver.say("what was I supposed to talk about again?")
    assert "topic" in topic.lower() and "Active listening means" not in topic
    status = driver.say("are we done now?")
    assert "left" in status and "Nicely done" not in status
    assert driver.stored()["active"] == before and driver.device.playing, "a question ends nothing"
    assert "one more round" in driver.say("can we do another round after this")


def test_doing_it_again_with_a_name_first_gives_that_partner_the_floor(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    driver.say("we're done")
    driver.say("can we do that again with Alex first")
    assert driver.stored()["active"]["first"] == "Alex"


def test_less_heavy_is_lighter_not_heavy(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    light = {p.id for p in driver.content.dinner.prompts if p.depth == Depth.LIGHT}
    driver.say("a dinner question")
    driver.say("something less heavy")
    assert asked_question(driver, driver.last_cue()) in light


def test_a_round_that_played_to_its_end_is_followed_up_by_the_next_launch(driver: Driver) -> None:
    """On an Echo a round usually ends by playing out, when the skill cannot speak: it was counted and forgotten,
    and the next launch said "before we begin" (a probe). Now that evening's launch offers its check-in once."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a listening round")
    driver.play_out()
    stored = driver.stored()
    assert stored["active"] is None and stored["rounds_done"] == 1 and stored["played_out"] == "listening"
    welcome = driver.launch()
    assert "Nicely done" in welcome and "check-in" in welcome and "phones" not in welcome
    assert driver.content.checkin[0].text in driver.say("yes")
    assert driver.stored()["played_out"] == "", "offered once"
    driver.say("stop")
    assert "Nicely done" not in driver.launch()
    driver.say("start a listening round")
    driver.play_out()
    driver.launch()
    declined = driver.say("no")
    assert phrases.MENU in declined and driver.response["shouldEndSession"] is False, "they opened it to do something"


def test_after_a_round_played_out_we_are_done_offers_the_check_in_and_do_that_again_repeats_it(
    driver: Driver,
) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("start a needs round")
    driver.play_out()
    assert "check-in" in driver.say("we're done")
    assert driver.stored()["rounds_done"] == 1, "counted once, when it played out"
    driver.say("let's do that again")
    assert driver.stored()["active"]["exercise"] == "needs"


def test_we_are_done_with_nothing_done_is_a_goodbye_even_said_in_one_breath(driver: Driver) -> None:
    """ "Alexa, tell Heart Line we're done" opens a session with it: there was no round to praise."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("stop")
    driver.intent("DoneIntent")
    assert phrases.GOODBYE in driver.out.last and "Nicely done" not in driver.out.last
    assert driver.response["shouldEndSession"] is True


def test_a_round_asked_for_before_the_names_keeps_its_length_and_first_speaker(driver: Driver) -> None:
    """A probe of the endpoint: "a seven-minute round with Alex first" from a new household asked for the names,
    then began at the default three minutes with the first name given, and said the names twice."""
    driver.launch()
    driver.intent("StartListeningRoundIntent", minutes=7, first_speaker="Alex")
    assert "names" in driver.out.last.lower()
    speech = driver.say("we're Sam and Alex")
    active = driver.stored()["active"]
    assert active["minutes"] == 7 and active["first"] == "Alex"
    assert speech.count("Sam and Alex") + speech.count("Alex and Sam") == 1, speech


def test_a_round_whose_length_did_not_fit_keeps_its_first_speaker_once_a_length_does(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.intent("StartListeningRoundIntent", minutes=40, first_speaker="Alex")
    driver.say("five")
    active = driver.stored()["active"]
    assert active["minutes"] == 5 and active["first"] == "Alex"


def test_a_check_in_takes_a_number_said_as_number_four_or_typed_as_a_half(driver: Driver) -> None:
    """A probe: "number four" was a pick from a list no one had read out, and "3.5" fell back."""
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("check in")
    assert driver.content.checkin[1].text in driver.say("number four")
    assert driver.say("3.5").startswith("Somewhere between 3 and 4")


def test_the_difference_between_two_rounds_describes_both(driver: Driver) -> None:
    """A probe: "what's the difference between the needs and support rounds" described the needs round only."""
    driver.launch()
    driver.say("we're Sam and Alex")
    speech = driver.say("whats the difference between the needs and support rounds")
    rounds = driver.content.rounds
    assert esc(rounds["needs"].about) in speech and esc(rounds["support"].about) in speech
    assert "Which would you like to try" in speech and driver.response["shouldEndSession"] is False
