"""A dinner as a plan: a question read aloud, minutes of table talk, a soft chime, the next question.

Dinner is open-ended ("until someone says stop"), so its tracks are made one question at a time as the
previous one nears its end; a cap keeps a forgotten speaker from asking questions to an empty room all night.
"""

from __future__ import annotations

from skill.decks import Prompt
from skill.rounds import Phase, Role

DINNER_TITLE = "Dinner questions"
DINNER_MAX_QUESTIONS = 12
"""About an hour at the default four minutes of table talk: longer than most dinners."""


def dinner_phase(index: int, question: Prompt, minutes: int) -> Phase:
    """One question and its table talk; the track ends with the closing chime, then the next question."""
    return Phase(index=index, role=Role.TALK, who="both", seconds=minutes * 60, cue=question.text)
