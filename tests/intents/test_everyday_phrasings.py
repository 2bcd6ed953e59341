"""Requests in everyday words that a probe (286 new sentences) found falling back or misread, each in the state it
was said in: a yes or no to an offer, a check-in answer, names with more words around them, a round asked for with
its length. Real envelopes, a real skill, real SQLite."""

from __future__ import annotations

from tests.support.driver import Driver


def _named(driver: Driver, *said: str) -> None:
    driver.launch()
    driver.say("we're Sam and Alex")
    for words in said:
        driver.say(words)


def test_names_after_an_answer_start_the_round_that_waited_for_them(driver: Driver) -> None:
    driver.launch()
    driver.say("start a listening round")
    driver.say("sure, it's Anna and Pete")
    assert driver.stored()["names"] == ["Anna", "Pete"]
    assert driver.stored()["active"]["exercise"] == "listening"


def test_two_people_s_states_are_not_their_names(driver: Driver) -> None:
    _named(driver, "give us a dinner question")
    for said in ("i'm starving and she's cooking", "she's right and i'm wrong", "I'm Irish and she's Italian"):
        driver.say(said)
        assert driver.stored()["names"] == ["Sam", "Alex"], said
    assert driver.stored()["active"]["exercise"] == "dinner"
