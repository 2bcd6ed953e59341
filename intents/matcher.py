"""The local text matcher: turns a typed or recognised sentence into an intent and slots, as Alexa would.

Built from the same interaction model as the ASK file, so ``heartline chat`` and the microphone loop
understand what an Echo understands. First every expanded sample is tried as an exact pattern (slots
as named groups); if none fits, a forgiving pass allows close misspellings and extra filler words but
still demands every key word of a sample, so that table talk ("pass the salt please") falls through
to ``AMAZON.FallbackIntent`` instead of triggering a command.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from itertools import dropwhile

from intents.interaction_model import (
    FIRST_NAME_TYPE,
    NUMBER_TYPE,
    InteractionModel,
    SlotValue,
    load_model,
)
from intents.utterance import strip_fillers, strip_invocation, words
from skill.errors import ModelError
from skill.number_words import number_from_words

FALLBACK_INTENT = "AMAZON.FallbackIntent"

FUZZY_CUTOFF = 0.72
"""Lowest similarity a forgiving match may have; chosen with the tables in tests/intents/test_matcher.py."""
FORGIVING_MAX = 0.99
"""Highest score a forgiving match reports, so that 1.0 always means "said exactly as a sample"."""
COMMON_WORDS = frozenset(
    "then than them they when where there their these those what which while with will would your "
    "here have been come some time went want were from into over much many more most very well just only "
    "also even ever never always again okay alright right yeah sure know think feel said says like".split()
)
"""Everyday words never "corrected" towards a command's word: "then" is not a misspelt "ten" (it set a
ten-minute round from "alright then, let's get going"), nor "went" a misspelt "want"."""
WORD_CUTOFF = 0.8
"""How close a misspelt word must be to a known one to count as it (difflib ratio)."""
TRANSPOSED_RATIO = 0.9
"""How close a word with two neighbouring letters swapped counts as: as close as one letter missing from a
word of ten."""
MIN_CORRECTABLE_LENGTH = 4
"""Shorter unknown words are left alone: at three letters nearly everything is 'close' to something."""

STOP_WORDS = frozenset(
    "a an the to me us please can could would will you i lets let some for of and is it our my do "
    "just be with on in at this that thats so".split()
)
"""Words that carry no command on their own; a forgiving match never relies on them. "that's" is "that is", both
of whose words are here: as a key word it made "that's it" of "that's nice".

