"""Who a letter is for: a recipient suggestion with a confidence and a reason.

In order of trust: a cover sheet names the recipient (1.0); a case number the clerks have
already routed goes where they sent it last (0.95); otherwise the letter's words decide.
Words are scored two ways and blended by how much history there is:

- keywords from the recipient directory (and the team's name, strongest on an "Att.:" line),
  which work from the first day but never reach auto-confirm confidence;
- a multinomial Naive Bayes classifier trained on the letters the clerks confirmed, with a
  clerk's correction (they chose another recipient than suggested) weighing three times and
  also remembered as a near-duplicate rule: the next letter that reads almost the same goes
  where the clerk sent this one.

Privacy: the model keeps no text. Tokens have no digits (no CPR, case or phone numbers); the
saved model keeps only words seen in at least two letters; remembered corrections are sets of
hashed words (unreadable, though a guess can be checked). Deterministic: the same examples in
the same order give the same suggestions.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

CORRECTION_WEIGHT = 3.0  # a clerk's correction counts as three confirmations
CASE_CONFIDENCE = 0.95
KEYWORD_MAX_CONFIDENCE = 0.75  # keywords alone never reach an auto-confirm threshold of 0.9
HISTORY_HALF_WAY = 15  # examples at which a familiar letter is judged half by the classifier, half by keywords
MIN_DOCUMENT_FREQUENCY = 2  # a word must occur in this many letters to count (and to be saved)
MAX_REMEMBERED_CORRECTIONS = 500
MAX_REMEMBERED_CASES = 50_000
NEAR_DUPLICATE = 0.75  # Jaccard similarity of word sets from which a correction is followed
ADDRESSED_WEIGHT = 0.4  # share an "Att.: <name>" line keeps once the classifier has history
NAME_ON_ATT_LINE = 6.0  # keyword-score points for "Att.: <recipient name>"
NAME_IN_TEXT = 1.0  # a team named in the body is often just mentioned ("I rang the job centre")
EVIDENCE_WORDS = 12.0  # a letter's words count as this many independent ones, at most
FORMAT = "scanstation-recipient-suggester"
FORMAT_VERSION = 1


class RecipientLike(Protocol):
    id: str
    name: str
    keywords: str


@dataclass(frozen=True)
class Suggestion:
    recipient_id: str | None  # None: nothing to go on; the clerk chooses
    confidence: float  # 0..1
    why: str  # "cover_sheet", "case_number", "learned", "keywords", "return_mail" (station.py) or "none"
    alternatives: tuple[tuple[str, float], ...] = ()  # the best three candidates, best first

    def journal_field(self) -> dict:
        """The `recipient` entry of a document's suggestion JSON."""
        return {"value": self.recipient_id, "confidence": round(self.confidence, 4), "why": self.why,
                "alternatives": [[rid, round(p, 4)] for rid, p in self.alternatives]}


def auto_confirm_allowed(suggestion: Suggestion, threshold: float) -> bool:
    """May the document be confirmed without a clerk? Keywords alone never may, whatever the threshold."""
    # Returned mail is shown to a clerk: it may need re-sending with its original date (seed 004).
    return (suggestion.recipient_id is not None and suggestion.why not in ("keywords", "none", "return_mail")
            and suggestion.confidence >= threshold)


# --- words ------------------------------------------------------------------------

STOP_WORDS = frozenset("""
    af alle alt anden andet andre at bare begge blev blive bliver da de dem den denne dens der deres
    det dette dig din dine disse dit dog du efter eller en end er et for fordi fra fik få får gør
    gjorde gøre ham han hans har have havde hende her hendes hermed hos hun hvad hvem hver hvilken
    hvis hvor hvordan hvornår i igen ikke ind ingen inden jeg jer jeres kan kom kommer kunne lidt
    man mange med meget men mere mig min mine mit mod må måske ned nej noget nogle nu når og også
    om op os over på sig sin sine sit skal skulle som så sådan til ud under var vi vil ville vor
    vores være været blevet samt ved via jo nok selv sammen enten både ellers heller mellem uden
    ca fx mv nr kr tlf dk www att
""".split())

