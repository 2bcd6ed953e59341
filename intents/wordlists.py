"""The word classes the matcher reasons with: words that carry no command, words that turn a sentence around,
words that are never names.

They are data, grown one probe of real sentences at a time, and each entry says which sentence it is there for;
the matcher (``intents/matcher.py``) and the reader of sentences in pieces (``intents/pieces.py``) share them.
"""

from __future__ import annotations

COMMON_WORDS = frozenset(
    "then than them they when where there their these those what which while with will would your "
    "here have been come some time went want were from into over much many more most very well just only "
    "also even ever never always again okay alright right yeah sure know think feel said says like".split()
)
"""Everyday words never "corrected" towards a command's word: "then" is not a misspelt "ten" (it set a
ten-minute round from "alright then, let's get going"), nor "went" a misspelt "want"."""

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

NOT_NAMES = (
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
