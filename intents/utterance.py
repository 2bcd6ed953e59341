"""Turning what someone said into comparable words: one normal form for utterances and samples alike.

Case, punctuation, apostrophes ("let's" and "lets"), filler words ("um", "please", "i think"), the ways
people name the skill ("alexa, ask heart line to ...") and common respellings ("wanna", "mins") would
otherwise make the same command look different to the matcher and the recogniser.
"""

from __future__ import annotations

import re

_CANONICAL: dict[str, tuple[str, ...]] = {
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
    "gotta": ("got", "to"),
    "gimme": ("give", "me"),
    "ok": ("okay",),
    "heartline": ("heart", "line"),
    "mins": ("minutes",),
    "min": ("minutes",),
    "pls": ("please",),
    "plz": ("please",),
    "thx": ("thanks",),
    "thnx": ("thanks",),
    "ur": ("your",),
    "u": ("you",),
    "naw": ("nah",),
    "mhm": ("yes",),
    "mmhm": ("yes",),
    "mhmm": ("yes",),
    "mmhmm": ("yes",),
    "uhhuh": ("yes",),
}
"""Spellings speech recognisers and typists use for the same words ("mhm", "uh huh": a yes; "whats ur name")."""
_ASSENT_PAIRS: dict[tuple[str, str], str] = {("uh", "huh"): "yes", ("mm", "hmm"): "yes", ("mm", "hm"): "yes"}
"""Two-word sounds of assent: "uh huh" lost its "uh" as a hesitation and became "huh", a request to repeat, so a
yes to an offer read the offer again (a probe)."""
_HESITATION = re.compile(r"(?:u+h*m+|u+h+|e+r+m*|h+m+|m+|a+h+m+)")
"""Sounds of hesitation however they are typed ("ermm", "uhhh", "hmm", "mm"), dropped wherever they fall: "hi um
it's Jess and Marcus" is "hi it's Jess and Marcus", and a sample's names must sit right after "it's" to be taken as
names. Before, only six spellings were known, and "ermm, three" or "mm not tonight" fell back or misread."""
_STRETCHED = re.compile(r"([a-z])\1{2,}")
"""A letter typed three times or more is one letter stretched ("fourrr", "nooo", "yesss"): English doubles
letters but never triples them."""
_REPEATED_ANSWERS = frozenset("yes yeah yep yup no nope nah okay sure".split())
"""Answers said twice over ("yep yep", "no no"): one is the answer."""
_LEADING_FILLERS = frozenset("um uh erm hmm so okay hey well oh and please alright maybe actually now".split())
_SAYS_NOTHING_ALONE = frozenset("then fine".split())
"""Words that are no answer once the filler before them is gone: "alright then" and "okay fine" are a yes, a bare
"then" or "fine" nothing ("and then?" asks for more of a story, "that's fine" holds a bare "fine")."""
_PREAMBLES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in ("i think", "i guess", "id like to", "i would like to", "wed like to", "we would like to")
)
"""Openings that add nothing to a command; samples never start with them."""
_TRAILING_FILLERS = frozenset("please thanks lol haha aye lah innit".split())
"""Words that close a sentence without adding to it: a laugh typed ("lol"), a Scots "aye", a Singapore "lah"
("shall we do the check-in, aye", "ok so I'm Nina and he's Omar lol" had greeted "Omar Lol")."""
_INVOKE_VERBS = frozenset("ask tell open launch start use".split())
_GREETINGS = frozenset("hey hi hello okay".split())
_INVOKE_CONNECTORS = frozenset("to for about if whether and that".split())
_TRAILING_INVOCATION = frozenset("on with from in using".split())

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "&": " and ", "+": " and "})
_NON_WORD = re.compile(r"[^\w' ]+|_")
_SMALL_NUMBERS = tuple(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split()
)
"""Small numbers typed as digits are spelt out, as samples spell them: "4 out of 5" is "four out of five" (a typed
score fell back, digit by digit unlike the sample). Larger ones stay digits, which number slots take as they are."""


_HALF = re.compile(r"\b(\d+)[.,]5\b")
"""A typed half ("3.5") read as the words a sample uses for one ("three and a half"): its point and comma were
dropped as punctuation, leaving "three five", which fell back (a probe)."""
_ISH = re.compile(r"^(\w+?)-?ish$")
"""A number with "ish" on it ("4ish", "fourish"): the number."""


