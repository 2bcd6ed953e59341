"""The short, fixed phrases of the interface (menus, corrections, confirmations).

Everything longer or more personal — topics, questions, round scripts, myths, answers, the safety message —
is content under ``skill/content``. Keeping these together makes the voice of the skill easy to review.
"""

MENU = "You can ask for a dinner question, start a listening round, or do a quick check-in."
MENU_SHORT = "Dinner question, listening round, or check-in?"
SIMPLE_CHOICE = "Let's keep it simple. Say 'dinner' for a question to talk about, or 'listen' for a listening round."
STILL_LOST = "I'm still not following, sorry. Say 'help' to hear everything I can do, or 'stop' to finish."
PHONES_AWAY = "Before we begin, put your phones somewhere out of reach and turn toward each other."
WELCOME_NEW = "Welcome to Heart Line. I guide two people through short conversations that help you feel closer."
ASK_NAMES = "First, what are your first names? You can say, 'we're Sam and Alex'."
ASK_NAMES_REPROMPT = "Tell me your two first names, like, 'we're Sam and Alex'."
NAMES_SAME = "I need two different names so I can tell you apart. What are your names?"
NAMES_ONE = "I only caught one name. Please say both, like, 'we're Sam and Alex'."
NAMES_OTHER = "Nice to meet you, {name}. And who else is at the table? You can say, 'this is Alex'."
NAMES_OTHER_REPROMPT = "What is the other first name? You can say, 'this is Alex'."
NAMES_UNKNOWN = "I don't know your names yet. Tell me your two first names, like, 'we're Sam and Alex'."
NAMES_CHANGE = "To change them, say 'we're' and your two names."
NEW_NAMES_ASK = "I have you as {first} and {second}. Shall I call you {new_first} and {new_second} from now on?"
NEW_NAMES_REPROMPT = "Should I call you {new_first} and {new_second}? Say yes or no."
NAMES_OVER_PLAY = "I have you as {first} and {second}. To change both names, tell me when this is over."
RENAME_WHICH = "I have you as {first} and {second}. Say both names as they should be, like, 'we're {first} and {new}'."
"""A name correction that does not say which name it replaces ("call me Jordan")."""
RENAME_HOW = "I have you as {first} and {second}. To correct a name, say, for example, 'it's Jamie, not {second}'."
"""A "correction" of a name neither of them has: most often not about names at all ("close, but not exactly")."""
NAMES_BAD = "I didn't catch your names. Please say both, like, 'we're Sam and Alex'."
ROUND_LENGTH_BAD = "A turn can last from one to ten minutes. How many minutes should each of you speak?"
ROUND_LENGTH_REPROMPT = "How many minutes each? Pick a number from one to ten."
DINNER_LENGTH_BAD = (
    "Table talk between questions can last from one to fifteen minutes. How many minutes would you like?"
)
SETTINGS_ASK = "How many minutes should each speaking turn be? Anything from one to ten."
NOT_UNDERSTOOD = "Sorry, I didn't catch that."
HELLO = "Hello, it's good to hear you."
CHECKIN_NUMBER = "Please answer with a number from one, not at all, to five, completely."
CHECKIN_NO_SKIP = "Each statement needs a number from one to five; to leave the check-in, say stop. Here it is again:"
CHECKIN_BACK = "Back one; your answer to it is forgotten. Here it is:"
CHECKIN_FIRST = "This is the first statement, so there's nothing to go back to. Here it is again:"
NOTHING_PLAYING = "Nothing is playing right now."
NOTHING_YET = "Nothing has started yet."
"""A status question ("how much time is left?") while the names are asked: the names question is what waits."""
TO_BEGIN = "To begin, tell me your first names, like, 'we're Sam and Alex'. Or just ask for a dinner question."
NO_TIMER = "Take your time. For longer turns in every round, say 'make rounds five minutes'. " + MENU
""""We need more time" with no round playing: no timer to give time to, so the wait is theirs, and how to get
longer turns from now on."""
TAKE_YOUR_TIME = "Sure, take your time."
""""Hold on", "give me a second" with no round playing: nothing to pause, so the skill waits, and asks what it
was asking again only when the reprompt comes."""
LOCAL_ROUND_CONTROLS = (
    "While it plays, start a command with heart line, like 'heart line, pause' or 'heart line, stop'."
)
"""Said locally as a round begins: on an Echo everyone knows to say "Alexa" first; at a laptop, ``talk`` acts
only on what follows "heart line" while a round plays, and nothing else would tell them."""


