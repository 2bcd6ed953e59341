"""A session as Alexa would hold it, shared by the envelope tests that read the log as well as the answers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.intents.test_round_flow import Alexa


@pytest.fixture
def logged_alexa(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Alexa:
    """Launched, names given (Sam and Alex), every log line kept: a request must be answered without an ERROR
    line, and the odd ones name themselves in a WARNING."""
    caplog.set_level(logging.DEBUG)
    a = Alexa(tmp_path / "h.db")
    a.send(a.factory.launch(a.session))
    a.intent("SetNamesIntent", first_name="Sam", second_name="Alex")
    return a