_LIKE_ASIDE = re.compile(r",\s*like\s*,", re.IGNORECASE)
"""A "like" set off by commas is a hesitation ("so we're, like, Priya and Dev"); unmarked, "like" is a word ("we'd
like", "feel like")."""


def words(text: str) -> list[str]:
    """Lower-case words without punctuation or apostrophes ("let's" and "lets" are one word)."""
    text = _LIKE_ASIDE.sub(",", _HALF.sub(r"\1 and a half", text))
    cleaned = _NON_WORD.sub(" ", text.lower().translate(_APOSTROPHES)).replace("'", "")
    tokens: list[str] = []
    for token in cleaned.split():
        rough = _ISH.match(token)
        if rough is not None and (rough.group(1).isdecimal() or rough.group(1) in _SMALL_NUMBERS):
            token = rough.group(1)
        if token.isdecimal() and int(token) < len(_SMALL_NUMBERS):
            token = _SMALL_NUMBERS[int(token)]
        token = _STRETCHED.sub(r"\1", token)
        if tokens and (tokens[-1], token) in _ASSENT_PAIRS:
            tokens[-1] = _ASSENT_PAIRS[tokens[-1], token]
            continue
        if tokens and token == tokens[-1] and token in _REPEATED_ANSWERS:
            continue
        tokens.extend(_CANONICAL.get(token, (token,)))
    return tokens


def is_hesitation(token: str) -> bool:
    return _HESITATION.fullmatch(token) is not None


def strip_fillers(tokens: list[str]) -> list[str]:
    """Drop 'um' and 'uh' anywhere, and 'so', 'i think', 'please' and the like at the ends, never the last word."""
    if len(tokens) > 1:
        tokens = [t for t in tokens if not is_hesitation(t)] or tokens[-1:]
    start, end = 0, len(tokens)
    while True:
        if end - start > 1 and tokens[start] in _LEADING_FILLERS:
            if end - start == 2 and tokens[start + 1] in _SAYS_NOTHING_ALONE:
                break  # "okay then" is an answer; "then" alone is none
            start += 1
            continue
        preamble = next((p for p in _PREAMBLES if tuple(tokens[start : start + len(p)]) == p), None)
        if preamble is None or end - start <= len(preamble) or tokens[start + len(preamble) : end] == ["so"]:
            break  # "i guess so" is an answer, and a bare "so" opens half of what is said at a table
        start += len(preamble)
    while end - start > 1 and tokens[end - 1] in _TRAILING_FILLERS:
        end -= 1
    if end - start > 2 and tokens[end - 2 : end] == ["thank", "you"]:
        end -= 2
    return tokens[start:end]


def strip_invocation(tokens: list[str]) -> list[str]:
    """Remove 'alexa', 'ask heart line to', 'tell heart line', '... on heart line' around the command."""
    for i, token in enumerate(tokens[:3]):
        if token == "alexa" and all(t in {"hey", "okay"} for t in tokens[:i]):
            tokens = tokens[i + 1 :]
            break
    start = 0
    if tokens[:1] and tokens[0] in _INVOKE_VERBS and tokens[1:3] == ["heart", "line"]:
        start = 3
    elif tokens[:1] and tokens[0] in _GREETINGS and tokens[1:3] == ["heart", "line"] and len(tokens) > 3:
        start = 3  # "hey heart line, it's me and Jordan" (probe 5 fell back); "hi heart line" alone is a greeting
    elif tokens[:2] == ["heart", "line"]:
        start = 2
    if start and len(tokens) > start + 1 and tokens[start] in _INVOKE_CONNECTORS:
        start += 1
    tokens = tokens[start:]
    if len(tokens) > 3 and tokens[-2:] == ["heart", "line"] and tokens[-3] in _TRAILING_INVOCATION:
        tokens = tokens[:-3]
    return tokens


def normalise(text: str) -> str:
    """The form both utterances and samples are compared in: lower-case words, single spaces, no wake words."""
    return " ".join(strip_fillers(strip_invocation(words(text))))
