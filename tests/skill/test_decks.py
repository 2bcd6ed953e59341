"""The shipped content through the real loader, and every validation failure a writer can cause."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from skill.content_files import CONTENT_DIRECTORY, PLACEHOLDERS, ROUND_IDS, load_content
from skill.decks import RELATIONSHIPS, Content, Depth
from skill.errors import ContentError
from skill.rounds import RoundSettings, build_round
from skill.safety import is_distress

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "emotional-intimacy-article.txt"
MIN_TOPICS_PER_DEPTH = 24
MIN_DINNER_PER_DEPTH = 32
SHINGLE_WORDS = 8
SAMPLE = {
    "speaker": "Sam",
    "listener": "Alex",
    "first": "Sam",
    "second": "Alex",
    "minutes": "3 minutes",
    "topic": "a small worry from this week",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


# --- The shipped content ----------------------------------------------------------------------------------


def test_shipped_content_loads_once_per_process(content: Content) -> None:
    assert load_content() is content
    assert load_content(CONTENT_DIRECTORY) == content


@pytest.mark.parametrize("depth", list(Depth))
def test_every_depth_has_enough_topics_and_dinner_questions(content: Content, depth: Depth) -> None:
    assert len(content.topics.at_depth(depth)) >= MIN_TOPICS_PER_DEPTH
    assert len(content.dinner.at_depth(depth)) >= MIN_DINNER_PER_DEPTH


def test_topics_suit_everyone_unless_couple_only(content: Content) -> None:
    everyone = frozenset(RELATIONSHIPS)
    odd = [p.id for p in content.topics.prompts if p.fits not in (everyone, frozenset({"couple"}))]
    assert odd == []


@pytest.mark.parametrize("depth", list(Depth))
def test_dinner_questions_mix_shared_and_relationship_specific(content: Content, depth: Depth) -> None:
    questions = content.dinner.at_depth(depth)
    fit_all = [q for q in questions if q.fits == frozenset(RELATIONSHIPS)]
    assert len(fit_all) * 2 >= len(questions), "a good share should suit every relationship"
    assert any(q.fits == frozenset({"couple"}) for q in questions)
    assert any(q.fits == frozenset({"family"}) for q in questions)
    for relationship in RELATIONSHIPS:
        assert sum(relationship in q.fits for q in questions) >= 24


def test_dinner_questions_read_well_aloud(content: Content) -> None:
    for question in content.dinner.prompts:
        text = question.text
        assert text.isascii() and "(" not in text and ")" not in text, question.id
        assert len(re.findall(r"[.?!]", text)) <= 2, question.id
        assert len(text.split()) <= 25, question.id


@pytest.mark.parametrize("round_id", ROUND_IDS)
def test_every_round_template_formats_with_sample_names(content: Content, round_id: str) -> None:
    script = content.rounds[round_id]
    for field in dataclasses.fields(script):
        value = getattr(script, field.name)
        if isinstance(value, str):
            assert "{" not in value.format(**SAMPLE), field.name
    plan = build_round(script, RoundSettings("Sam", "Alex", minutes=2), "t-x", SAMPLE["topic"])
    assert all(phase.cue for phase in plan.phases)
    assert "Sam" in plan.phases[0].cue


def test_spoken_cues_stay_short(content: Content) -> None:
    for script in content.rounds.values():
        assert len(script.speak.split()) <= 35, script.id
        for name in ("respond", "confirm", "switch", "reflect", "time_warning"):
            assert len(getattr(script, name).split()) <= 25, (script.id, name)


def test_listening_round_gives_the_speaker_a_topic(content: Content) -> None:
    assert "{topic}" in content.rounds["listening"].speak
    assert "{speaker}" in content.rounds["listening"].speak


def test_needs_round_turns_complaints_into_requests(content: Content) -> None:
    examples = content.rounds["needs"].examples
    assert len(examples) >= 6
    assert all(e.request.startswith(("I ", "It ", "When ")) for e in examples)


def test_intros_ask_for_phones_away_and_outros_invite_a_check_in(content: Content) -> None:
    for script in content.rounds.values():
        assert "phone" in script.intro.lower(), script.id
        assert "check in" in script.outro.lower(), script.id


def test_learn_answers_fit_in_one_spoken_breath(content: Content) -> None:
    assert len(content.myths) >= 5 and len(content.faqs) >= 6
    assert [p.id for p in content.parts] == [
        "part-trust",
        "part-vulnerability",
        "part-empathy",
        "part-honesty",
        "part-acceptance",
    ]
    spoken = [m.truth for m in content.myths] + [f.answer for f in content.faqs]
    spoken += [p.meaning for p in content.parts]
    spoken += [content.styles.intro, content.styles.closing, *content.styles.tips]
    assert [text for text in spoken if len(text.split()) > 60] == []
    assert all(f.topics for f in content.faqs)
    offers = (content.hard_times, content.hard_day, content.active_listening, content.i_statements)
    offers += (content.long_distance, content.good_news)
    assert [o.message for o in offers if len(o.message.split()) > 80] == [], "care first, but briefly"


def test_checkin_has_five_statements(content: Content) -> None:
    assert len(content.checkin) == 5


def test_safety_message_gives_the_hotlines_and_says_it_is_not_therapy(content: Content) -> None:
    message = content.safety.message
    digits = message.replace("-", "")
    assert "not therapy" in message
    assert "1-800-799-7233" in message
    assert "START" in message and "88788" in digits
    assert "911" in digits and "988" in digits


@pytest.mark.parametrize(
    "utterance",
    [
        "he hit me last night",
        "my husband hurts me",
        "i'm scared of my partner",
        "i don't feel safe at home",
        "i want to kill myself",
        "sometimes i want to die",
        "i have been feeling suicidal",
        "she threatened me",
        # a probe's disclosures that a phrase list without them missed
        "he gets so angry he throws things at me",
        "she grabbed my arm so hard it left bruises",
        "sometimes i'm afraid to go home when he's been drinking",
        "i've been thinking about ending it all",
        "honestly i don't see the point in living lately",
        "honestly i'm scared of what he does when he drinks",
        "my husband keeps hurting me",
        "he's been hurting me",
        "he tried to choke me",
        "my boyfriend pushed me",
        # a second probe's wordings
        "my fiancé hit me",  # the accent used to be dropped with the letter
        "he slammed my head against the car door",
        "he hits the kids when he's been drinking",
        "my husband beats me",
        "he said he'd kill me if I left",
        "he won't let me see my friends anymore",
        "i just want it all to stop",
        "everyone would be better off without me",
        # spoken short forms are written out, so one phrase holds every spelling a recogniser may give
        "i dont wanna be alive anymore",
        "i do not wanna be here anymore",
    ],
)
def test_safety_phrases_catch_distress(content: Content, utterance: str) -> None:
    assert is_distress(utterance, content.safety)


@pytest.mark.parametrize(
    "utterance",
    [
        "it just hit me how late it is",
        "she beat me at chess again",
        "i scraped my knee on the table",
        "my feet are killing me",
        "i am afraid of heights",
        "we had grapes for dessert",
        "this traffic is a nightmare",
        "next question please",
        # a probe's table talk that stopped a round with the crisis lines
        "ugh my back is hurting me from sitting all day",
        "i'm not safe to drive after two glasses, so we're taking a cab",
        "my boss forced me to stay late again on friday",
        "the cold forces me to stay inside all winter",
        "that question kinda hurts me a little lol",
        "it hurts me when you're late",  # the I statement Heartline teaches
        "what's the point in living in the city",
        "she pushed me to try sushi and i loved it",
        "he hit me up on text last night",
        "my sister always beats me at monopoly",
        "i hurt myself at the gym lifting too much",
        "they hit me with a parking ticket downtown",
        "she grabbed me a coffee on the way in",
    ],
)
def test_safety_phrases_leave_innocent_talk_alone(content: Content, utterance: str) -> None:
    assert not is_distress(utterance, content.safety)


def test_safety_has_enough_phrasings(content: Content) -> None:
    assert len(content.safety.phrases) >= 30


# --- Own words: nothing copied from the seed article ------------------------------------------------------


def _words(text: str) -> list[str]:
    """Case, punctuation and apostrophes normalised, so that a copy cannot hide behind them."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            yield from _strings(item)


