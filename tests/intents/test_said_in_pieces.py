"""What the fourth probe left open, each needing more than a phrasing: names given one at a time or with who goes
first, a round again the other way round, "enough of that" after a myth, "what does that mean" after a check-in's
score, and a dinner question about the kids. Real envelopes, a real skill, real SQLite."""

from __future__ import annotations

from skill.content_files import load_content
from tests.support.driver import Driver, named


def test_one_name_at_a_time_is_kept_and_the_other_asked_for(driver: Driver) -> None:
    driver.launch()
    speech = driver.say("I'm Sofia")
    assert "Nice to meet you, Sofia" in speech and "Sorry" not in speech, speech
    assert driver.response["reprompt"], "the other name is asked for, and waited for"
    assert (driver.stored() or {}).get("names") is None
    speech = driver.say("and this is Marco")
    assert "Sofia and Marco" in speech, speech
    assert driver.stored()["names"] == ["Sofia", "Marco"]


def test_one_name_at_a_time_starts_the_round_that_waited_for_them(driver: Driver) -> None:
    driver.launch()
    driver.say("start a listening round")
    driver.say("my name is Hannah")
    assert driver.stored()["active"] is None
    driver.say("he's Luke")
    assert driver.stored()["names"] == ["Hannah", "Luke"]
    assert driver.stored()["active"]["first"] == "Hannah"
    assert driver.last_cue().startswith("Hannah, the floor is yours")


def test_the_same_name_twice_is_not_two_people(driver: Driver) -> None:
    driver.launch()
    driver.say("I'm Sofia")
    speech = driver.say("I'm Sofia")
    assert "who else" in speech, speech
    assert (driver.stored() or {}).get("names") is None


def test_a_lone_name_with_the_names_not_asked_for_changes_nothing(driver: Driver) -> None:
    named(driver)
    driver.say("I'm Jordan")
    assert driver.stored()["names"] == ["Sam", "Alex"]
    named(driver, "start a listening round")
    speech = driver.say("she's Jordan")
    assert driver.stored()["names"] == ["Sam", "Alex"]
    assert driver.stored()["active"]["exercise"] == "listening", "the round plays on"
    assert "'heart line, pause', 'heart line, next'" in speech, speech


