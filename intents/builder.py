"""Assembling the skill: handlers in the order that decides who answers, interceptors, the store.

Order matters: safety first (a distress phrase wins over whatever intent carried it), then answers the
conversation is waiting for, then round and dinner controls, then everything else, then the fallback, then
requests beside the conversation (``intents.events``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from intents import (
    asides,
    audioplayer,
    checkin,
    clarify,
    common,
    dinner,
    events,
    household,
    learn,
    more,
    rounds,
    safety,
)
from intents.errors import CatchAllHandler
from intents.interceptors import LoadTurn, SaveTurn
from intents.persistence import StorePersistenceAdapter
from intents.timezones import DeviceZones
from intents.tracks import PhaseCatalog, TrackCatalog
from skill.clock import utc_now
from skill.config import Settings
from skill.content_files import load_content
from skill.decks import Content
from skill.store import Store, open_store

HANDLERS = (
    common.DistressInSlotsHandler,
    safety.SafetyHandler,
    audioplayer.PlaybackStartedHandler,
    audioplayer.PlaybackNearlyFinishedHandler,
    audioplayer.PlaybackFinishedHandler,
    audioplayer.PlaybackStoppedHandler,
    audioplayer.PlaybackFailedHandler,
    audioplayer.PlaybackControllerHandler,
    audioplayer.ExceptionEncounteredHandler,
    common.SessionEndedHandler,
    common.LaunchHandler,
    common.PendingNumberHandler,
    common.StopHandler,
    household.SetNamesHandler,
    rounds.StartRoundHandler,
    rounds.SameTopicHandler,
    rounds.NextPhaseHandler,
    rounds.PreviousPhaseHandler,
    rounds.StartOverRoundHandler,
    rounds.PauseHandler,
    rounds.ResumeHandler,
    rounds.MoreTimeHandler,
    common.NamesAskedStatusHandler,
    common.WhyNamesHandler,
    rounds.RoundStatusHandler,
    rounds.DoneHandler,
    rounds.ThatsAllHandler,
    dinner.DinnerQuestionHandler,
    dinner.DeeperHandler,
    dinner.LighterHandler,
    dinner.ChangeTopicHandler,
    dinner.NextQuestionHandler,
    dinner.PreviousQuestionHandler,
    asides.CheckInOverRoundHandler,
    common.ScaleWordToOfferHandler,
    checkin.CheckInHandler,
    checkin.ProgressHandler,
    checkin.CheckInHowHandler,
    checkin.SplitScoreHandler,
    learn.MythHandler,
    learn.FaqHandler,
    common.ChooseHandler,
    learn.StylesHandler,
    learn.AboutIntimacyHandler,
    learn.HardTimesHandler,
    learn.HardDayHandler,
    learn.AboutSupportHandler,
    learn.AboutListeningHandler,
    learn.AboutNeedsHandler,
    learn.AboutFeelingsHandler,
    learn.AboutRepairHandler,
    more.MoreHandler,
    more.SwapAgainHandler,
    common.OurNamesHandler,
    household.SettingsHandler,
    household.DeleteDataHandler,
    common.PrivacyHandler,
    common.UnsureHandler,
    common.AffectionHandler,
    common.HelpHandler,
    common.PartHowHandler,
    common.ListenerHowHandler,
    common.OwnTopicHandler,
    common.NavigateHomeHandler,
    common.RepeatHandler,
    common.SofterHandler,
    clarify.ClarifyHandler,
    asides.OutOfScopeHandler,
    asides.HowLongHandler,
    asides.BusyHandler,
    asides.LongDistanceHandler,
    asides.RelationshipHandler,
    asides.AwkwardHandler,
    asides.AboutRoundHandler,
    asides.ComplaintHandler,
    asides.StuckHandler,
    asides.AboutActivityHandler,
    asides.GoodNewsHandler,
    asides.AboutQuestionsHandler,
    asides.FixedAnswerHandler,
    asides.MyTurnHandler,
    common.YesHandler,
    common.NoHandler,
    common.GreetingHandler,
    common.ThanksHandler,
    common.LoopShuffleHandler,
    common.NothingToMoveHandler,
    common.FallbackHandler,
    common.UnknownIntentHandler,
    events.CanFulfillHandler,
    events.BackToConversationHandler,
    events.NoticeHandler,
    events.OtherRequestHandler,
)


def build_skill(
    settings: Settings,
    store: Store | None = None,
    tracks: TrackCatalog | None = None,
    content: Content | None = None,
    *,
    zones: DeviceZones | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> CustomSkill:
    """The one Skill object every front (web, Lambda, chat, talk) invokes. ``zones`` and ``clock`` say what
    day it is where a device is (tests pass a stand-in settings API and a fixed time)."""
    store = store if store is not None else open_store(settings)
    content = content if content is not None else load_content()
    tracks = tracks if tracks is not None else PhaseCatalog(settings.public_url)
    builder = CustomSkillBuilder(persistence_adapter=StorePersistenceAdapter(store))
    for handler in HANDLERS:
        builder.add_request_handler(handler())
    zones = zones if zones is not None else DeviceZones(settings)
    builder.add_global_request_interceptor(LoadTurn(settings, content, tracks, zones, clock))
    builder.add_global_response_interceptor(SaveTurn())
    builder.add_exception_handler(CatchAllHandler())
    if settings.skill_id:
        builder.skill_id = settings.skill_id  # type: ignore[assignment]
    return builder.create()