def test_no_content_text_copies_the_seed_article(content: Content) -> None:
    if not SEED.is_file():
        pytest.fail(f"the seed article is needed for this check and was not found at {SEED}")
    seed = _shingles(_words(SEED.read_text(encoding="utf-8")))
    texts = list(_strings(content))
    assert len(texts) > 300
    copied = [(text, " ".join(s)) for text in texts for s in sorted(_shingles(_words(text)) & seed)]
    assert copied == []


def test_seed_check_catches_a_copy_despite_case_and_punctuation() -> None:
    copied = "BUILDING emotional intimacy is an ongoing journey -- not a destination!"
    seed = _shingles(_words("Building emotional intimacy is an ongoing journey, not a destination."))
    assert _shingles(_words(copied)) & seed


# --- Validation: each broken file fails with the file and entry named -------------------------------------


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _corrupt(file: str, change: Callable[[Any], None]) -> Callable[[Path], None]:
    def apply(directory: Path) -> None:
        data = _load_yaml(directory / file)
        change(data)
        _dump_yaml(directory / file, data)

    return apply


def _shipped(file: str, key: str, index: int) -> dict[str, Any]:
    """An entry of the shipped file, counted from 1 as the error messages count."""
    entry: dict[str, Any] = _load_yaml(CONTENT_DIRECTORY / file)[key][index - 1]
    return entry


