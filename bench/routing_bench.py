"""How often the suggested recipient is the right one: keywords alone, then after the clerks have
confirmed 50 and 200 letters, on letters held back from the learning.

    .venv/bin/python bench/routing_bench.py [--letters 400] [--seed 1] [--out docs/benchmarks.md]

The corpus is the demo letters (capture/demo_letters.py), which carry the team they are meant
for. They are written from a few templates per team, so the same wording appears in training
and test letters; the harder variants take away the easy clues (the "Att.:" line, the subject,
the sender's block), add OCR-like noise, or test only on templates never seen in training.
Learning is simulated as in the mailroom: each confirmed letter is first suggested, and a
clerk's choice that differs from the suggestion is learnt as a correction.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report import publish  # noqa: E402

from scanstation.capture.demo_letters import DemoLetter, demo_letters  # noqa: E402
from scanstation.recipients import DEFAULT_DIRECTORY, read_directory  # noqa: E402
from scanstation.suggest import RecipientSuggester, Suggestion, auto_confirm_allowed  # noqa: E402

SECTION = "## Recipient suggestions (bench/routing_bench.py)"
HISTORY = (0, 50, 200)
AUTO_CONFIRM_THRESHOLD = 0.9  # the CLI's --auto-confirm threshold


# --- what the suggester reads ---------------------------------------------------------


def whole_letter(letter: DemoLetter) -> str:
    """Everything printed on the letter: sender block, address window, subject, body, signature."""
    return "\n".join((letter.sender_name, *letter.sender_address, *letter.recipient_address,
                      letter.date_line, letter.subject, *letter.body, "Med venlig hilsen", *letter.signature))


def subject_and_body(letter: DemoLetter) -> str:
    return "\n".join((letter.subject, *letter.body))


def body_only(letter: DemoLetter) -> str:
    return "\n".join(letter.body)


_CONFUSIONS = {"e": "c", "l": "1", "o": "0", "i": "l", "m": "rn", "æ": "ae", "ø": "o", "å": "a", "n": "ri", "t": "f"}


def body_with_ocr_noise(letter: DemoLetter) -> str:
    """Body only, with 4 % of letters misread or lost and a stray fragment every ~20 words."""
    rng = random.Random(f"{letter.date}|{letter.subject}|{letter.sender_name}")
    out = []
    for word in body_only(letter).split(" "):
        chars = []
        for c in word:
            roll = rng.random()
            if roll < 0.03:
                chars.append(_CONFUSIONS.get(c.lower(), c))
            elif roll > 0.99:
                continue
            else:
                chars.append(c)
        out.append("".join(chars))
        if rng.random() < 0.05:
            out.append(rng.choice(("ii", "l.", "—", "rn", "fi", "vv", "Iii", "ooo")))
    return " ".join(out)


VARIANTS: dict[str, Callable[[DemoLetter], str]] = {
    "whole letter (with Att. line when the sender wrote one)": whole_letter,
    "subject + body": subject_and_body,
    "body only (no Att. line, subject, sender or signature)": body_only,
    "body only + OCR noise": body_with_ocr_noise,
}


def topic(letter: DemoLetter) -> str:
    """Which template a letter was written from: its team and the subject's first words."""
    return f"{letter.team}:{' '.join(letter.subject.split()[:3])}"


def unseen_topics(letters: list[DemoLetter]) -> set[str]:
    """One template per team (where the team has two or more), kept out of the training letters."""
    by_team: dict[str, set[str]] = {}
    for letter in letters:
        if not letter.is_return_mail:
            by_team.setdefault(letter.team, set()).add(topic(letter))
    return {sorted(topics)[-1] for topics in by_team.values() if len(topics) >= 2}


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Score:
    letters: int = 0
    right: int = 0
    in_top3: int = 0
    auto: int = 0
    auto_wrong: int = 0

    def add(self, suggestion: Suggestion, truth: str) -> None:
        self.letters += 1
        self.right += suggestion.recipient_id == truth
        self.in_top3 += any(rid == truth for rid, _ in suggestion.alternatives)
        if auto_confirm_allowed(suggestion, AUTO_CONFIRM_THRESHOLD):
            self.auto += 1
            self.auto_wrong += suggestion.recipient_id != truth

    def cell(self) -> str:
        return f"{100 * self.right / self.letters:.0f} % ({100 * self.in_top3 / self.letters:.0f} %)"