ECHO_WAKE_WORD = "Alexa"


def own_command(wake: str, command: str, told: str = "") -> str:
    """One of Heartline's own commands, as said while audio plays: after "heart line" locally; on an Echo, which
    passes only its built-in controls (next, pause, stop) to a skill without its name, through "tell Heart Line"."""
    if wake == ECHO_WAKE_WORD:
        return f"'{wake}, tell Heart Line {told or command}'"
    return f"'{wake}, {command}'"


def round_controls(wake: str) -> str:
    """A round's controls, each said after the ``Turn.wake_word``: while a round plays neither an Echo nor
    ``talk`` takes a bare "pause" ("you can say pause" sent people to a word nothing would hear)."""
    more = own_command(wake, "we need more time")
    return f"While a round plays, say '{wake}, pause', '{wake}, next' or '{wake}, stop'; for longer turns, {more}."


def dinner_help(wake: str) -> str:
    """A dinner's controls: it has no turns to pause or give more time."""
    deeper = own_command(wake, "go deeper", "to go deeper")
    return f"Say '{wake}, next' for another question, {deeper} for a bigger one, or '{wake}, stop' when you're done."


SAME_TOPIC_AGAIN = "The same topic again: this time, listen for what you didn't hear the first time."
SAME_TOPIC_NOW = "You're on that topic now."
NO_TOPIC_BEFORE = "There's no round topic from before to go back to; a listening round would start a new one."


def round_goes_on(wake: str) -> str:
    """Said after a word of care that comes during the very round it would offer, and after a no to an offer
    made during a round: the couple keeps the round they are in. Each control after the ``Turn.wake_word``, as
    everywhere a round plays (``round_controls``)."""
    return f"Your round goes on. Say '{wake}, pause' if you need a moment, or '{wake}, stop' to end it."


ROUND_KEPT_FOR_DINNER = "Your round goes on."
"""Said when a theme or a depth comes over a needs, empathy or support round, or a theme over a listening round:
the round is kept, and how to get dinner questions after it follows."""


def same_round_playing(wake: str) -> str:
    """Said when the round that is playing is asked for again: a question about it, not a wish to lose its time."""
    return (
        f"You're in that round now, and it goes on. Say '{wake}, pause' if you need a moment, or '{wake}, start"
        " over' to begin it again. When it ends, say one more round for another."
    )


def dinner_goes_on(wake: str) -> str:
    """The same for a dinner playing, which has no pause to offer and is not a round."""
    return f"Your dinner questions go on. Say '{wake}, next' for another, or '{wake}, stop' when you're done."


CHECKIN_AFTER_ROUND = "Let's check in when this round ends: I'll offer it then."
CHECKIN_AFTER_DINNER = "Let's check in when you're done with the questions: I'll offer it then."
"""A check-in asked for while a round or dinner plays: started there, its statements would be read over the
audio (and on an Echo, asked while the round waits paused under them)."""
MORE_TIME = "Take your time. This part starts again, with all of its time."
MORE_TIME_DINNER = "Take your time. Here's the question again, with all of its time."
"""More time at a dinner ("we're still answering"): a dinner has questions, not parts."""
STUCK_IN_ROUND = (
    "That happens, and it's fine. Start small: one thing from today and how it felt. Even 'I'm not sure where to"
    " begin' is a true first sentence, and your listener can say that back too."
)
"""For "I don't know what to say" while a round plays: the speaker keeps the floor, with somewhere to start."""
STUCK_LISTENER = (
    "That's fine. Say back the part you did catch, in your own words, then ask: what did I miss? Getting it partly"
    " right and asking is listening too."
)
"""For "I blanked" while the listener says back: the listener's blank, with a way to carry on."""