def _entry(file: str, key: str, index: int) -> str:
    return f"entry {index} (id {_shipped(file, key, index)['id']!r})"


def _replace_text(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


FIRST_TOPIC = _shipped("topics.yaml", "topics", 1)["id"]
BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "duplicate id": (
        _corrupt("topics.yaml", lambda d: d["topics"][8].update(id=d["topics"][2]["id"])),
        f"topics.yaml: duplicate id {_shipped('topics.yaml', 'topics', 3)['id']!r} (entries 3 and 9)",
    ),
    "id shared across decks": (
        _corrupt("dinner.yaml", lambda d: d["questions"][0].update(id=FIRST_TOPIC)),
        f"dinner.yaml: entry 1 (id {FIRST_TOPIC!r}): id already used in topics.yaml",
    ),
    "unknown depth": (
        _corrupt("dinner.yaml", lambda d: d["questions"][11].update(depth="profound")),
        f"dinner.yaml: {_entry('dinner.yaml', 'questions', 12)}: unknown depth 'profound'",
    ),
    "unknown relationship tag": (
        _corrupt("dinner.yaml", lambda d: d["questions"][4].update(fits=["couple", "coworkers"])),
        f"dinner.yaml: {_entry('dinner.yaml', 'questions', 5)}: unknown relationship tag 'coworkers'",
    ),
    "empty text": (
        _corrupt("dinner.yaml", lambda d: d["questions"][11].update(text="   ")),
        f"dinner.yaml: {_entry('dinner.yaml', 'questions', 12)}: empty text",
    ),
    "missing key": (
        _corrupt("topics.yaml", lambda d: d["topics"][3].pop("text")),
        f"topics.yaml: {_entry('topics.yaml', 'topics', 4)}: missing key 'text'",
    ),
    "extra key": (
        _corrupt("learn.yaml", lambda d: d["myths"][1].update(colour="red")),
        f"learn.yaml: myths: {_entry('learn.yaml', 'myths', 2)}: unknown key 'colour'",
    ),
    "offer that is not a question": (
        _corrupt("learn.yaml", lambda d: d["hard_times"].update(offer="Try a listening round.")),
        "learn.yaml: hard_times: offer must be a question: yes starts a listening round",
    ),
    "hard-day offer that is not a question": (
        _corrupt("learn.yaml", lambda d: d["hard_day"].update(offer="Try a support round.")),
        "learn.yaml: hard_day: offer must be a question: yes starts a support round",
    ),
    "missing active-listening answer": (
        _corrupt("learn.yaml", lambda d: d.pop("active_listening")),
        "learn.yaml: missing key 'active_listening'",
    ),
    "unknown placeholder": (
        _corrupt("rounds.yaml", lambda d: d["rounds"][1].update(speak="{name}, you have {minutes}.")),
        "rounds.yaml: entry 2 (id 'needs'): unknown placeholder {name} in speak",
    ),
    "placeholder in plain text": (
        _corrupt("learn.yaml", lambda d: d["faqs"][0].update(answer="Ask {speaker}.")),
        f"learn.yaml: faqs: {_entry('learn.yaml', 'faqs', 1)}: unknown placeholder {{speaker}} in answer",
    ),
    "malformed template": (
        _corrupt("rounds.yaml", lambda d: d["rounds"][0].update(confirm="{speaker, go on")),
        "rounds.yaml: entry 1 (id 'listening'): malformed template in confirm",
    ),
    "missing round": (
        _corrupt("rounds.yaml", lambda d: d["rounds"].pop()),
        "rounds.yaml: missing round 'support'",
    ),
    "too few faqs": (
        _corrupt("learn.yaml", lambda d: d.update(faqs=d["faqs"][:5])),
        "learn.yaml: faqs: expected at least 6 entries, found 5",
    ),
    "wrong check-in count": (
        _corrupt("checkin.yaml", lambda d: d["statements"].pop()),
        "checkin.yaml: expected exactly 5 statements, found 4",
    ),
    "capitalised safety phrase": (
        _corrupt("safety.yaml", lambda d: d["phrases"].__setitem__(2, "Hurting Me")),
        "safety.yaml: phrases: entry 3: phrase 'Hurting Me' must be lower case",
    ),
    "safety pattern naming an unknown word class": (
        _corrupt("safety.yaml", lambda d: d["patterns"].__setitem__(0, "{sayz} ... kill me")),
        "safety.yaml: patterns: entry 1: pattern '{sayz} ... kill me' names an unknown word class {sayz}",
    ),
    "safety pattern left open": (
        _corrupt("safety.yaml", lambda d: d["patterns"].__setitem__(1, "(end|ending it all")),
        "safety.yaml: patterns: entry 2: pattern '(end|ending it all' has an unclosed (",
    ),
    "safety pattern closed twice": (
        _corrupt("safety.yaml", lambda d: d["patterns"].__setitem__(1, "end it all)")),
        "safety.yaml: patterns: entry 2: pattern 'end it all)' has an unmatched ')'",
    ),
    "safety pattern choosing only hedges": (
        _corrupt("safety.yaml", lambda d: d["patterns"].__setitem__(1, "(just|really) kms")),
        "safety.yaml: patterns: entry 2: pattern '(just|really) kms' has a choice of nothing but hedges",
    ),
    "safety word class shadowing person": (
        _corrupt("safety.yaml", lambda d: d["words"].update(person=["the landlord"])),
        "safety.yaml: words: class name 'person' must be lower-case letters and not person, between or named",
    ),
    "broken yaml": (
        lambda directory: _replace_text(directory / "safety.yaml", "\nphrases:\n", "\nphrases: [\n"),
        "safety.yaml: not valid YAML: line",
    ),
    "missing file": (
        lambda directory: (directory / "learn.yaml").unlink(),
        "learn.yaml: file not found",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_content_names_the_file_and_entry(tmp_path: Path, case: str) -> None:
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIRECTORY, directory)
    corrupt, expected = BROKEN[case]
    corrupt(directory)
    with pytest.raises(ContentError) as raised:
        load_content(directory)
    assert str(raised.value).startswith(expected)


def test_every_placeholder_is_one_build_round_fills() -> None:
    assert PLACEHOLDERS == frozenset(SAMPLE)