def trained(recipients, letters: list[DemoLetter], text: Callable[[DemoLetter], str]) -> RecipientSuggester:
    """A suggester that has seen `letters` confirmed one by one, wrong suggestions as corrections."""
    suggester = RecipientSuggester(recipients)
    for letter in letters:
        body = text(letter)
        corrected = suggester.suggest(body).recipient_id != letter.team
        suggester.learn(body, letter.team, corrected=corrected)
    return suggester


def evaluate(recipients, train: list[DemoLetter], test: list[DemoLetter],
             text: Callable[[DemoLetter], str]) -> dict[int, Score]:
    scores = {}
    for n in HISTORY:
        suggester = trained(recipients, train[:n], text)
        score = Score()
        for letter in test:
            score.add(suggester.suggest(text(letter)), letter.team)
        scores[n] = score
    return scores


def timing(recipients, letters: list[DemoLetter]) -> tuple[float, float, float]:
    """Seconds to learn 1000 letters at once; median and 95th-percentile ms per suggestion."""
    texts = [(whole_letter(letter), letter.team, letter.case_number, False) for letter in letters]
    texts = (texts * (1000 // len(texts) + 1))[:1000]
    start = time.perf_counter()
    suggester = RecipientSuggester(recipients)
    suggester.train_from_examples(texts)
    suggester.suggest(texts[0][0])  # the model is fitted on first use
    learn_s = time.perf_counter() - start
    times = []
    for text, *_ in texts[:300]:
        t = time.perf_counter()
        suggester.suggest(text)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return learn_s, statistics.median(times), times[int(0.95 * len(times))]


def report(results: dict[str, dict[int, Score]], held_back: int, speed: tuple[float, float, float],
           command: str, seed: int) -> str:
    header = "| text the suggester reads | letters | keywords alone | after 50 confirmed | after 200 confirmed |"
    rows = [header, "|---|---|---|---|---|"]
    for name, scores in results.items():
        cells = " | ".join(scores[n].cell() for n in HISTORY)
        rows.append(f"| {name} | {scores[0].letters} | {cells} |")
    auto = ["| text | auto-confirmed after 200 | of which wrong |", "|---|---|---|"]
    for name, scores in results.items():
        s = scores[200]
        auto.append(f"| {name} | {s.auto}/{s.letters} ({100 * s.auto / s.letters:.0f} %) | {s.auto_wrong} |")
    learn_s, median_ms, p95_ms = speed
    return "\n".join((
        SECTION, "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cpus, Python {platform.python_version()}.",
        "",
        f"Corpus: demo letters (seed {seed}): the first 200 are the clerks' history, the next {held_back} are "
        "held back and suggested. Learning is simulated as in the mailroom: each history letter is suggested, then "
        "confirmed with its true team, as a correction when the suggestion was wrong. Top-1 accuracy, top-3 in "
        "brackets; a letter with no suggestion at all counts as wrong.",
        "",
        *rows,
        "",
        "The demo letters are written from two or three templates per team, and held-back letters share their "
        "template's wording with history letters, so the learnt columns are optimistic. The last row is the "
        "honest one for new kinds of letters: one template per team is never in the history, and only letters "
        "of those templates are tested (body only). The constants in `scanstation/suggest.py` were chosen on "
        "seed 1; other seeds move the numbers by several points, most in the last row.",
        "",
        f"Auto-confirm at confidence ≥ {AUTO_CONFIRM_THRESHOLD} (keywords alone never auto-confirm):",
        "",
        *auto,
        "",
        f"Speed: learning 1000 letters {learn_s:.2f} s; one suggestion {median_ms:.2f} ms median, "
        f"{p95_ms:.2f} ms at the 95th percentile (whole letters, 1000 letters learnt).",
        "",
    ))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=400, help="history (200) plus held-back letters")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    recipients = read_directory(DEFAULT_DIRECTORY)
    letters = demo_letters(max(args.letters, 260), seed=args.seed)
    train, test = letters[:200], letters[200:]
    results = {name: evaluate(recipients, train, test, text) for name, text in VARIANTS.items()}

    # New kinds of letters: history without one template per team, tested on those templates only.
    pool = demo_letters(1200, seed=args.seed + 1000)
    hidden = unseen_topics(pool)
    unseen_train = [letter for letter in pool if topic(letter) not in hidden][:200]
    unseen_test = [letter for letter in test if topic(letter) in hidden]
    results["body only, templates never in the history"] = evaluate(recipients, unseen_train, unseen_test, body_only)

    command = "python bench/routing_bench.py " + " ".join(sys.argv[1:])
    text = report(results, len(test), timing(recipients, letters[:200]), command.strip(), args.seed)
    publish(text, SECTION, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
