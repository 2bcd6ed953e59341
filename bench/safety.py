"""Safety check figures: how many disclosures stop the exercise and how much table talk raises the alarm.

    python bench/safety.py          # every table, the shipped rules beside the phrases and person rule alone
    python bench/safety.py -v       # and the sentences each rule gets wrong

The tables are the third safety probe's (tests/skill/test_safety_probe.py): its own sentences, and three
held-out sets written after a round of fixes and measured once. Their first figure is the one that says how the
rules meet wording they have not seen; from the next round on they are regression tables like the rest, so the
figure printed here for them is no longer held out. The baseline in the same run is the same content without
its ``patterns`` (the set phrases and the person-did-harm rule only), so a run shows what the shapes add.

Each check is a pure function of the text (no store, no network), so the time per sentence is printed too:
every request's slots go through it.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skill.content_files import load_content  # noqa: E402
from skill.decks import Safety  # noqa: E402
from skill.safety import is_distress  # noqa: E402
from tests.skill import test_safety_probe as probe  # noqa: E402

TABLES = (
    ("probe 3", probe.DISCLOSURES, probe.INNOCENT),
    ("held-out 1 (after round 1)", probe.HELD_OUT_DISCLOSURES, probe.HELD_OUT_INNOCENT),
    ("held-out 2 (after round 2)", probe.HELD_OUT_2_DISCLOSURES, probe.HELD_OUT_2_INNOCENT),
    ("held-out 3 (after round 3)", probe.HELD_OUT_3_DISCLOSURES, probe.HELD_OUT_3_INNOCENT),
)


def wrong(safety: Safety, disclosures: list[str], innocent: list[str]) -> tuple[list[str], list[str]]:
    """The disclosures missed and the innocent sentences alarmed."""
    missed = [s for s in disclosures if not is_distress(s, safety, probe.HOUSEHOLD)]
    alarmed = [s for s in innocent if is_distress(s, safety, probe.HOUSEHOLD)]
    return missed, alarmed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the sentences each rule gets wrong")
    args = parser.parse_args()
    shipped = load_content().safety
    rules = {"shipped rules": shipped, "baseline (no patterns)": replace(shipped, patterns=())}
    print(f"{'table':28} {'rules':24} {'caught':>10} {'alarmed':>10}")
    for table, disclosures, innocent in TABLES:
        for name, safety in rules.items():
            missed, alarmed = wrong(safety, disclosures, innocent)
            caught = len(disclosures) - len(missed)
            print(f"{table:28} {name:24} {caught:4}/{len(disclosures):<5} {len(alarmed):4}/{len(innocent):<5}")
            if args.verbose:
                for sentence in missed:
                    print(f"    missed:  {sentence}")
                for sentence in alarmed:
                    print(f"    alarmed: {sentence}")
    everything = [s for _, d, i in TABLES for s in (*d, *i)]
    for name, safety in rules.items():
        is_distress(everything[0], safety, probe.HOUSEHOLD)  # compile the rules once, outside the timing
        started = time.perf_counter()
        for sentence in everything:
            is_distress(sentence, safety, probe.HOUSEHOLD)
        per = (time.perf_counter() - started) / len(everything) * 1e6
        print(f"{name}: {per:.0f} us per sentence over {len(everything)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
