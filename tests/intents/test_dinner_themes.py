"""Dinner questions on a theme ("ask us something about growing up"), through real envelopes, a real skill and a
real SQLite file: the theme holds through next and deeper, gives way to "something else", and says so when it
runs out or is not one the deck has."""

from __future__ import annotations

from pathlib import Path

from skill.decks import Prompt
from tests.support.driver import Driver


def _asked(driver: Driver) -> Prompt:
    cue = driver.last_cue()
    found = [p for p in driver.content.dinner.prompts if p.text == cue]
    assert len(found) == 1, f"expected a dinner question, heard {cue!r}"
    return found[0]


def _asked_in(speech: str, driver: Driver) -> Prompt:
    found = [p for p in driver.content.dinner.prompts if p.text in speech]
    assert len(found) == 1, f"expected one dinner question in {speech!r}"
    return found[0]


def test_a_theme_starts_a_dinner_on_it_and_holds_through_next_and_deeper(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    speech = driver.say("ask us something about our childhood")
    assert "Here's one about growing up." in speech
    assert "minutes to talk" in speech, "the first dinner of the day still explains how it goes"
    asked = [_asked(driver)]
    driver.say("next question")
    asked.append(_asked(driver))
    driver.say("go deeper")
    asked.append(_asked(driver))
    assert all("childhood" in p.themes for p in asked), [p.id for p in asked]
    assert len({p.id for p in asked}) == 3
    assert asked[2].depth.value != "light", "deeper on a theme is a deeper question on it"
    assert driver.stored()["dinner_theme"] == "childhood"


def test_something_else_leaves_the_theme_and_a_new_theme_over_a_playing_dinner_is_said(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("can we talk about travel")
    assert "travel" in _asked(driver).themes
    driver.say("can we talk about something else")
    assert driver.stored()["dinner_theme"] == ""
    speech = driver.say("can we have a question about family")
    assert speech.startswith("Here's one about family."), speech
    assert "family" in _asked(driver).themes
    assert driver.stored()["active"]["exercise"] == "dinner", "the dinner plays on with the new theme"


def test_a_theme_that_runs_out_says_so_and_goes_on_with_other_questions(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    prompts = driver.content.dinner.prompts
    on_theme = [p for p in prompts if "food" in p.themes and "couple" in p.fits and p.depth.value == "light"]
    seen = set()
    for _ in on_theme:
        driver.say("something about food")
        seen.add(_asked(driver).id)
    assert seen == {p.id for p in on_theme}, "light questions only: a theme never goes deeper unasked"
    speech = driver.say("something about food")
    assert "That's every light question I have about food." in speech
    assert "for a deeper one about food, just ask" in speech
    assert "food" not in _asked(driver).themes
    assert driver.stored()["dinner_theme"] == ""
    driver.say("ask us a deep question about food")
    asked = _asked(driver)
    assert "food" in asked.themes and asked.depth.value == "deep"


def test_another_one_on_a_theme_stays_at_its_depth_and_says_when_it_runs_out(tmp_path: Path) -> None:
    """On an Echo without audio playback each question is asked on its own; "another one" on a theme had
    taken the table from light to deep questions, and then left the theme without a word (a probe)."""
    driver = Driver(tmp_path / "show.db", audio=False)
    driver.launch()
    driver.say("we're Sam and Alex")
    light = [
        p
        for p in driver.content.dinner.prompts
        if "childhood" in p.themes and "couple" in p.fits and p.depth.value == "light"
    ]
    speech = driver.say("ask us something about growing up")
    depths = []
    for _ in range(len(light) - 1):
        depths.append(_asked_in(speech, driver).depth.value)
        speech = driver.say("another one")
    depths.append(_asked_in(speech, driver).depth.value)
    assert depths == ["light"] * len(light)
    speech = driver.say("another one")
    assert "That's every light question I have about growing up." in speech, speech
    driver.close()


def test_a_theme_alexa_could_not_resolve_gets_a_question_from_the_whole_deck(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.intent("DinnerQuestionIntent", theme="our neighbours")
    driver.device.tick()
    speech = driver.out.speeches[-1]
    assert "I don't have questions sorted about our neighbours" in speech
    assert _asked(driver).id, "a question plays all the same"
    assert driver.stored()["dinner_theme"] == ""


def test_a_question_about_our_friends_is_a_dinner_question_about_friends(driver: Driver) -> None:
    """It had been taken for the common question on friendship between men and women, and the friendship theme
    had handed a couple "where should we go on our next trip" (a travel question that suits friends)."""
    driver.launch()
    driver.say("we're Sam and Alex")
    speech = driver.say("a question about our friends")
    assert speech.startswith("Here's one about friendship."), speech
    light = [
        p
        for p in driver.content.dinner.prompts
        if "friendship" in p.themes and "couple" in p.fits and p.depth.value == "light"
    ]
    for _ in light:
        asked = _asked(driver)
        assert "friendship" in asked.themes and "trip" not in asked.text, asked.text
        driver.say("next question")


def test_how_many_questions_counts_the_deck_by_depth_without_stopping_the_dinner(driver: Driver) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    driver.say("give us a dinner question")
    fitting = [p for p in driver.content.dinner.prompts if "couple" in p.fits]
    deep = sum(1 for p in fitting if p.depth.value == "deep")
    speech = driver.say("how many deep questions are there")
    assert f"There are {deep} deep dinner questions for you, of {len(fitting)} in all" in speech, speech
    assert driver.stored()["active"]["exercise"] == "dinner", "the dinner plays on"
    speech = driver.say("how many questions do you have")
    light = sum(1 for p in fitting if p.depth.value == "light")
    assert f"{len(fitting)} dinner questions for you, at three depths: {light} light ones" in speech, speech
