"""A phase's description sealed into its own audio URL, so any host holding the key can render the track.

A track is rendered from its phase (the cue, its speaker, its warnings), and that description had lived only in
the audio folder of the host that started the round. So a track handed out by a Lambda (which cannot serve
audio) or by one of several web hosts was a 404 everywhere else (a deployment probe). With ``HEARTLINE_AUDIO_KEY``
set alike on every host and on the Lambda, each URL carries its phase description: compressed, then sealed with
AES-GCM (``cryptography``), the track id bound in as associated data. Sealed, not only signed: the cues hold the
couple's names, and URLs end up in access logs. Nobody without the key can read a description or make the
server speak words of their choosing, and a description moved to another track's URL does not open.

No numpy, no audio: the Lambda seals URLs without rendering anything.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import zlib
from dataclasses import asdict

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from skill.rounds import Phase, Role, Warning

NONCE_BYTES = 12
MAX_SEALED_CHARS = 2048
"""Longer is refused before any work: a real description seals to about 300-450 characters."""
MAX_DESCRIPTION_BYTES = 16 * 1024
"""The most a sealed description may unpack to (a zip bomb is not a phase)."""


def phase_to_json(phase: Phase) -> bytes:
    return json.dumps(asdict(phase), sort_keys=True).encode()


def phase_from_json(data: bytes) -> Phase:
    raw = json.loads(data)
    return Phase(
        index=int(raw["index"]),
        role=Role(raw["role"]),
        who=str(raw["who"]),
        seconds=int(raw["seconds"]),
        cue=str(raw["cue"]),
        warnings=tuple(Warning(int(w["seconds_left"]), str(w["text"])) for w in raw.get("warnings", [])),
    )


def audio_key(secret: str) -> bytes:
    """The 256-bit AES key for a configured secret (any string; a long random one)."""
    return hashlib.sha256(b"heartline audio descriptions\0" + secret.encode()).digest()


def seal(phase: Phase, key: bytes) -> str:
    """The phase's description as a URL-safe token only ``key`` opens, for this phase's track id alone."""
    nonce = os.urandom(NONCE_BYTES)
    packed = zlib.compress(phase_to_json(phase), 9)
    sealed = AESGCM(key).encrypt(nonce, packed, phase.track_id().encode())
    return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()


def open_sealed(token: str, track_id: str, key: bytes) -> Phase | None:
    """The phase sealed in ``token`` for ``track_id``, or None: wrong key, altered, another track's, or junk."""
    if not token or len(token) > MAX_SEALED_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        packed = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], track_id.encode())
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_DESCRIPTION_BYTES)
        if inflater.unconsumed_tail:
            return None
        phase = phase_from_json(data)
    except (InvalidTag, ValueError, binascii.Error, zlib.error, KeyError, TypeError):
        return None
    return phase if phase.track_id() == track_id else None
