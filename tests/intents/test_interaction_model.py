"""The interaction model source, its validation, and the generated ASK CLI model file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import InteractionModelData

from intents.interaction_model import (
    DEFAULT_ASK_MODEL,
    InteractionModel,
    expand,
    generate,
    load_model,
    render_ask_json,
    sample_slots,
    to_ask_json,
)
from skill.content_files import load_content
from skill.errors import ModelError

CUSTOM_INTENTS = {
    "StartListeningRoundIntent": {"minutes": "AMAZON.NUMBER", "first_speaker": "AMAZON.FirstName", "depth": "DEPTH"},
    "DinnerQuestionIntent": {"depth": "DEPTH", "theme": "THEME"},
    "MyTurnIntent": {"next_speaker": "AMAZON.FirstName"},
    "WhyNamesIntent": {},
    "ListenerHowIntent": {},
    "OwnTopicIntent": {},
    "CostIntent": {},
    "EyeContactIntent": {},
    "PartnerLeftIntent": {},
    "DeeperIntent": {},
    "LighterIntent": {},
    "SetNamesIntent": {
        "first_name": "AMAZON.FirstName",
        "second_name": "AMAZON.FirstName",
        "first_speaker": "AMAZON.FirstName",
    },
    "NeedsRoundIntent": {"minutes": "AMAZON.NUMBER", "first_speaker": "AMAZON.FirstName"},
    "EmpathyRoundIntent": {"minutes": "AMAZON.NUMBER", "first_speaker": "AMAZON.FirstName"},
    "SupportRoundIntent": {"minutes": "AMAZON.NUMBER", "first_speaker": "AMAZON.FirstName"},
    "MythIntent": {"myth": "MYTH"},
    "FaqIntent": {"topic": "FAQ_TOPIC"},
    "ChooseIntent": {"choice": "ORDINAL", "position": "AMAZON.NUMBER"},
    "UnsureIntent": {},
    "AboutNeedsIntent": {},
    "AboutFeelingsIntent": {},
    "SameTopicIntent": {},
    "AffectionIntent": {},
    "RelationshipIntent": {"relation": "RELATION"},
    "SofterIntent": {},
    "OutOfScopeIntent": {},
    "AboutRepairIntent": {},
    "HowLongIntent": {"minutes": "AMAZON.NUMBER", "span": "TIME_SPAN"},
    "BusyIntent": {},
    "LongDistanceIntent": {},
    "AwkwardIntent": {},
    "HowOftenIntent": {},
    "AboutRoundIntent": {"exercise": "EXERCISE", "other_exercise": "EXERCISE"},
    "ComplaintIntent": {},
    "StylesIntent": {},
    "OurNamesIntent": {},
    "AboutIntimacyIntent": {"part": "PART"},
    "AboutListeningIntent": {},
    "HardTimesIntent": {},
    "HardDayIntent": {},
    "CheckInIntent": {"score": "AMAZON.NUMBER", "answer": "CHECKIN_WORD"},
    "ProgressIntent": {},
    "SettingsIntent": {"minutes": "AMAZON.NUMBER", "setting": "SETTING"},
    "SafetyIntent": {"person": "AMAZON.FirstName"},
    "DeleteDataIntent": {},
    "MoreTimeIntent": {"who": "AMAZON.FirstName"},
    "ChangeTopicIntent": {},
    "RoundStatusIntent": {},
    "DoneIntent": {},
    "ThatsAllIntent": {},
    "ThanksIntent": {},
    "StuckIntent": {},
    "TableTalkIntent": {},
    "AboutActivityIntent": {"activity": "ACTIVITY"},
    "RoundFlowIntent": {},
    "HeavyMomentIntent": {},
    "GoodNewsIntent": {},
    "DinnerRulesIntent": {},
    "BeyondScopeIntent": {},
    "AboutQuestionsIntent": {"depth": "DEPTH"},
    "DoesItWorkIntent": {},
    "ClarifyIntent": {},
    "RoundStrainIntent": {},
    "RenameIntent": {
        "new_name": "AMAZON.FirstName",
        "old_name": "AMAZON.FirstName",
        "first_name": "AMAZON.FirstName",
        "second_name": "AMAZON.FirstName",
    },
    "CheckInHowIntent": {},
    "SplitScoreIntent": {
        "score": "AMAZON.NUMBER",
        "other_score": "AMAZON.NUMBER",
        "half": "HALF",
        "first_name": "AMAZON.FirstName",
        "second_name": "AMAZON.FirstName",
    },
    "MoreIntent": {},
    "SwapAgainIntent": {},
    "PartHowIntent": {},
    "AboutSupportIntent": {},
    "GreetingIntent": {},
    "AboutSkillIntent": {},
    "PrivacyIntent": {},
    "SlowerIntent": {},
    "LouderIntent": {},
}
BUILTIN_INTENTS = {
    f"AMAZON.{name}Intent"
    for name in (
        "Help Stop Cancel Fallback NavigateHome Repeat Yes No Next Previous Pause Resume StartOver "
        "LoopOn LoopOff ShuffleOn ShuffleOff"
    ).split()
}
MAIN_INTENTS = {"StartListeningRoundIntent", "DinnerQuestionIntent", "CheckInIntent", "SafetyIntent"}


@pytest.fixture(scope="module")
def model() -> InteractionModel:
    return load_model()


@pytest.fixture(scope="module")
def ask_file() -> dict:
    return json.loads(DEFAULT_ASK_MODEL.read_text(encoding="utf-8"))


def _language_model(data: dict) -> dict:
    return data["interactionModel"]["languageModel"]


def test_committed_ask_model_is_current(model: InteractionModel) -> None:
    fresh = render_ask_json(model)
    committed = DEFAULT_ASK_MODEL.read_text(encoding="utf-8") if DEFAULT_ASK_MODEL.exists() else ""
    assert committed == fresh, (
        f"{DEFAULT_ASK_MODEL} is stale: run `heartline model` after editing intents/model/en-US.yaml"
    )


def test_generation_is_deterministic_and_ends_with_a_newline(tmp_path: Path, model: InteractionModel) -> None:
    first = generate(tmp_path / "a.json").read_text(encoding="utf-8")
    second = generate(tmp_path / "b.json").read_text(encoding="utf-8")
    assert first == second == render_ask_json(model)
    assert first.endswith("}\n")


def test_ask_model_round_trips_through_smapi_model(ask_file: dict) -> None:
    serializer = DefaultSerializer()
    parsed = serializer.deserialize(json.dumps(ask_file), InteractionModelData)
    assert isinstance(parsed, InteractionModelData)
    assert serializer.serialize(parsed) == ask_file


def test_invocation_name_is_heart_line(ask_file: dict) -> None:
    assert _language_model(ask_file)["invocationName"] == "heart line"


def test_every_intent_is_in_the_ask_model_with_its_slots(ask_file: dict) -> None:
    intents = {i["name"]: i for i in _language_model(ask_file)["intents"]}
    assert set(intents) == set(CUSTOM_INTENTS) | BUILTIN_INTENTS
    for name, slots in CUSTOM_INTENTS.items():
        declared = {s["name"]: s["type"] for s in intents[name].get("slots", [])}
        assert declared == slots, name


def test_builtins_carry_only_deliberate_extensions(ask_file: dict, model: InteractionModel) -> None:
    intents = {i["name"]: i for i in _language_model(ask_file)["intents"]}
    for name in BUILTIN_INTENTS:
        assert intents[name]["samples"] == list(model.intent(name).samples), name
        assert "slots" not in intents[name]
    assert intents["AMAZON.FallbackIntent"]["samples"] == []
    assert intents["AMAZON.HelpIntent"]["samples"] == []


def test_every_sample_slot_is_declared_in_its_intent(ask_file: dict) -> None:
    for intent in _language_model(ask_file)["intents"]:
        declared = {s["name"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            assert set(sample_slots(sample)) <= declared, (intent["name"], sample)


def test_every_slot_type_exists(ask_file: dict) -> None:
    custom = {t["name"] for t in _language_model(ask_file)["types"]}
    for intent in _language_model(ask_file)["intents"]:
        for slot in intent.get("slots", []):
            assert slot["type"].startswith("AMAZON.") or slot["type"] in custom, (intent["name"], slot)


def test_custom_intents_have_enough_samples(ask_file: dict) -> None:
    intents = {i["name"]: i for i in _language_model(ask_file)["intents"]}
    for name in CUSTOM_INTENTS:
        wanted = 12 if name in MAIN_INTENTS else 8
        assert len(intents[name]["samples"]) >= wanted, name
    assert len(intents["SafetyIntent"]["samples"]) >= 20


def test_no_sample_is_shared_by_two_intents(ask_file: dict, model: InteractionModel) -> None:
    owner: dict[str, str] = {}
    for intent in model.intents:
        for sample in intent.phrases:
            assert owner.setdefault(sample, intent.name) == intent.name, (sample, owner[sample], intent.name)
    for intent in _language_model(ask_file)["intents"]:
        assert len(intent["samples"]) == len(set(intent["samples"])), intent["name"]


def test_no_filled_in_custom_slot_reads_as_another_intents_sample(model: InteractionModel) -> None:
    """Alexa reports 'a {depth} question' with 'deeper' against a literal 'a deeper question' as a conflict."""
    owner = {s: i.name for i in model.intents for s in i.phrases if not sample_slots(s)}
    for intent in model.intents:
        for sample in intent.samples:
            for slot in sample_slots(sample):
                slot_type = model.slot_type(intent.slots[slot])
                if slot_type is None:
                    continue
                for value in slot_type.values:
                    for phrase in (value.name, *value.synonyms):
                        filled = sample.replace("{" + slot + "}", phrase)
                        if not sample_slots(filled):
                            assert owner.get(filled, intent.name) == intent.name, (filled, owner.get(filled))


def test_samples_follow_alexa_sample_rules(ask_file: dict) -> None:
    for intent in _language_model(ask_file)["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            assert sample == sample.lower() and sample == " ".join(sample.split()), sample
            assert not any(ch.isdigit() for ch in sample), sample
            tokens = sample.split()
            for left, right in zip(tokens, tokens[1:], strict=False):
                if left.startswith("{") and right.startswith("{"):
                    assert "AMAZON.NUMBER" not in (types[left[1:-1]], types[right[1:-1]]), sample


def test_custom_types_have_the_expected_value_ids(model: InteractionModel) -> None:
    ids = {name: [v.id for v in t.values] for name, t in model.slot_types.items()}
    assert ids["DEPTH"] == ["light", "medium", "deep"]
    assert ids["SETTING"] == ["round", "dinner"]
    assert set(ids["FAQ_TOPIC"]) == {
        "faq-signs",
        "faq-just-met",
        "faq-not-interested",
        "faq-men-women-friends",
        "faq-too-much",
        "faq-always-talking",
        "faq-phones",
    }
    for value in model.slot_types["FAQ_TOPIC"].values:
        assert len(value.synonyms) >= 3, value.id
    parts = [p.id for p in load_content().parts]
    assert ids["PART"] == parts, "each part of intimacy the skill explains can be asked about by name"
    assert set(ids["MYTH"]) <= {m.id for m in load_content().myths}, "a myth asked about is one the skill tells"
    assert all(i.isdigit() for i in ids["TIME_SPAN"]), "a span's id is the minutes it stands for"
    assert ids["THEME"] == list(load_content().dinner.themes), "each theme asked for is one the dinner deck has"


def test_expand_covers_alternatives_options_and_slots() -> None:
    assert expand("[let's] (start|do) a {depth} round") == [
        "let's start a {depth} round",
        "let's do a {depth} round",
        "start a {depth} round",
        "do a {depth} round",
    ]
    assert expand("what should we talk about [over dinner|tonight]") == [
        "what should we talk about over dinner",
        "what should we talk about tonight",
        "what should we talk about",
    ]
    assert expand("(a|(b|c) d)") == ["a", "b d", "c d"]


@pytest.mark.parametrize("template", ["(start|do a round", "go] deeper", "{minutes minutes", "a {bad-name}"])
def test_expand_rejects_broken_templates(template: str) -> None:
    with pytest.raises(ModelError):
        expand(template)


DEEP_ONLY = "  DEPTH:\n    - {id: deep, name: deep}"


def _write_model(tmp_path: Path, intents: str, slot_types: str = DEEP_ONLY) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(
        "invocation: heart line\n"
        f"slot_types:\n{slot_types}\n"
        f"intents:\n{intents}\n"
        "builtin_phrases:\n  AMAZON.HelpIntent: [help]\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("intents", "message"),
    [
        ("  AIntent:\n    samples: ['go for {minutes} minutes']", "AIntent"),
        ("  AIntent:\n    slots: {depth: NOPE}\n    samples: ['a {depth} one']", "unknown type NOPE"),
        (
            "  AIntent:\n    samples: [go deeper]\n  BIntent:\n    samples: ['[please] go deeper']",
            "both AIntent and BIntent",
        ),
        (
            "  AIntent:\n    slots: {a: AMAZON.NUMBER, b: AMAZON.NUMBER}\n    samples: ['{a} {b}']",
            "number slot next to",
        ),
        ("  AIntent:\n    samples: ['go 5 deeper']", "'go 5 deeper'"),
        ("  AIntent:\n    slots: {depth: DEPTH}\n    samples: [go deeper]", "declared but no sample uses it"),
        ("  AIntent:\n    samples: [go deeper, '[let''s] go deeper']", "already comes from template"),
        ("  AIntent:\n    samples: [help]", "both AIntent and AMAZON.HelpIntent"),
    ],
)
def test_load_model_names_the_intent_and_problem(tmp_path: Path, intents: str, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        load_model(_write_model(tmp_path, intents))
    assert message in str(caught.value)
    assert "AIntent" in str(caught.value)


def test_load_model_accepts_a_minimal_model(tmp_path: Path) -> None:
    model = load_model(_write_model(tmp_path, "  AIntent:\n    slots: {depth: DEPTH}\n    samples: ['a {depth} one']"))
    assert model.intent("AIntent").samples == ("a {depth} one",)
    assert to_ask_json(model)["interactionModel"]["languageModel"]["types"][0]["name"] == "DEPTH"


def test_a_typed_only_template_goes_to_alexa_and_the_matcher_but_not_the_voice_grammar(tmp_path: Path) -> None:
    from intents.matcher import Matcher

    intents = "  AIntent:\n    samples: [go deeper, '~ (take us|bring us) deeper']"
    model = load_model(_write_model(tmp_path, intents))
    intent = model.intent("AIntent")
    assert intent.samples == ("go deeper", "take us deeper", "bring us deeper")
    assert intent.typed_only == {"take us deeper", "bring us deeper"}
    assert intent.heard_phrases == ("go deeper",)
    (sent,) = [i for i in to_ask_json(model)["interactionModel"]["languageModel"]["intents"] if i["name"] == "AIntent"]
    assert sent["samples"] == ["go deeper", "take us deeper", "bring us deeper"], "the mark never reaches Alexa"
    assert Matcher(model).match("bring us deeper").intent == "AIntent"


def test_an_exact_only_template_is_typed_only_and_never_a_near_match(tmp_path: Path) -> None:
    from intents.matcher import Matcher

    intents = (
        '  AIntent:\n    samples: [go deeper, "~= (i\'m|i am) done"]\n'
        '  BIntent:\n    samples: ["~ (i\'m|i am) ready for this"]'
    )
    model = load_model(_write_model(tmp_path, intents))
    intent = model.intent("AIntent")
    assert intent.samples == ("go deeper", "i'm done", "i am done")
    assert intent.typed_only == intent.exact_only == {"i'm done", "i am done"}
    (sent,) = [i for i in to_ask_json(model)["interactionModel"]["languageModel"]["intents"] if i["name"] == "AIntent"]
    assert sent["samples"] == ["go deeper", "i'm done", "i am done"], "the mark never reaches Alexa"
    matcher = Matcher(model)
    assert matcher.match("I'm done").intent == "AIntent"
    assert matcher.match("I'm done with this book").intent == "AMAZON.FallbackIntent"
    assert matcher.match("I'm ready for this book").intent == "BIntent", "a typed-only sample still matches near"


def test_a_typed_only_synonym_resolves_typed_and_for_alexa_but_is_not_a_voice_filler(tmp_path: Path) -> None:
    from audio.grammar import build_grammar
    from intents.matcher import Matcher

    types = "  DEPTH:\n    - {id: deep, name: deep, synonyms: [serious, '~ really really intense']}"
    model = load_model(
        _write_model(tmp_path, "  AIntent:\n    slots: {depth: DEPTH}\n    samples: ['a {depth} one']", types)
    )
    (value,) = model.slot_types["DEPTH"].values
    assert value.synonyms == ("serious", "really really intense") and value.heard_phrases == ("deep", "serious")
    sent = to_ask_json(model)["interactionModel"]["languageModel"]["types"][0]["values"][0]
    assert sent["name"]["synonyms"] == ["serious", "really really intense"], "the mark never reaches Alexa"
    found = Matcher(model).match("a really really intense one")
    assert found.intent == "AIntent" and found.slots["depth"].resolved_id == "deep"
    grammar = build_grammar(model, (), lambda word: "AH")
    assert "a serious one" in grammar.sentences and not any("intense" in s for s in grammar.sentences)


def test_every_common_question_can_be_picked_by_its_place(model: InteractionModel) -> None:
    from skill.content_files import load_content

    places = {value.id for value in model.slot_types["ORDINAL"].values}
    wanted = {str(n) for n in range(1, len(load_content().faqs) + 1)}
    assert wanted <= places, "a common question added to the content needs its ordinal ('the eighth one')"
