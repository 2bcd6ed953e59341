"""AudioPlayer and PlaybackController requests: the device reports progress, the skill lines up what's next.

These requests arrive outside any session and their responses may carry no speech. Each checks the token
against the household's active round, so an event for a round that was stopped or replaced changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from ask_sdk_model import Response

from intents.base import RequestTypeHandler
from intents.context import Turn
from intents.rounds import (
    DINNER,
    MAX_PLAYBACK_FAILURES,
    another_question,
    belongs_to_active,
    current_token,
    jump_to,
    pause_round,
    phase_at,
    play_directive,
    played_out,
    stop_round,
    track_count,
    with_track,
)

log = logging.getLogger(__name__)


class PlaybackStartedHandler(RequestTypeHandler):
    request_types = ("AudioPlayer.PlaybackStarted",)

    def respond(self, turn: Turn) -> Response:
        token = current_token(turn)
        active = turn.household.active
        if active is not None and token is not None and belongs_to_active(turn, token):
            updated = replace(active, phase=token.phase, paused=False, failures=0, queued_after=-1)
            if updated != active:
                turn.household = replace(turn.household, active=updated)
        return turn.silent()


class PlaybackNearlyFinishedHandler(RequestTypeHandler):
    request_types = ("AudioPlayer.PlaybackNearlyFinished",)

    def respond(self, turn: Turn) -> Response:
        token = current_token(turn)
        active = turn.household.active
        if active is None or token is None or not belongs_to_active(turn, token):
            return turn.silent()
        if active.queued_after == token.phase:
            return turn.silent()  # the same request again: its next part is queued already
        following = token.phase + 1
        if following < track_count(turn, active):
            active = with_track(turn, active, following)
            if phase_at(turn, active, following) is not None:
                turn.handler_input.response_builder.add_directive(
                    play_directive(turn, active, following, enqueue_after=token)
                )
                turn.household = replace(turn.household, active=replace(active, queued_after=token.phase))
        return turn.silent()


class PlaybackFinishedHandler(RequestTypeHandler):
    """A track played to its end with none after it: the round is over (and counted), or the dinner is (and not
    counted, ``over``). A dinner's next question is drawn and enqueued on PlaybackNearlyFinished, which Alexa sends
    first; when that never came there is no next track, and Alexa takes only Stop or ClearQueue in answer to
    PlaybackFinished, so the audio has ended either way: "next" then carries the dinner on
    (``NextQuestionHandler``), at the same depth and theme."""

    request_types = ("AudioPlayer.PlaybackFinished",)

    def respond(self, turn: Turn) -> Response:
        token = current_token(turn)
        active = turn.household.active
        if active is not None and token is not None and belongs_to_active(turn, token):
            if phase_at(turn, active, token.phase + 1) is None:
                turn.household = played_out(turn.household, turn.today)
        return turn.silent()


class PlaybackStoppedHandler(RequestTypeHandler):
    request_types = ("AudioPlayer.PlaybackStopped",)

    def respond(self, turn: Turn) -> Response:
        token = current_token(turn)
        active = turn.household.active
        offset = getattr(turn.request, "offset_in_milliseconds", None)
        if active is not None and token is not None and belongs_to_active(turn, token):
            updated = replace(
                active, phase=token.phase, paused=True, offset_ms=offset if isinstance(offset, int) else 0
            )
            turn.household = replace(turn.household, active=updated)
        return turn.silent()


class PlaybackFailedHandler(RequestTypeHandler):
    """Log, then retry the phase from where it stopped; give up after a few failures so it cannot loop."""

    request_types = ("AudioPlayer.PlaybackFailed",)

    def respond(self, turn: Turn) -> Response:
        error = getattr(turn.request, "error", None)
        log.warning(
            "playback failed: type=%r message=%r",
            getattr(error, "object_type", None),
            getattr(error, "message", None),
        )
        token = current_token(turn)
        active = turn.household.active
        if active is None or token is None or not belongs_to_active(turn, token):
            return turn.silent()
        failures = active.failures + 1
        if failures > MAX_PLAYBACK_FAILURES:
            turn.household = replace(turn.household, active=replace(active, paused=True, failures=failures))
            return turn.silent()
        turn.household = replace(turn.household, active=replace(active, failures=failures))
        return jump_to(turn, token.phase)


class PlaybackControllerHandler(RequestTypeHandler):
    """The device's own buttons: same moves as the spoken commands, without speech. Next on a round's last part
    finishes it, as "next" said there does (it used to play that part again, however often it was pressed), but
    stops in silence: an answer to a button carries AudioPlayer directives only, so no check-in can be offered
    ("we're done" or "check in" still brings one). Next in a dinner is another question, as by voice."""

    request_types = (
        "PlaybackController.NextCommandIssued",
        "PlaybackController.PreviousCommandIssued",
        "PlaybackController.PlayCommandIssued",
        "PlaybackController.PauseCommandIssued",
    )

    def respond(self, turn: Turn) -> Response:
        active = turn.household.active
        kind = turn.request.object_type
        if active is None:
            return turn.silent()
        if kind == "PlaybackController.NextCommandIssued":
            if active.exercise == DINNER:
                return another_question(turn, active.phase + 1)
            if active.phase + 1 >= track_count(turn, active):
                return stop_round(turn, finished=True)
            return jump_to(turn, active.phase + 1)
        if kind == "PlaybackController.PreviousCommandIssued":
            return jump_to(turn, active.phase - 1)
        if kind == "PlaybackController.PauseCommandIssued":
            return pause_round(turn)
        return jump_to(turn, active.phase, offset_ms=active.offset_ms)


class ExceptionEncounteredHandler(RequestTypeHandler):
    request_types = ("System.ExceptionEncountered",)

    def respond(self, turn: Turn) -> Response:
        error = getattr(turn.request, "error", None)
        log.warning("device reported an error with our response: %r", getattr(error, "message", None))
        return turn.silent()