"we" is deliberately not one: "how are we doing" is a check-in, "how are the kids doing" is table talk.
"""
NEGATORS = frozenset(
    "not never don't dont doesn't doesnt didn't didnt can't cant cannot won't wont isn't isnt aren't arent "
    "wasn't wasnt shouldn't wouldn't nothing nobody neither nor".split()
)
"""Words that turn a sentence around: "I don't want a dinner question" holds every key word of "I want a
dinner question", so a forgiving match never drops one of these that its sample does not have."""
CLAUSE_WORDS = frozenset("why because unless whether".split())
"""Words that open a clause of reasons or conditions, which makes the sentence about something else: "I don't
understand why you did that" is said to a partner, and holds every key word of "I don't understand" (repeat)."""
OTHER_DAY_WORDS = frozenset(
    "tomorrow yesterday weekend monday tuesday wednesday thursday friday saturday sunday".split()
)
"""A command is about the moment it is said; "let's do something different this weekend" plans another day, with
a partner, though it holds every key word of "let's do something different" (a dinner question)."""
PARTNER_WORDS = frozenset("your yours".split())
"""At a table of two, "your mother" is the partner's: "did you call your mother" holds every key word of "call my
mother" (a request for the assistant). Samples that mean Heartline's own ("what's your name") say so."""
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
TURNING_WORDS = NEGATORS | CLAUSE_WORDS | OTHER_DAY_WORDS | PARTNER_WORDS
"""Words a forgiving match never drops when its sample does not have them: each turns a sentence that holds a
command's key words into something else."""
ENDING_VERBS = frozenset("quit stop end leave finish skip cancel exit".split())
"""Verbs in a sample that take an object: "we want to quit" is a command, "we want to quit smoking" and "we
want to stop fighting" are about the couple's life, and a forgiving match had ended their round with them. A
word of its own right after such a verb (not a stop word, not the sample's) makes it another verb phrase."""
AFTER_ENDING_VERBS = frozenset(
    "now then here there already tonight today right everything all too again anyway ok okay guys please thanks "
    "thank heart alexa".split()
)
"""Words after an ending verb that leave it a command: "I think I want to stop now", "let's stop here"."""
DETERMINERS = frozenset("the a an our my your his her their this that these those".split())
"""Looked past after an ending verb: "we want to end the lease" gives "end" an object as "end it" does not."""

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
_UNITS += "sixteen seventeen eighteen nineteen"
UNIT_WORDS: dict[str, int] = {word: n for n, word in enumerate(_UNITS.split())}
TENS_WORDS: dict[str, int] = {
    word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_BELOW_HUNDRED = (
    r"(?:"
    + "|".join(TENS_WORDS)
    + r")(?: (?:"
    + "|".join(list(UNIT_WORDS)[1:10])
    + r"))?|"
    + "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
)
_HUNDREDS = r"(?:a|" + "|".join(list(UNIT_WORDS)[1:10]) + r") hundred(?:(?: and)? (?:" + _BELOW_HUNDRED + r"))?"
_NUMBER_PATTERN = r"\d{1,3}|" + _HUNDREDS + "|" + _BELOW_HUNDRED
"""Hundreds come first: "one hundred" read as "one" would set a one-minute round."""
_NUMBER_SEARCH = re.compile(r"\b(?:" + _NUMBER_PATTERN + r")\b")


_ONE_AS_A_WORD_FOR_A_THING = frozenset(
    "first second third fourth fifth sixth seventh last next previous other another that this same new different "
    "lighter deeper easier harder light deep easy hard serious better good great nice fun funny sweet tough "
    "interesting lovely beautiful favourite favorite big small little long short quick "
    "needs empathy support listening dinner comforting".split()
)
"""Words after which "one" stands for a thing ("the last one", "a lighter one", "that was a good one", "the needs
one"), not the number one: "can we do the needs one next" had started a needs round with one-minute turns."""


def _not_a_number(utterance: str, found: re.Match[str]) -> bool:
    """Not a number after all: "one more round" asks for another round, not a one-minute one, "one of those
    listening rounds" is any of them, and in "the last one" or "a deeper one", "one" is the question or round meant,
    as in "the one about needs" or "the one where we listen" (which had asked for one-minute turns)."""
    if found.group(0) != "one":
        return False
    before = utterance[: found.start()].split()
    after = utterance[found.end() :]
    return after.startswith((" more", " of ", " about ", " where ")) or bool(
        before and before[-1] in _ONE_AS_A_WORD_FOR_A_THING
    )


def _spoken_numbers(utterance: str) -> list[str]:
    """The numbers ``utterance`` really says, in order ("one" as in "the last one" left out)."""
    return [m.group(0) for m in _NUMBER_SEARCH.finditer(utterance) if not _not_a_number(utterance, m)]


_NOT_NAMES = (
    "a an the and or to me us we you i it is are was were this that my our your his her their he she they "
    "them him not no yes done finished here there going with of for in on at so very really just too all "
    "what who first go goes wants can be do let lets want tired hungry ready busy happy sad fine good okay "
    "sure home back out late free bored sorry full married together both still also friends partners "
    "excited nervous im shes hes theyre were its thats wife husband partner girlfriend boyfriend mom dad "
    "name names called call pronounced spelled spelt actually but mostly always sometimes usually often rarely "
    "maybe probably kind sort pretty quite much more less little bit lot lots about than if because when then now "
    "starving stuffed exhausted sleepy thirsty sick cold hot warm drunk tipsy pregnant early right wrong away off "
    "up down gone awake asleep great awesome amazing perfect delicious lovely nice crazy weird funny serious "
    "stressed worried upset angry mad annoyed grumpy confused lost new old cooking eating drinking driving working "
    "sleeping waiting coming leaving staying cleaning washing reading watching playing listening talking laughing "
    "joking kidding lying paying baking ordering getting trying thinking doing making having "
    "american canadian british english irish scottish welsh french german italian spanish mexican chinese "
    "japanese korean indian australian "
    "hard easy fun cool tough difficult awkward strange boring cute sweet beautiful silly stupid important "
    "interesting hilarious scary terrible horrible wonderful fantastic excellent intense heavy nervous shy "
    "newlyweds newlywed engaged dating roommates neighbors neighbours siblings twins cousins colleagues coworkers "
    "parents retired "
    "obviously again tonight instead anyway though "
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
).split()
"""Words that are not names: "we are tired and hungry" must not introduce Tired and Hungry, nor "I'm starving and
she's cooking" Starving and Cooking, "I'm Irish and she's Italian" or "I'm thirty and she's twenty nine" theirs (a
sample gives names after "i'm ... and she's")."""
_NAME_WORD = r"(?!(?:" + "|".join(_NOT_NAMES) + r")\b)[^\W\d_]+"
_NAME_PATTERN = _NAME_WORD + r"(?: " + _NAME_WORD + r")?"

_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class SlotMatch:
    """A filled slot: what was said, and for custom types the value it resolves to."""

    spoken: str
    """The words as heard (numbers as digits, like Alexa sends them)."""
    resolved_id: str | None = None
    resolved_name: str | None = None


@dataclass(frozen=True)
class Match:
    """The matcher's answer for one sentence."""

    intent: str
    slots: dict[str, SlotMatch] = field(default_factory=dict)
    score: float = 0.0
    """1.0 for an exact sample; the similarity for a forgiving match; 0.0 for the fallback."""
    exact: bool = False


FALLBACK = Match(intent=FALLBACK_INTENT, slots={}, score=0.0, exact=False)


def words_to_number(spoken: str) -> int | None:
    """'25', 'twenty five', 'seven' -> the number; anything else -> None (one reader for the whole app)."""
    return int(spoken) if spoken.isdigit() else number_from_words(spoken)


def _transposed(known: str, typed: str) -> bool:
    """Two neighbouring letters swapped, the commonest typing slip ("fuor"), which difflib rates low (0.75)."""
    if len(known) != len(typed) or known == typed:
        return False
    diff = [i for i, (a, b) in enumerate(zip(known, typed, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and known[diff[0]] == typed[diff[1]]
        and known[diff[1]] == typed[diff[0]]
    )


def _deletions(word: str) -> set[str]:
    """The word with up to one letter removed (two for long words): misspellings of a word share one."""
    variants = {word}
    rounds = 2 if len(word) >= 7 else 1
    for _ in range(rounds):
        variants |= {v[:i] + v[i + 1 :] for v in variants for i in range(len(v)) if len(v) > 2}
    return variants


def _sample_tokens(sample: str) -> list[str]:
    """A sample's words normalised like an utterance; ``{slot}`` tokens kept as they are."""
    tokens: list[str] = []
    for token in sample.split():
        tokens.extend([token] if _SLOT.fullmatch(token) else words(token))
    return strip_fillers(tokens)


@dataclass(frozen=True)
class _Sample:
    """One compiled sample phrase."""

    intent: str
    text: str
    literal: str
    """The sample's words without its slots: what a forgiving match compares against."""
    literal_words: frozenset[str]
    content: str
    """The literal words minus stop words, in order: "can you forget us" and "forget us" agree on it."""
    keywords: frozenset[str]
    slots: tuple[tuple[str, str], ...]
    """(slot name, slot type) in the order they appear."""
    source: str | None
    """Full-match pattern's source (``_compiled``); None for a sample without slots (looked up directly)."""


@cache
def _compiled(source: str) -> re.Pattern[str]:
    """A sample's pattern, compiled on first use: a sentence tries only the few samples whose words it holds,
    while compiling all of them up front (each name slot carries the whole not-a-name list) took 6.6 s of every
    process that built a matcher, the CLI's and each test's subprocess among them."""
    return re.compile(source)


def _verb_takes_other_object(sample: _Sample, tokens: list[str], corrected: list[str]) -> bool:
    """Whether the utterance gives one of the sample's ``ENDING_VERBS`` an object the sample does not have. The
    verb is looked for as spelling correction reads it, its object as typed: corrected, "end the lease" was "end
    the please"."""
    verbs = sample.literal_words & ENDING_VERBS
    if not verbs:
        return False
    for at, word in enumerate(corrected):
        if word not in verbs:
            continue
        rest = list(dropwhile(lambda w: w in DETERMINERS, tokens[at + 1 :]))
        following = rest[0] if rest else ""
        if (
            following
            and following not in STOP_WORDS
            and following not in AFTER_ENDING_VERBS
            and following not in sample.literal_words
        ):
            return True
    return False


class Matcher:
    """Matches sentences against every phrase of an interaction model; build once, match many times."""

    def __init__(self, model: InteractionModel | None = None) -> None:
        self.model = model or load_model()
        self._values: dict[str, dict[str, SlotValue]] = {}
        self._type_patterns: dict[str, str] = {}
        self._type_search: dict[str, re.Pattern[str]] = {}
        for slot_type in self.model.slot_types.values():
            spoken: dict[str, SlotValue] = {}
            for value in slot_type.values:
                for phrase in (value.name, *value.synonyms):
                    spoken.setdefault(" ".join(words(phrase)), value)
            alternatives = "|".join(re.escape(p) for p in sorted(spoken, key=len, reverse=True))
            self._values[slot_type.name] = spoken
            self._type_patterns[slot_type.name] = alternatives
            self._type_search[slot_type.name] = re.compile(r"\b(?:" + alternatives + r")\b")

        self._literal: dict[str, str] = {}
        self._slotted: list[_Sample] = []
        slotted_texts: set[tuple[str, str]] = set()
        self._fuzzy: list[_Sample] = []
        exact_texts: set[str] = set()
        loose_texts: set[str] = set()
        for intent in self.model.intents:
            slot_types = dict(intent.slots)
            for phrase in intent.phrases:
                sample = self._compile(intent.name, phrase, slot_types)
                if sample.source is None:
                    owner = self._literal.setdefault(sample.text, intent.name)
                    if owner != intent.name:
                        raise ModelError(
                            f"{phrase!r} of {intent.name} reads the same as a phrase of {owner} once normalised"
                        )
                elif (intent.name, sample.text) not in slotted_texts:
                    slotted_texts.add((intent.name, sample.text))
                    self._slotted.append(sample)
                (exact_texts if phrase in intent.exact_only else loose_texts).add(sample.text)
                names = sum(1 for _, t in sample.slots if t == FIRST_NAME_TYPE)
                if sample.keywords and names <= len(sample.keywords) and phrase not in intent.exact_only:
                    # A sample that is mostly names gives a forgiving match too little to go on.
                    self._fuzzy.append(sample)

        self._whole_only = frozenset(exact_texts - loose_texts)
        """Samples only ever taken as the whole sentence: never the command before a reason either."""
        self._anchored: dict[str, list[_Sample]] = {}
        self._unanchored: list[_Sample] = []
        frequency: dict[str, int] = {}
        for sample in self._slotted:
            for word in sample.literal_words:
                frequency[word] = frequency.get(word, 0) + 1
        for sample in self._slotted:
            if sample.literal_words:
                anchor = min(sorted(sample.literal_words), key=lambda w: frequency[w])
                self._anchored.setdefault(anchor, []).append(sample)
            else:
                self._unanchored.append(sample)

        self._by_keyword: dict[str, list[int]] = {}
        for index, sample in enumerate(self._fuzzy):
            for word in sample.keywords:
                self._by_keyword.setdefault(word, []).append(index)

        known: set[str] = set(UNIT_WORDS) | set(TENS_WORDS)
        for sample in self._fuzzy + self._slotted:
            known |= sample.literal_words
        for sample_text in self._literal:
            known.update(sample_text.split())
        for spoken in self._values.values():
            for phrase in spoken:
                known.update(phrase.split())
        self._known = frozenset(known)
        self._by_deletion: dict[str, set[str]] = {}
        for word in self._known:
            for variant in _deletions(word):
                self._by_deletion.setdefault(variant, set()).add(word)
        self._corrections: dict[str, str | None] = {}
        self._declared = {intent.name: intent.slots for intent in self.model.intents}

    # --- construction ---------------------------------------------------------------------------------

    def _compile(self, intent: str, phrase: str, slot_types: Mapping[str, str]) -> _Sample:
        tokens = _sample_tokens(phrase)
        parts: list[str] = []
        slots: list[tuple[str, str]] = []
        literal: list[str] = []
        for token in tokens:
            slot = _SLOT.fullmatch(token)
            if slot is None:
                parts.append(re.escape(token))
                literal.append(token)
                continue
            name = slot.group(1)
            type_name = slot_types[name]
            slots.append((name, type_name))
            parts.append(f"(?P<{name}>{self._slot_pattern(type_name)})")
        text = " ".join(tokens)
        return _Sample(
            intent=intent,
            text=text,
            literal=" ".join(literal),
            literal_words=frozenset(literal),
            content=" ".join(w for w in literal if w not in STOP_WORDS),
            keywords=frozenset(w for w in literal if w not in STOP_WORDS),
            slots=tuple(slots),
            source=" ".join(parts) if slots else None,
        )

    def _slot_pattern(self, type_name: str) -> str:
        if type_name == NUMBER_TYPE:
            return _NUMBER_PATTERN
        if type_name in self._type_patterns:
            return self._type_patterns[type_name]
        if type_name == FIRST_NAME_TYPE:
            return _NAME_PATTERN
        return r"[a-z0-9]+(?: [a-z0-9]+){0,3}"

    # --- matching -------------------------------------------------------------------------------------

    def match(self, text: str) -> Match:
        """The intent and slots for one sentence, or the fallback when nothing fits well enough."""
        tokens = strip_fillers(strip_invocation(words(text)))
        if not tokens:
            return FALLBACK
        utterance = " ".join(tokens)
        found = self._exact(utterance, tokens)
        if found is not None:
            return found
        corrected = [self._correct(t) for t in tokens]
        if corrected != tokens:
            fixed = " ".join(corrected)
            found = self._exact(fixed, corrected)
            if found is not None:
                score = min(SequenceMatcher(None, utterance, fixed).ratio(), FORGIVING_MAX)
                if score >= FUZZY_CUTOFF:
                    return Match(intent=found.intent, slots=found.slots, score=score, exact=False)
        found = self._forgiving(tokens, corrected)
        if found.intent == FALLBACK_INTENT:
            return (
                self._command_then_reason(tokens)
                or self._in_pieces(text)
                or self._two_at_once(tokens)
                or self._after_the_story(tokens)
                or found
            )
        # A loose match of the whole loses to two whole requests ("pause it and tell me how long is left" was only
        # the time left), and, when looser still, to a close match of a piece ("four, and next one please": next).
        if found.intent == "TableTalkIntent":
            return found  # "that's a tough one, hold on" is said across the table, not a pause
        pieced = self._two_at_once(tokens)
        if pieced is None and found.score < PIECE_LIKENESS:
            pieced = self._in_pieces(text)
        if pieced is not None and pieced.score >= found.score:
            return pieced
        return found

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
                if any(_spoken_numbers(" ".join(p)) for p in pieces[:-1]):
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
                return Match(intent=found.intent, slots=found.slots, score=FORGIVING_MAX * 0.9, exact=False)
        return None

    def _whole(self, tokens: list[str]) -> Match | None:
        """``tokens`` as a sentence of its own, when it is surely a command: an exact sample, or one close to it."""
        if not tokens:
            return None
        found = self._exact(" ".join(tokens), tokens)
        if found is None and len(tokens) >= PIECE_LOOSE_LENGTH:
            found = self._forgiving(tokens, [self._correct(t) for t in tokens])
        if found is None or found.intent == FALLBACK_INTENT or found.score < PIECE_LIKENESS:
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
            return Match(intent=meant.intent, slots=meant.slots, score=FORGIVING_MAX * 0.9, exact=False)
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
                return Match(intent=found.intent, slots=found.slots, score=FORGIVING_MAX * 0.9, exact=False)
        return None

    def _exact(self, utterance: str, tokens: list[str], *, whole: bool = True) -> Match | None:
        """The sample ``utterance`` is, exactly. ``whole``: it is the whole sentence; when it is only the start of
        one (a command before its reason), exact-only samples are left out, as their mark promises: "let's try"
        (a yes) is not the start of "let's try the pasta"."""
        if not whole and utterance in self._whole_only:
            return None
        intent = self._literal.get(utterance)
        if intent is not None:
            return Match(intent=intent, slots={}, score=1.0, exact=True)
        present = set(tokens)
        best: tuple[int, int] | None = None
        chosen: tuple[_Sample, re.Match[str]] | None = None
        for sample in self._exact_candidates(present):
            if not sample.literal_words <= present or sample.source is None:
                continue
            if not whole and sample.text in self._whole_only:
                continue
            found = _compiled(sample.source).fullmatch(utterance)
            if found is None:
                continue
            captured = sum(len(v) for v in found.groupdict().values() if v)
            # A value from a listed slot type is as telling as literal words: "we are mother and daughter" is
            # who they are, not two first names ("we are {first_name} and {second_name}" has more literal text).
            listed = sum(len(found.group(name) or "") for name, kind in sample.slots if kind in self._values)
            rank = (len(sample.literal) + listed, -captured)
            if best is None or rank > best:
                best, chosen = rank, (sample, found)
        if chosen is None:
            return None
        sample, found = chosen
        slots = {name: self._slot_match(type_name, found.group(name)) for name, type_name in sample.slots}
        return Match(intent=sample.intent, slots=slots, score=1.0, exact=True)

    def _exact_candidates(self, present: set[str]) -> Iterable[_Sample]:
        for word in present:
            yield from self._anchored.get(word, ())
        yield from self._unanchored

    def _slot_match(self, type_name: str, spoken: str) -> SlotMatch:
        if type_name == NUMBER_TYPE:
            number = words_to_number(spoken)
            return SlotMatch(spoken=str(number) if number is not None else spoken)
        value = self._values.get(type_name, {}).get(spoken)
        if value is not None:
            return SlotMatch(spoken=spoken, resolved_id=value.id, resolved_name=value.name)
        return SlotMatch(spoken=spoken)

    def _correct(self, word: str) -> str:
        """The known word a misspelt word is closest to (ratio >= WORD_CUTOFF), else the word itself."""
        if word in self._known or word in COMMON_WORDS or len(word) < MIN_CORRECTABLE_LENGTH or word.isdigit():
            return word
        if word not in self._corrections:
            if len(self._corrections) > 4096:
                self._corrections.clear()
            self._corrections[word] = self._closest(word)
        return self._corrections[word] or word

    def _closest(self, word: str) -> str | None:
        """Known words sharing a deletion variant are the only candidates (checking all is ~1 ms a word)."""
        candidates: set[str] = set()
        for variant in _deletions(word):
            candidates |= self._by_deletion.get(variant, set())
        best, best_rank = None, (WORD_CUTOFF, False)
        matcher = SequenceMatcher(None, "", word)
        for candidate in sorted(candidates):
            matcher.set_seq1(candidate)
            ratio = TRANSPOSED_RATIO if _transposed(candidate, word) else matcher.ratio()
            # Between words as close, a number: "thre" is "three" more often than "there" (a check-in answer
            # typed "thre" was greeted as "there"), and a number is what a command needs.
            rank = (ratio, words_to_number(candidate) is not None)
            if rank > best_rank or (rank == best_rank and best is None):
                best, best_rank = candidate, rank
        return best

    def _forgiving(self, tokens: list[str], corrected: list[str]) -> Match:
        """Best sample whose key words all appear (misspellings corrected), scored by overall similarity."""
        present = set(corrected)
        hits: dict[int, int] = {}
        for word in present:
            for index in self._by_keyword.get(word, ()):
                hits[index] = hits.get(index, 0) + 1
        best: tuple[float, int] | None = None
        chosen: _Sample | None = None
        stripped: dict[tuple[str, ...], tuple[str, str, set[str]]] = {}
        for index, count in hits.items():
            sample = self._fuzzy[index]
            if count != len(sample.keywords):
                continue
            kinds = tuple(sorted({t for _, t in sample.slots if t == NUMBER_TYPE or t in self._type_search}))
            if not self._has_slotwords(corrected, kinds):
                continue
            if kinds not in stripped:
                text = self._without_slotwords(" ".join(tokens), kinds)
                left = set(self._without_slotwords(" ".join(corrected), kinds).split()) & TURNING_WORDS
                stripped[kinds] = (text, " ".join(w for w in text.split() if w not in STOP_WORDS), left)
            text, content, turning_left = stripped[kinds]
            # A turning word inside a slot's value ("happy couples never argue") is the value's, not a turn
            # of the sentence the sample lacks.
            if not turning_left <= sample.literal_words:
                continue
            if _verb_takes_other_object(sample, tokens, corrected):
                continue
            score = max(
                SequenceMatcher(None, sample.literal, text).ratio(),
                SequenceMatcher(None, sample.content, content).ratio(),
            )
            rank = (score, len(sample.keywords))
            if best is None or rank > best:
                best, chosen = rank, sample
        if chosen is None or best is None or best[0] < FUZZY_CUTOFF:
            return FALLBACK
        slots = self._loose_slots(self._declared[chosen.intent], corrected)
        return Match(intent=chosen.intent, slots=slots, score=min(best[0], FORGIVING_MAX), exact=False)

    def _has_slotwords(self, tokens: list[str], kinds: tuple[str, ...]) -> bool:
        """A sample's number and custom slots are part of its meaning: "tell me about {topic}" needs a topic."""
        utterance = " ".join(tokens)
        for kind in kinds:
            if kind == NUMBER_TYPE:
                # "that was a good one" has no number in it for "that was a {score}" to be about.
                if not _spoken_numbers(utterance):
                    return False
            elif self._type_search[kind].search(utterance) is None:
                return False
        return True

    def _without_slotwords(self, utterance: str, kinds: tuple[str, ...]) -> str:
        """The utterance minus words that would fill the sample's slots (numbers, custom values)."""
        for kind in kinds:
            if kind == NUMBER_TYPE:
                utterance = _NUMBER_SEARCH.sub(" ", utterance)
            elif kind in self._type_search:
                utterance = self._type_search[kind].sub(" ", utterance)
        return " ".join(utterance.split())

    def _loose_slots(self, declared: Mapping[str, str], tokens: list[str]) -> dict[str, SlotMatch]:
        """Slots for a forgiving match: the intent's numbers and custom values found anywhere, in order.

        Names are not guessed: without the sample's shape any word could be one.
        """
        utterance = " ".join(tokens)
        numbers = _spoken_numbers(utterance)
        slots: dict[str, SlotMatch] = {}
        # Where values already went: two slots of one type ("the needs and support rounds") take two values, and
        # a value said once fills one slot.
        taken: set[int] = set()
        for name, type_name in declared.items():
            if type_name == NUMBER_TYPE and numbers:
                slots[name] = self._slot_match(type_name, numbers.pop(0))
            elif type_name in self._type_search:
                found = next(
                    (
                        m
                        for m in self._type_search[type_name].finditer(utterance)
                        if m.start() not in taken and not _negated(utterance, m)
                    ),
                    None,
                )
                if found is not None:
                    taken.add(found.start())
                    slots[name] = self._slot_match(type_name, found.group(0))
        return slots


def _negated(utterance: str, found: re.Match[str]) -> bool:
    """A value said just after "not" ("we're not a couple") is what they are not, so it fills no slot."""
    return bool(NEGATORS & set(utterance[: found.start()].split()[-2:]))