ROUND_STRAIN = (
    "That's all right; strong feelings usually mean it matters. Tears are welcome here. You only share what you"
    " choose to, and a breather or another topic is always fine. If it has turned into an argument, the listener's"
    " only job is to understand, not to agree."
)
"""For strong feeling in the middle of a round: welcome, and every way out kept. The controls that keep them
follow from ``answer_aside`` while a round plays (``round_goes_on``), said the way the device hears them."""
STUCK_IN_DINNER = "Take your time. There's no right answer, and a short one still counts."
TABLE_TALK = "Take your time."
"""For what partners say to each other ("you go first", "that's a hard one"): no exercise starts or stops."""
ROUND_FLOW = (
    "A round moves in parts, and a soft chime marks each change. One of you speaks while the other listens; then the"
    " listener says back what they heard, and the speaker says whether that was it or adds to it. Then you trade"
    " places. At the end there's a minute to talk about how it felt, and you can ask me for a check-in. Done with a"
    " part early? Say next. Need longer? Say more time. And you can pause whenever you need to."
)
HEAVY_MOMENT = (
    "It often is. Feeling it means you really showed up for each other. There's no need to fix anything now; be"
    " gentle with each other for the rest of the evening."
)
"""For "that was intense" / "that was hard": said to be answered, not as a miss, and never followed by a push to
go deeper."""
DINNER_RULES = (
    "There's no right answer and no set order: whoever is ready starts, and you each answer in your own way, or"
    " together. If a question doesn't suit you, say next and I'll bring another."
)
DOES_IT_WORK = (
    "It's practice, not magic. Careful listening is one of the things that keeps couples close: fewer"
    " misunderstandings, and both of you feel heard. Heart Line gives you the time and the structure; the rest is"
    " what you bring. Check in after a few rounds and ask how you're doing, and you can watch it for yourselves."
)
BEYOND_SCOPE = (
    "That's beyond what I cover. I stick to listening, sharing, and asking for what you need; a good book or a"
    " couples counsellor can take you further there."
)
ABOUT_WHICH = (
    "I can tell you how dinner questions, a check-in or any of the rounds work. Ask, for example: what's a check-in?"
)
"""An "about" question whose subject was not made out."""
ABOUT_CHECKIN = (
    "A check-in is five short statements about how close you feel right now. You answer each with a number from"
    " one, not at all, to five, completely, and it takes about a minute. Later, ask how you're doing, and I'll"
    " tell you how your answers have moved."
)
PRIVACY = (
    "Heart Line keeps no recording and no words of what the two of you say to each other. It stores only your first "
    "names, how long your turns and table talk last, your check-in scores, how many rounds you've done, and which "
    "questions you've already had, so it doesn't repeat them. On an Echo, what you say to Alexa itself follows your "
    "Alexa privacy settings. To erase what Heart Line stores, say 'delete my data'."
)
"""What is kept, said plainly (``skill/state.py``'s ``Household`` is the whole of it)."""
PAUSED_CHOICE = "Your round is paused. Say 'resume' to carry on, or choose something new."
PAUSED_CHOICE_REPROMPT = "Say resume, or choose a dinner question, a listening round, or a check-in."
UNSURE = "No pressure."
"""The lead before a question asked again when someone can't decide: the question stands, nothing was missed."""
UNSURE_EASY_START = "That's all right. Let's start with an easy one."
"""Nothing was asked and nobody knows what to do: the lightest way in, a dinner question, not the menu again."""
UNSURE_CHECKIN = "There's no wrong answer. Go with your first feeling; three is right in the middle."
AFFECTION = "That's lovely to hear. Say it to each other, too; it means more across the table than it does to me."
"""Warmth aimed at Heartline (or said across the table within its hearing) is turned back toward the partner."""
TOUR_OPENING = (
    "Heart Line guides two people, partners, friends or family, through short conversations."
    " If you're not a couple, say so, like 'we're sisters', and I'll pick questions that fit."
)
"""The tour's first line: who it is for, so "can friends do this?" is answered by the tour itself."""
NOTHING_TO_REPEAT = "I haven't said anything yet."
SLOWER = "Of course. More slowly:"
VOLUME_UP = "I can't turn the sound up myself; on an Echo, say 'Alexa, volume up'."
LOUDER = f"{VOLUME_UP} Here it is again:"
VOLUME_DOWN = "I can't turn the sound down myself; on an Echo, say 'Alexa, volume down'."
SOFTER = f"{VOLUME_DOWN} Here it is again, softly:"
OUT_OF_SCOPE = "That's not something I can do. Heart Line only guides conversations between the two of you."
OUT_OF_SCOPE_ALEXA = "For anything else, say 'stop', then ask Alexa."
RELATION_ASK = "Are you friends, or family? Say, for example, 'we're friends', and I'll pick questions that fit."
AWKWARD = (
    "Feeling a bit awkward at first is normal; most people do. Closeness grows in small steps, and nobody has to"
    " share more than they want to."
)
AWKWARD_START = "Let's begin with something light."
ROUNDS_LIST = (
    "There are four rounds. In a listening round you take turns to speak and be heard; a needs round practises"
    " asking for what you need; an empathy round is about naming each other's feelings; and a support round is for"
    " celebrating and comforting. Ask about any of them, like 'what is a support round?'"
)
TRY_ONE = "Would you like to try one now?"
COMPLAINT = "Sorry it isn't working for you. You can say stop at any time."
COMPLAINT_OFFER = "Or try something lighter: a dinner question takes only a few minutes."
HOW_OFTEN = (
    "Little and often works better than one big talk now and then. A dinner question on an ordinary weeknight and a"
    " listening round once or twice a week is a good rhythm; a check-in every week or two shows how it's going."
)
BUSY = "Busy weeks are normal, and a little goes a long way: a dinner question takes only a few minutes."
""""We're busy parents": said before what fits in ten minutes (``asides.what_fits``)."""
GOODBYE = "Take good care of each other. Goodbye."
CANCELLED = "Okay, cancelled."
DELETE_CONFIRM = (
    "This erases your names, settings, check-ins and which questions you've heard. It can't be undone. "
    "Should I delete everything?"
)
DELETE_DONE = "Done. Everything I stored for you is gone."
DELETE_KEPT = "Okay, I kept everything."
LOOP_SHUFFLE = "Looping and shuffling don't apply to a guided round; each phase plays once, in order."
NO_AUDIO_DEVICE = (
    "This device can't play the timed audio a round needs. Try Heart Line on an Echo speaker, "
    "or ask me for a dinner question instead."
)
ERROR = "Sorry, something went wrong on my side. Please try that again."
STORE_DOWN = "Sorry, I can't reach my memory right now. Please try again in a minute."
CHECKIN_HOW = (
    "Give each statement one number for the two of you: one if it isn't true for you at all, five if it's"
    " completely true, and the numbers between for everything between. Higher means closer. If you'd each pick a"
    " different number, take a minute to hear why before you settle on one; that talk is part of the check-in."
)
"""How a check-in is answered: the scale, and that it is one answer for the couple (``record_checkin`` stores
one score a statement), with a difference between them treated as something to talk about, not to average."""
SPLIT_SCORE = (
    "Somewhere between {low} and {high}, then. If that's the two of you seeing it differently, hear each other"
    " out for a moment. Then give me the one whole number that fits you both best."
)
"""Two numbers for one statement ("three or four", "three and a half", "Sam says four and Alex says three")."""
CLARIFY_CHECKIN = "It asks how true this feels for the two of you right now; there's no right answer, only yours."
CLARIFY_DINNER = "Take it whichever way it speaks to you. There's no wrong reading, and wandering off it is fine too."
CLARIFY_AGAIN = "Let me say it again."
SCORE_MEANING = (
    "It's the average of your five answers tonight, from one, not at all, to five, completely. Near five, you both"
    " feel heard and close; around three, some of that is there and some is missing; lower, it's a good evening"
    " to slow down and listen. It's a snapshot of one night, not a grade. What tells you most is where it goes over"
    " the weeks, so say 'how are we doing' any time to hear the trend."
)
NAMES_CAN_WAIT = (
    "Sure, names can wait. A dinner question needs none; a round uses your first names to say whose turn it is,"
    " so I'll ask for them when you start one."
)
FREE = "Heart Line is free: there's nothing to buy and no subscription."
EYE_CONTACT = (
    "Look at each other when it feels natural: a soft, steady look tells your partner you're with them. It's fine to"
    " look away while you think, or to close your eyes if that helps you listen. What matters is that your attention"
    " stays on them, not on a phone or the room."
)
"""Being present (the article's point that attention, not a stare, is what a partner feels), in our words."""
PARTNER_LEFT = (
    "That sounds hard. Give each other some room; a talk that has turned into a fight goes better after a pause,"
    " and nothing here has to be finished tonight. When you're both ready, one talking and one only listening is"
    " a gentle way back."
)
"""For "she walked out": the room it needs, no blame; while a round plays, how to hold it follows
(``round_goes_on``)."""


OWN_TOPIC = "Of course. The topic is only a way in: talk about whatever is on your mind."
OWN_TOPIC_NONE = "This round has no set topic: anything of your own will do."
"""Over a needs, empathy or support round, which asks for a need, a feeling or a moment, not a topic."""
LISTENER_IF_MISSED = "If you missed some, say back the part you caught, then ask: what did I miss?"
WHY_NAMES = (
    "I use your first names to say whose turn it is. Any names will do, nicknames too, and a dinner question"
    " needs none at all."
)
