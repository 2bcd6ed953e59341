"""The ASK CLI skill manifest is generated, valid against Amazon's model classes, and current in the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_smapi_model.v1.skill.manifest.skill_manifest_envelope import SkillManifestEnvelope

from intents.interaction_model import load_model
from skill.config import Settings
from skill.errors import ConfigError, ContentError
from skill.manifest import MANIFEST_PATH, build_manifest, endpoint_uri, load_listing, render_manifest


def test_the_committed_manifest_is_what_the_code_generates() -> None:
    """If this fails, run `python -m skill.manifest` (without HEARTLINE_PUBLIC_URL) and commit the file."""
    assert MANIFEST_PATH.read_text(encoding="utf-8") == render_manifest(Settings())


def test_the_manifest_survives_amazons_model_classes_unchanged() -> None:
    """ask-smapi-model drops fields it does not know and refuses bad enum values: a round trip finds typos."""
    manifest = build_manifest(Settings())
    serializer = DefaultSerializer()
    parsed = serializer.deserialize(json.dumps(manifest), SkillManifestEnvelope)
    assert serializer.serialize(parsed) == manifest


def test_the_endpoint_follows_the_public_url() -> None:
    manifest = build_manifest(Settings(public_url="https://heartline.example.com/"))
    endpoint = manifest["manifest"]["apis"]["custom"]["endpoint"]
    assert endpoint == {"uri": "https://heartline.example.com/alexa", "sslCertificateType": "Trusted"}


@pytest.mark.parametrize("url", ["http://heartline.example.com", "heartline.example.com", "https://"])
def test_a_public_url_alexa_cannot_use_is_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="HEARTLINE_PUBLIC_URL"):
        endpoint_uri(Settings(public_url=url))


def test_example_phrases_use_the_invocation_and_model_samples() -> None:
    model = load_model()
    phrases = build_manifest(Settings())["manifest"]["publishingInformation"]["locales"]["en-US"]["examplePhrases"]
    assert phrases[0] == f"Alexa, open {model.invocation}"
    samples = {sample for intent in model.intents for sample in intent.samples}
    for launch, sample in load_listing().example_requests:
        assert sample in samples, f"{sample!r} is not an utterance of the interaction model"
        assert f"Alexa, {launch.format(invocation=model.invocation)} {sample}" in phrases


def test_the_description_says_it_is_not_therapy_and_gives_the_hotlines() -> None:
    description = build_manifest(Settings())["manifest"]["publishingInformation"]["locales"]["en-US"]["description"]
    assert "not therapy" in description
    for number in ("911", "988", "1-800-799-7233"):
        assert number in description
    assert len(description) <= 4000


def test_the_skill_declares_the_audio_player_and_no_permissions() -> None:
    manifest = build_manifest(Settings())["manifest"]
    assert manifest["apis"]["custom"]["interfaces"] == [{"type": "AUDIO_PLAYER"}]
    assert manifest["permissions"] == []
    assert len(manifest["publishingInformation"]["locales"]["en-US"]["summary"]) <= 160


def test_a_broken_listing_names_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "listing.yaml"
    path.write_text("name: Heartline\nsummary: ''\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"listing.yaml: .*keywords|listing.yaml: .*must be"):
        load_listing(path)
