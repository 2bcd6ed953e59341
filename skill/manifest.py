"""The ASK CLI skill manifest (``deploy/alexa/skill-package/skill.json``), generated from settings.

The endpoint URI depends on where the server is reachable (``HEARTLINE_PUBLIC_URL``) and the example
phrases must match the interaction model, so the file is made by code, not edited by hand: the store
listing's words live in ``deploy/alexa/listing.yaml``, and a test checks the committed skill.json equals
what this module makes with the default public URL. For a real deployment:
``HEARTLINE_PUBLIC_URL=https://your.host python -m skill.manifest``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from skill.config import Settings
from skill.errors import ConfigError, ContentError, HeartlineError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALEXA_DIR = PROJECT_ROOT / "deploy" / "alexa"
MANIFEST_PATH = ALEXA_DIR / "skill-package" / "skill.json"
LISTING_PATH = ALEXA_DIR / "listing.yaml"
ENDPOINT_PATH = "/alexa"


@dataclass(frozen=True)
class Listing:
    """What the skill store shows (en-US)."""

    name: str
    category: str
    summary: str
    description: str
    keywords: tuple[str, ...]
    example_requests: tuple[tuple[str, str], ...]
    """(launch words with ``{invocation}``, a sample utterance of the interaction model)."""
    testing_instructions: str


def load_listing(path: Path = LISTING_PATH) -> Listing:
    """Read and check the listing file; a missing or mistyped field names the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot read the store listing: {exc}") from exc
    if not isinstance(raw, dict):
        raise ContentError(f"{path}: expected a mapping at the top level")

    def text(key: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{path}: {key} must be non-empty text")
        return value.strip()

    keywords = raw.get("keywords")
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise ContentError(f"{path}: keywords must be a list of words")
    requests = raw.get("example_requests")
    if not isinstance(requests, list) or not all(
        isinstance(r, dict) and isinstance(r.get("launch"), str) and isinstance(r.get("sample"), str) for r in requests
    ):
        raise ContentError(f"{path}: example_requests must be a list of {{launch, sample}}")
    return Listing(
        name=text("name"),
        category=text("category"),
        summary=text("summary"),
        description=text("description"),
        keywords=tuple(keywords),
        example_requests=tuple((r["launch"], r["sample"]) for r in requests),
        testing_instructions=text("testing_instructions"),
    )


def endpoint_uri(settings: Settings) -> str:
    """Where Alexa posts requests: the public https base plus ``/alexa``."""
    base = settings.public_url.rstrip("/")
    parts = urlsplit(base)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(f"HEARTLINE_PUBLIC_URL={settings.public_url!r} must be an https URL with a host")
    return base + ENDPOINT_PATH


def example_phrases(listing: Listing, invocation: str) -> list[str]:
    """The first opens the skill; the rest ask it for something with a sample utterance."""
    phrases = [f"Alexa, open {invocation}"]
    for launch, sample in listing.example_requests:
        phrases.append(f"Alexa, {launch.format(invocation=invocation)} {sample}")
    return phrases


def build_manifest(settings: Settings, invocation: str | None = None, listing: Listing | None = None) -> dict[str, Any]:
    """The manifest as JSON data; ``invocation`` defaults to the interaction model's."""
    if invocation is None:
        from intents.interaction_model import load_model  # the model is the one source of the invocation

        invocation = load_model().invocation
    listing = listing or load_listing()
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    "en-US": {
                        "name": listing.name,
                        "summary": listing.summary,
                        "description": listing.description,
                        "examplePhrases": example_phrases(listing, invocation),
                        "keywords": list(listing.keywords),
                    }
                },
                "category": listing.category,
                "distributionCountries": ["US"],
                "isAvailableWorldwide": False,
                "testingInstructions": listing.testing_instructions,
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "containsAds": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "usesPersonalInfo": True,
                "locales": {"en-US": {"privacyPolicyUrl": f"{settings.public_url}/privacy"}},
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": endpoint_uri(settings), "sslCertificateType": "Trusted"},
                    "interfaces": [{"type": "AUDIO_PLAYER"}],
                }
            },
            "permissions": [],
        }
    }


def render_manifest(settings: Settings, invocation: str | None = None) -> str:
    """The file's exact text: two-space indents, keys in the order above, a final newline."""
    return json.dumps(build_manifest(settings, invocation), indent=2, ensure_ascii=False) + "\n"


def write_manifest(settings: Settings, path: Path = MANIFEST_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_manifest(settings), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the ASK CLI skill manifest from HEARTLINE_* settings.")
    parser.add_argument("--out", type=Path, default=MANIFEST_PATH, help="where to write skill.json")
    args = parser.parse_args(argv)
    if not os.environ.get("HEARTLINE_PUBLIC_URL"):
        # Without it the manifest named https://localhost:5000, which Alexa cannot reach, and said nothing.
        print("skill.manifest: set HEARTLINE_PUBLIC_URL to the skill's public https address", file=sys.stderr)
        return 2
    try:
        print(write_manifest(Settings.from_env(), args.out))
    except HeartlineError as exc:
        print(f"skill.manifest: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