def test_names_and_who_goes_first_in_one_breath_start_a_round_in_that_order(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Claire and Ollie, Ollie goes first")
    stored = driver.stored()
    assert stored["names"] == ["Claire", "Ollie"]
    assert (stored["active"]["exercise"], stored["active"]["first"]) == ("listening", "Ollie")


def test_names_and_who_goes_first_keep_the_round_asked_for(driver: Driver) -> None:
    driver.launch()
    driver.say("start a needs round")
    driver.say("it's Claire and Ollie and Ollie will go first")
    active = driver.stored()["active"]
    assert (active["exercise"], active["first"]) == ("needs", "Ollie")


def test_again_but_switch_starts_the_same_round_with_the_other_partner_first(driver: Driver) -> None:
    named(driver, "let Alex go first")
    assert driver.stored()["active"]["first"] == "Alex"
    driver.say("we're done")
    speech = driver.say("can we do it again but switch")
    active = driver.stored()["active"]
    assert (active["exercise"], active["first"], active["second"]) == ("listening", "Sam", "Alex"), speech
    assert speech.startswith("Sam first this time.")
    driver.say("we're done")
    driver.say("one more round but swap who goes first")
    assert driver.stored()["active"]["first"] == "Alex"


def test_again_but_switch_after_a_support_round_is_a_support_round(driver: Driver) -> None:
    named(driver, "start a support round", "we're done")
    driver.say("same again but switched around")
    active = driver.stored()["active"]
    assert (active["exercise"], active["first"]) == ("support", "Alex")


def test_switching_over_a_playing_round_begins_it_again_the_other_way_round_on_its_topic(driver: Driver) -> None:
    named(driver, "start a listening round")
    topic = driver.stored()["active"]["topic_id"]
    speech = driver.say("can we do that again but switch")
    active = driver.stored()["active"]
    assert (active["first"], active["topic_id"]) == ("Alex", topic)
    assert "let's begin" not in speech, "the introduction they just heard is not read again"
    assert driver.last_cue().startswith("Alex, the floor is yours")


def test_enough_of_that_after_a_myth_is_the_menu_not_goodbye(driver: Driver) -> None:
    named(driver, "tell us a myth")
    speech = driver.say("enough of that")
    assert "Goodbye" not in speech, speech
    assert not driver.response.get("shouldEndSession"), "the session stays open for what comes next"
    assert "dinner question" in speech


def test_what_does_that_mean_after_a_score_says_what_the_score_means(driver: Driver) -> None:
    named(driver, "check in", "4", "3", "5", "2", "4")
    assert "out of five on average" in driver.out.last
    for question in ("what does that mean", "is that a good score"):
        speech = driver.say(question)
        assert "average of your five answers" in speech, (question, speech)
    driver.say("tell us a myth")
    speech = driver.say("what does that mean")
    assert "average of your five answers" not in speech, "only the score just said is explained"


def test_a_question_about_our_kids_is_about_being_parents(driver: Driver) -> None:
    parenting = {p.text for p in load_content().dinner.prompts if "parenting" in p.themes}
    named(driver)
    speech = driver.say("a question about our kids")
    assert "Here's one about being parents" in speech, speech
    assert any(question in driver.last_cue() for question in parenting), driver.last_cue()


def test_names_said_with_who_they_are_or_as_called_are_the_names(driver: Driver) -> None:
    """Probe 5: "we're newlyweds, Ana and Luis" named one partner "Newlyweds Ana"; "we are called Mei and Jun" fell
    back."""
    for said, names in (
        ("we're newlyweds, Ana and Luis", ["Ana", "Luis"]),
        ("we are called Mei and Jun", ["Mei", "Jun"]),
        ("it's me and Jordan, I'm Casey", ["Casey", "Jordan"]),
    ):
        driver.launch()
        if "Shall I call you" in driver.say(said):
            driver.say("yes")  # opened again with names known: two new names are asked about first
        assert driver.stored()["names"] == names, said


def test_called_names_can_come_one_at_a_time(driver: Driver) -> None:
    driver.launch()
    assert "Nice to meet you, Mei" in driver.say("I am called Mei")
    driver.say("she is called Jun")
    assert driver.stored()["names"] == ["Mei", "Jun"]


def test_a_feeling_is_not_a_name_and_a_near_names_sentence_over_a_round_is_not_a_names_question(
    driver: Driver,
) -> None:
    driver.launch()
    speech = driver.say("this is hard")
    assert "Nice to meet you" not in speech and (driver.stored() or {}).get("names") is None, speech
    named(driver, "start a listening round")
    speech = driver.say("Alex should really go first")
    assert "names" not in speech and driver.stored()["active"]["first"] == "Sam", speech


def test_how_to_support_a_partner_is_answered_then_a_support_round_offered(driver: Driver) -> None:
    """Probe 5: "how do I support my partner when she's sad" started a support round outright (and "how do I help
    her when she's sad" got the care meant for the one who had the hard day)."""
    for question in ("how do I support my partner when she's sad", "how do I support my partner"):
        named(driver)
        speech = driver.say(question)
        assert "being with them helps more than fixing it" in speech, (question, speech)
        assert speech.endswith(driver.content.supporting.offer) and driver.stored()["active"] is None, question
    driver.say("yes")
    assert driver.stored()["active"]["exercise"] == "support"


def test_asking_why_names_are_needed_is_answered_and_the_names_still_asked(driver: Driver) -> None:
    for question in ("do you really need our names", "can we do this without names"):
        driver.launch()
        speech = driver.say(question)
        assert "Any names will do" in speech and "Sorry" not in speech, (question, speech)
        assert driver.response["reprompt"], "the names are still waited for"


def test_whats_next_after_a_round_keeps_the_check_in_it_offered(driver: Driver) -> None:
    """Probe 5: "what's next" after a round gave the tour ending in "What would you like?", dropping the offer."""
    named(driver, "start a listening round", "we're done")
    speech = driver.say("what's next")
    assert speech.endswith("Would you like a short check-in? Say yes or no."), speech
    assert driver.content.checkin[0].text in driver.say("yes"), "the yes still answers that offer"


def test_what_do_i_say_in_a_round_gets_the_part_again_and_the_round_plays_on(driver: Driver) -> None:
    """Probe 5: in needs, empathy and support rounds these fell back on the controls, and "give me an example of
    what to say" got the I-statement lecture with a needs round offered over a listening round."""
    for round_asked, parts_on, question in (
        ("start a needs round", 0, "what should I ask for"),
        ("start an empathy round", 1, "how do I guess the feeling"),
        ("start a support round", 1, "what do I say to comfort her"),
        ("start a listening round", 1, "can you give me an example of what to say"),
    ):
        named(driver, round_asked, *["next"] * parts_on)
        cue = driver.last_cue()
        phase = driver.stored()["active"]["phase"]
        speech = driver.say(question)
        assert cue in speech and "Sorry" not in speech, (question, speech)
        assert driver.stored()["active"]["phase"] == phase and driver.device.playing, question
        assert driver.response.get("shouldEndSession") is True, "the round plays on, no question asked over it"