_WORD = re.compile(r"[a-zæøåéäöü]+")
# Crude Danish suffix stripping, longest first: enough to join "boligstøtten" and "boligstøtte".
_SUFFIXES = ("erendes", "erende", "hedens", "ernes", "erens", "heden", "heder", "erne", "ende", "edes",
             "ene", "ens", "ere", "ers", "ets", "hed", "er", "en", "et", "es", "e", "s")
# Only the suffixes ending in a word's last letter can be its ending; same order, so the same one wins.
_SUFFIXES_BY_LAST = {s[-1]: tuple(x for x in _SUFFIXES if x[-1] == s[-1]) for s in _SUFFIXES}
_ATT_LINE = re.compile(r"^[ \t>]*(?:att(?:n|ention)?\.?[ \t]*:?|til[ \t]*:)[ \t]*(\S.*)$",
                       re.IGNORECASE | re.MULTILINE)


def stem(word: str) -> str:
    for suffix in _SUFFIXES_BY_LAST.get(word[-1:], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Lower-case word stems without digits, punctuation or stop words, in text order."""
    return [stem(w) for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS]


def _matches(key: str, token: str) -> bool:
    """A directory word matches the token itself, a longer form of it, or (long words) inside a compound."""
    return token == key or (len(key) >= 4 and token.startswith(key)) or (len(key) >= 6 and key in token)


class _Vocabulary:
    """A letter's distinct words, asked "does any word match this directory word?" once per
    keyword of every recipient: answered by a search of the words joined, not a loop over them."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = set(words)
        self._joined = "".join(f"\n{w}" for w in self._words)  # words are letters only: no "\n" inside

    def has_match(self, key: str) -> bool:
        """Whether _matches(key, w) for some word w."""
        if len(key) >= 6:
            return key in self._joined  # inside a word (a prefix or the word itself is inside it too)
        if len(key) >= 4:
            return f"\n{key}" in self._joined  # the start of a word
        return key in self._words


def _phrase_count(phrase: tuple[str, ...], stream: list[str], vocabulary: _Vocabulary) -> int:
    if not vocabulary.has_match(phrase[0]):
        return 0
    first, rest = phrase[0], phrase[1:]
    return sum(1 for i in range(len(stream) - len(rest)) if _matches(first, stream[i])
               and all(_matches(key, stream[i + j]) for j, key in enumerate(rest, 1)))


def _hashed(words: Iterable[str]) -> frozenset[int]:
    return frozenset(int.from_bytes(hashlib.blake2b(w.encode(), digest_size=6).digest(), "big") for w in words)


def _case_key(case_number: str | None) -> str | None:
    key = re.sub(r"\s+", "", case_number or "").upper()
    return key or None


# --- the suggester ------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    id: str
    name: tuple[str, ...]  # the name's word stems
    keywords: tuple[tuple[str, ...], ...]  # each keyword (or phrase) as word stems


class RecipientSuggester:
    def __init__(self, recipients: Iterable[RecipientLike]) -> None:
        self._entries: list[_Entry] = []
        for r in recipients:
            name = tuple(tokens(r.name))
            phrases = tuple(p for p in (tuple(tokens(k)) for k in (r.keywords or "").split(";")) if p)
            self._entries.append(_Entry(r.id, name, phrases))
        self._ids = [e.id for e in self._entries]
        self._index = {rid: i for i, rid in enumerate(self._ids)}
        self._counts: dict[str, dict[str, float]] = {}  # recipient -> stem -> weighted occurrences
        self._docs: dict[str, float] = {}  # recipient -> weighted examples
        self._df: dict[str, int] = {}  # stem -> letters it occurs in
        self._examples = 0
        self._seq = 0
        self._cases: dict[str, tuple[str, int]] = {}  # case key -> (recipient, seq)
        self._corrections: list[tuple[frozenset[int], str, int]] = []
        self._model: tuple[dict[str, int], np.ndarray, np.ndarray] | None = None

    @property
    def examples(self) -> int:
        """How many confirmed letters the classifier has learnt from."""
        return self._examples

    # --- learning ------------------------------------------------------------

    def learn(self, text: str, recipient_id: str, *, case_number: str | None = None,
              corrected: bool = False) -> None:
        """One letter a clerk confirmed for `recipient_id`; `corrected` if they changed our suggestion."""
        self._seq += 1
        key = _case_key(case_number)
        if key:
            self._cases.pop(key, None)  # re-insert: the dict stays in recency order for trimming
            self._cases[key] = (recipient_id, self._seq)
            if len(self._cases) > MAX_REMEMBERED_CASES:
                del self._cases[next(iter(self._cases))]
        words = tokens(text)
        if not words:
            return
        weight = CORRECTION_WEIGHT if corrected else 1.0
        counts = self._counts.setdefault(recipient_id, {})
        for word, n in _term_frequencies(words).items():
            counts[word] = counts.get(word, 0.0) + weight * n
        for word in set(words):
            self._df[word] = self._df.get(word, 0) + 1
        self._docs[recipient_id] = self._docs.get(recipient_id, 0.0) + weight
        self._examples += 1
        if corrected:
            self._corrections.append((_hashed(set(words)), recipient_id, self._seq))
            del self._corrections[:-MAX_REMEMBERED_CORRECTIONS]
        self._model = None

    def train_from_examples(self, examples: Iterable[tuple[str, str, str | None, bool]]) -> int:
        """Learn (text, recipient_id, case_number, corrected) tuples, oldest first; returns how many."""
        n = 0
        for text, recipient_id, case_number, corrected in examples:
            self.learn(text, recipient_id, case_number=case_number, corrected=corrected)
            n += 1
        return n

    def known_case_recipient(self, case_number: str | None) -> str | None:
        """The recipient most recently confirmed for this case number."""
        key = _case_key(case_number)
        found = self._cases.get(key) if key else None
        return found[0] if found else None

    # --- suggesting ----------------------------------------------------------

    def suggest(self, text: str, *, case_number: str | None = None,
                cover_recipient: str | None = None) -> Suggestion:
        if cover_recipient in self._index:  # an unknown id on a cover sheet is not trusted
            return Suggestion(cover_recipient, 1.0, "cover_sheet", ((cover_recipient, 1.0),))
        by_case = self.known_case_recipient(case_number)
        if by_case in self._index:
            content = self._content(text)
            others = tuple((rid, p) for rid, p in content.alternatives if rid != by_case)[:2]
            return Suggestion(by_case, CASE_CONFIDENCE, "case_number", ((by_case, CASE_CONFIDENCE), *others))
        return self._content(text)

    def _content(self, text: str) -> Suggestion:
        if not self._ids:
            return Suggestion(None, 0.0, "none")
        words = tokens(text)
        uniform = np.full(len(self._ids), 1.0 / len(self._ids))
        kw_scores, addressed = self._keyword_scores(text, words)
        kw_total = float(kw_scores.sum())
        if kw_total > 0:
            top = float(kw_scores.max())
            certainty = KEYWORD_MAX_CONFIDENCE * (top / kw_total) * (1.0 - math.exp(-top / 2.0))
            p_kw = certainty * kw_scores / kw_total + (1.0 - certainty) * uniform
        else:
            p_kw = uniform
        fitted = self._classifier(words)
        if fitted is None and kw_total == 0:
            return Suggestion(None, 0.0, "none")
        # Two shares that add up to the distribution, so that `why` can say which one decided.
        # The classifier's share grows with history and shrinks for unfamiliar letters.
        p_nb, coverage = fitted if fitted is not None else (uniform, 0.0)
        # Cubed: of the powers tried, the best on letters of kinds never seen (bench/routing_bench.py).
        w = self._examples / (self._examples + HISTORY_HALF_WAY) * coverage ** 3
        learned = w * p_nb
        directory = (1.0 - w) * p_kw
        if addressed is not None:  # "Att.: Jobcenter" keeps its weight however much history there is
            a = ADDRESSED_WEIGHT * w
            learned, directory = (1.0 - a) * learned, (1.0 - a) * directory + a * self._onehot(addressed)
        rule = self._remembered_correction(words)
        if rule is not None:  # a clerk sent a near-identical letter elsewhere: follow them
            rid, strength = rule
            learned = (1.0 - strength) * learned + strength * self._onehot(rid)
            directory = (1.0 - strength) * directory
        p = learned + directory
        order = sorted(range(len(self._ids)), key=lambda i: (-p[i], i))
        best = order[0]
        why = "learned" if learned[best] >= directory[best] else "keywords"
        # Only candidates with some evidence for them are offered: not the rest of the directory.
        baseline = 1.0 / len(self._ids) + 1e-9
        candidates = [i for i in order[:3] if i == best or p[i] > baseline]
        return Suggestion(self._ids[best], float(p[best]), why,
                          tuple((self._ids[i], float(p[i])) for i in candidates))

    def _onehot(self, recipient_id: str) -> np.ndarray:
        v = np.zeros(len(self._ids))
        v[self._index[recipient_id]] = 1.0
        return v

    def _keyword_scores(self, text: str, words: list[str]) -> tuple[np.ndarray, str | None]:
        """Directory keyword and name hits per recipient, and the one recipient an "Att.:" line names."""
        vocabulary = _Vocabulary(words)
        scores = np.zeros(len(self._ids))
        att_lines = [tuple(tokens(m)) for m in _ATT_LINE.findall(text)]
        addressed = []
        for i, entry in enumerate(self._entries):
            for phrase in entry.keywords:
                hits = _phrase_count(phrase, words, vocabulary)
                if hits:
                    scores[i] += 1.0 + 0.25 * min(hits - 1, 2)
            if not entry.name:
                continue
            if any(line and _matches(entry.name[0], line[0]) for line in att_lines):
                scores[i] += NAME_ON_ATT_LINE
                addressed.append(entry.id)
            elif _phrase_count(entry.name, words, vocabulary):
                scores[i] += NAME_IN_TEXT
        return scores, addressed[0] if len(addressed) == 1 else None

    def _classifier(self, words: list[str]) -> tuple[np.ndarray, float] | None:
        """Posterior over the directory, and the share of the letter's words the model knows.

        A letter of a kind never seen before is mostly unknown words; its posterior is flattened
        by that share and the caller trusts it less, so the keywords get their say again.
        """
        if self._examples == 0:
            return None
        vocab, log_prior, log_likelihood = self._fitted()
        tf = _term_frequencies(words)
        known = [(vocab[w], n) for w, n in tf.items() if w in vocab]
        if not known:
            return None
        columns = np.fromiter((j for j, _ in known), dtype=np.intp, count=len(known))
        weights = np.fromiter((n for _, n in known), dtype=float, count=len(known))
        coverage = float(weights.sum()) / sum(tf.values())
        evidence = log_likelihood[:, columns] @ weights
        # Naive Bayes treats every word as independent evidence; they are not, so its raw
        # posterior is near 0 or 1. Scale the evidence as if the letter had at most 12 words.
        evidence *= EVIDENCE_WORDS * coverage / max(EVIDENCE_WORDS, float(weights.sum()))
        scores = log_prior + evidence
        scores -= scores.max()
        p = np.exp(scores)
        return p / p.sum(), coverage

    def _fitted(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        if self._model is None:
            vocab_words = sorted(w for w, n in self._df.items() if n >= MIN_DOCUMENT_FREQUENCY)
            vocab = {w: j for j, w in enumerate(vocab_words)}
            counts = np.zeros((len(self._ids), len(vocab)))
            for i, rid in enumerate(self._ids):
                for w, n in self._counts.get(rid, {}).items():
                    j = vocab.get(w)
                    if j is not None:
                        counts[i, j] = n
            alpha = 0.1
            log_likelihood = np.log((counts + alpha) / (counts.sum(axis=1, keepdims=True) + alpha * max(len(vocab), 1)))
            docs = np.array([self._docs.get(rid, 0.0) for rid in self._ids])
            log_prior = np.log((docs + 1.0) / (docs.sum() + len(self._ids)))
            self._model = (vocab, log_prior, log_likelihood)
        return self._model

    def _remembered_correction(self, words: list[str]) -> tuple[str, float] | None:
        """The recipient of the most recent near-duplicate correction, and how strongly to follow it."""
        if not self._corrections or not words:
            return None
        hashed = _hashed(set(words))
        found: list[tuple[float, int, str]] = []
        for remembered, rid, seq in self._corrections:
            if rid not in self._index:
                continue
            common = len(hashed & remembered)
            similarity = common / (len(hashed) + len(remembered) - common)
            if similarity >= NEAR_DUPLICATE:
                found.append((similarity, seq, rid))
        if not found:
            return None
        best = max(s for s, _, _ in found)
        similarity, _, rid = max((f for f in found if f[0] >= best - 0.05), key=lambda f: f[1])
        return rid, 0.6 + 0.35 * (similarity - NEAR_DUPLICATE) / (1.0 - NEAR_DUPLICATE)

    # --- saving --------------------------------------------------------------

    def to_json(self) -> str:
        """The learnt state without text: words seen in at least two letters, hashed corrections."""
        kept = {w for w, n in self._df.items() if n >= MIN_DOCUMENT_FREQUENCY}
        return json.dumps({
            "format": FORMAT, "version": FORMAT_VERSION, "examples": self._examples, "seq": self._seq,
            "docs": self._docs,
            "counts": {rid: {w: n for w, n in sorted(c.items()) if w in kept}
                       for rid, c in sorted(self._counts.items())},
            "df": {w: n for w, n in sorted(self._df.items()) if w in kept},
            "cases": [[key, rid, seq] for key, (rid, seq) in self._cases.items()],
            "corrections": [[rid, seq, sorted(h)] for h, rid, seq in self._corrections],
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, recipients: Iterable[RecipientLike], data: str) -> RecipientSuggester:
        """A suggester for today's directory with the state `to_json` saved; ValueError if it is not one."""
        state = json.loads(data)
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise ValueError("not a saved recipient suggester")
        if state.get("version") != FORMAT_VERSION:
            raise ValueError(f"saved recipient suggester has version {state.get('version')}, "
                             f"expected {FORMAT_VERSION}")
        self = cls(recipients)
        self._examples, self._seq = int(state["examples"]), int(state["seq"])
        self._docs = {rid: float(n) for rid, n in state["docs"].items()}
        self._counts = {rid: {w: float(n) for w, n in c.items()} for rid, c in state["counts"].items()}
        self._df = {w: int(n) for w, n in state["df"].items()}
        self._cases = {key: (rid, int(seq)) for key, rid, seq in state["cases"]}
        self._corrections = [(frozenset(h), rid, int(seq)) for rid, seq, h in state["corrections"]]
        return self


def _term_frequencies(words: list[str]) -> dict[str, float]:
    """Damped counts: a word said five times is stronger evidence than once, not five times stronger."""
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return {w: 1.0 + math.log(n) for w, n in counts.items()}


def examples_from_journal(journal) -> Iterator[tuple[str, str, str | None, bool]]:
    """(text, recipient, case number, corrected) for each document a clerk confirmed, oldest first.

    The text is the document's stored OCR text; documents without any are skipped, and so are
    automatic confirmations (confirmed_by "auto:..."), which only repeat our own suggestion.
    """
    documents = [d for d in journal.documents() if d.confirmed_at and d.recipient_id
                 and d.status in ("confirmed", "exported") and not (d.confirmed_by or "").startswith("auto:")]
    for doc in sorted(documents, key=lambda d: (d.confirmed_at, d.id)):
        text = journal.document_text(doc.id)
        if not text.strip():
            continue
        try:
            suggested = (json.loads(doc.suggestion or "{}").get("recipient") or {}).get("value")
        except ValueError:
            suggested = None
        yield text, doc.recipient_id, doc.case_number, bool(suggested) and suggested != doc.recipient_id
