"""Sentences said in more than one piece, where one piece is the command: a command then its reason ("pause the
timer, we're grabbing a drink"), a correction ("three, no, four"), two requests in one breath ("pause it and tell
me how long is left"), a story that ends on a request.

Whole, such a sentence matches no sample closely enough (the rest of it sinks the similarity), so it fell back;
read piece by piece, only a piece that is surely a request is taken, never a feeling or a bare yes or no. The
matcher (``intents/matcher.py``) tries these readings after its whole-sentence ones, through ``PieceReading``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import dropwhile
from typing import TYPE_CHECKING

from intents.spoken_numbers import spoken_numbers
from intents.utterance import strip_fillers, strip_invocation, words
from intents.wordlists import NEGATORS, OTHER_DAY_WORDS

if TYPE_CHECKING:
    from intents.matcher import Match

CLAUSE_OPENERS = frozenset(
    "we we're were i i'm im i've ive i'll she she's shes he he's hes they they're it's its there's theres the my our "
    "because cause cuz since".split()
)
"""Words that open a clause of its own after a whole command: the reason a couple gives ("pause the timer, we're
grabbing a drink"; "hang on a sec, the dog needs to go out")."""
GIVEN_REASONS = frozenset(
    {
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NextIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
        "MoreTimeIntent",
        "DoneIntent",
        "LighterIntent",
        "DeeperIntent",
        "ChangeTopicIntent",
        "CheckInIntent",
        "DinnerQuestionIntent",
        "StartListeningRoundIntent",
        # The other rounds too: "can we do a support round, I've had a rough week" fell back (probe 6).
        "NeedsRoundIntent",
        "EmpathyRoundIntent",
        "SupportRoundIntent",
    }
)
"""The commands a reason is given with. Not the ones that open everyday sentences: "that's it, I'm calling the
plumber" holds a whole "that's it" (the end of a turn) and is about the plumber."""
_PIECE_BREAKS = re.compile(r"(?:[,;:!?]|\.(?=\s|$)|\s[-\u2013\u2014]+\s)+")
"""Where a typed sentence breaks into pieces: commas and the like, a full stop before a space, a dash."""
CORRECTING_WORDS = frozenset("no nah nope wait sorry actually or rather".split())
"""Words that open a piece putting the one before it right ("three, no, four"; "sorry, I meant ...")."""
ADDING_WORDS = frozenset("and also then plus".split())
"""Words that open a second request after a first ("four, and next one please")."""
BARE_ANSWERS = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent"})
PIECE_LIKENESS = 0.85
"""How close a piece of a sentence must be to a sample to be taken for the whole: closer than a whole sentence
needs (``FUZZY_CUTOFF``), as the rest of the sentence is left unread."""
PIECE_LOOSE_LENGTH = 3
"""A piece shorter than this must be a sample exactly: loosely, "keep it" (after "no wait") was "don't keep it"."""
STORY_JOINS = frozenset("and so but".split())
STORY_DENIED = BARE_ANSWERS | {"AMAZON.StopIntent", "AMAZON.CancelIntent", "SafetyIntent"}
REFINED = frozenset({"AMAZON.NextIntent", "ChangeTopicIntent", "DinnerQuestionIntent", "MoreIntent"})
REFINING = frozenset({"DeeperIntent", "LighterIntent", "DinnerQuestionIntent"})
"""A request that says more of the one before it ("next one, and make it deeper"): the second is the one meant."""
REASON_TURNING_WORDS = NEGATORS | OTHER_DAY_WORDS
"""Words that make a reason after a command something else: "stop, I don't want to", "no, we're off tomorrow"."""
TWO_AT_ONCE = GIVEN_REASONS | {
    "RoundStatusIntent",
    "HowLongIntent",
    "SettingsIntent",
    "ThatsAllIntent",
    "MyTurnIntent",
    "AMAZON.PreviousIntent",
    "AMAZON.StartOverIntent",
}
"""Requests that can be said two in one breath ("pause it and tell me how long is left")."""
PIECE_INTENTS = (TWO_AT_ONCE - BARE_ANSWERS) | {
    "SetNamesIntent",
    "HowLongIntent",
    "SwapAgainIntent",
    "MoreIntent",
    "PartHowIntent",
    "ListenerHowIntent",
    "PartnerLeftIntent",
}
"""What one piece of a longer sentence may be taken for: a request, never a remark or a feeling ("I'm going to
cry, this cake is so good" is about the cake), nor a bare yes or no ("no, Josh, put it down")."""
FIRST_PIECE_DENIED = frozenset({"CheckInIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent"})
"""Never the first piece, before a reason: a score is qualified by what follows, a stop is teasing."""
PIECE_SCORE = 0.99 * 0.9
"""What a match read from a piece scores: nine tenths of a loose match's best (``matcher.FORGIVING_MAX``). By
voice a transcript must match at 0.9 or more (``audio.sphinx``), so these readings stay typed and Alexa's."""


class PieceReading:
    """The readings of a sentence in pieces, for ``Matcher``: each piece is matched with the matcher's own
    whole-sentence matching (``_exact``, ``_forgiving``, ``_correct``), which it provides."""

    def _exact(self, utterance: str, tokens: list[str], *, whole: bool = True) -> Match | None:
        raise NotImplementedError

    def _forgiving(self, tokens: list[str], corrected: list[str]) -> Match:
        raise NotImplementedError

    def _correct(self, word: str) -> str:
        raise NotImplementedError

    def _in_pieces(self, text: str) -> Match | None:
        """A sentence typed in pieces, one of which is the command: a correction ("three, no, four", "a needs
        round, no wait, a listening round": the last piece), a reason before it ("sorry, the kid just came in,
        pause") or after it ("we are Kwame and Ama, from Accra": the first piece), or a second request ("four,
        and next one please": see ``_two_at_once``). Each fell back whole (probe 7). Pieces in the middle are never
        taken ("hold on, stop, pause it" is no stop), nor a bare yes or no ("no, Josh, put it down"), nor a first
        piece that a later one corrects ("dinner question, no wait")."""
        said = [p for p in (strip_invocation(words(p)) for p in _PIECE_BREAKS.split(text)) if p]
        pieces = [p for p in (strip_fillers(p) for p in said) if p]
        if len(pieces) < 2:
            return None
        last = pieces[-1]
        if said[-1][0] in ADDING_WORDS:
            return self._two_at_once([*pieces[0], "and", *last]) if len(pieces) == 2 else None
        while len(last) > 1 and (last[0] in CORRECTING_WORDS or last[:2] in (["i", "mean"], ["i", "meant"])):
            last = last[2:] if last[0] == "i" else last[1:]
        corrected = any(p[0] in CORRECTING_WORDS for p in pieces[1:])
        if not corrected:
            # Both names, then more ("I'm Hannah and he's Luke, he should go first"): the names are the news.
            named = self._exact(" ".join(pieces[0]), pieces[0])
            if named is not None and named.intent == "SetNamesIntent" and len(named.slots) >= 2:
                return named
        found = self._two_at_once(last) or self._whole(last)
        if found is not None:
            if found.intent == "CheckInIntent" and not corrected:
                # "he says three, I say four" is two scores, not the last one (``SplitScoreIntent``).
                if any(spoken_numbers(" ".join(p)) for p in pieces[:-1]):
                    return None
            return found if found.intent in PIECE_INTENTS else None
        if corrected or len(pieces[0]) < 2:
            return None  # one word is no command before a reason: "huh, interesting" is not "huh?"
        found = self._whole(pieces[0])
        # A first piece that only answers ("mostly, but he forgot the part about my mum") is qualified by what
        # follows, which was not understood; a "stop it" before a laugh ("stop it, you're making me laugh") is
        # teasing, and would end the round.
        return found if found is not None and found.intent in PIECE_INTENTS - FIRST_PIECE_DENIED else None

    def _after_the_story(self, tokens: list[str]) -> Match | None:
        """A long sentence that tells how the evening went and ends on the request ("we were talking about it at
        lunch and we'd like a question about our future"): the request after the last "and", "so" or "but" that
        opens one, said exactly as a sample of three words or more. Yes, no and stop are never taken from the end
        of a story ("... and we said no")."""
        for at in range(len(tokens) - 3, 0, -1):
            if tokens[at] not in STORY_JOINS:
                continue
            tail = strip_fillers(tokens[at + 1 :])
            if len(tail) < 3:
                continue
            found = self._exact(" ".join(tail), tail)
            if found is not None and found.intent not in STORY_DENIED:
                return replace(found, score=PIECE_SCORE, exact=False)
        return None

    def _whole(self, tokens: list[str]) -> Match | None:
        """``tokens`` as a sentence of its own, when it is surely a command: an exact sample, or one close to it."""
        if not tokens:
            return None
        found = self._exact(" ".join(tokens), tokens)
        if found is None and len(tokens) >= PIECE_LOOSE_LENGTH:
            found = self._forgiving(tokens, [self._correct(t) for t in tokens])
        if found is None or found.score < PIECE_LIKENESS:  # the fallback scores 0
            return None
        return found

    def _two_at_once(self, tokens: list[str]) -> Match | None:
        """Two requests in one breath, joined by "and" ("pause it and tell me how long is left", "start a dinner
        question and make it deep"): the first, unless the second only says more of it (a deeper, lighter or
        themed question after "next" or "a dinner question"). Both halves must be commands of their own, so
        "I'm tired and she's hungry" or "salt and pepper" stay table talk."""
        for at, word in enumerate(tokens):
            if word != "and" or at == 0 or at == len(tokens) - 1:
                continue
            head = tokens[:at]
            tail = list(dropwhile(lambda w: w in ADDING_WORDS, tokens[at:]))
            first, second = self._whole(head), self._whole(tail)
            if first is None or second is None:
                continue
            if first.intent not in TWO_AT_ONCE or second.intent not in TWO_AT_ONCE:
                continue
            meant = second if first.intent in REFINED and second.intent in REFINING else first
            # Scored as a loose match: by voice (``audio.sphinx``) a transcript must match more surely than this.
            return replace(meant, score=PIECE_SCORE, exact=False)
        return None

    def _command_then_reason(self, tokens: list[str]) -> Match | None:
        """ "Pause the timer, we're grabbing a drink": a whole command of two words or more, then a clause of its
        own (``CLAUSE_OPENERS``) saying why. The reason carried no key word of any sample, and its length sank
        the similarity of the whole, so typed it fell back (a probe: "no thanks we're gonna head to bed"). The
        longest such command wins; a one-word one ("next, we should go to Italy") never, nor one whose reason
        turns it (``TURNING_WORDS``: "stop, I don't want to")."""
        for cut in range(len(tokens) - 1, 1, -1):
            head, rest = tokens[:cut], tokens[cut:]
            if rest[0] not in CLAUSE_OPENERS or not REASON_TURNING_WORDS.isdisjoint(rest):
                continue
            head = strip_fillers(head)  # "no thanks" reads as "no", as when said alone
            found = self._exact(" ".join(head), head, whole=False) if head else None
            if found is not None and found.intent in GIVEN_REASONS:
                return replace(found, score=PIECE_SCORE, exact=False)
        return None
