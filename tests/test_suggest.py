"""Recipient suggestions: cover sheet, case number, learnt from the clerks, keywords."""

from __future__ import annotations

import json

import pytest

from scanstation.capture.demo_letters import demo_letters
from scanstation.journal import Recipient
from scanstation.journal.journal import Document
from scanstation.recipients import DEFAULT_DIRECTORY, read_directory
from scanstation.suggest import (
    RecipientSuggester, Suggestion, auto_confirm_allowed, examples_from_journal, tokens,
)


@pytest.fixture(scope="module")
def directory() -> list[Recipient]:
    return read_directory(DEFAULT_DIRECTORY)


def text(letter) -> str:
    return "\n".join((letter.subject, *letter.body))


def trained(directory, letters) -> RecipientSuggester:
    suggester = RecipientSuggester(directory)
    suggester.train_from_examples((text(x), x.team, x.case_number, False) for x in letters)
    return suggester


@pytest.fixture(scope="module")
def history():
    return demo_letters(200, seed=1)


@pytest.fixture(scope="module")
def held_out():
    return demo_letters(60, seed=99)


def test_words_are_lower_case_stems_without_digits_or_stop_words():
    assert tokens("Ansøgning om BOLIGSTØTTEN, sagsnr. 2017-0289209 (CPR 010203-1234)") == [
        "ansøgning", "boligstøtt", "sagsnr", "cpr"]


def test_keywords_alone_route_an_obvious_letter(directory):
    s = RecipientSuggester(directory).suggest("Ansøgning om boligstøtte\n\nJeg søger hermed om boligstøtte.")
    assert (s.recipient_id, s.why) == ("ydelsesservice", "keywords")
    assert 0 < s.confidence < 0.9
    assert s.alternatives[0] == ("ydelsesservice", s.confidence)


def test_att_line_names_the_team(directory):
    letter = "Eksempel Kommune\nAtt.: Jobcenter\nTorvet 1\n\nJeg skriver angående mit møde i næste uge."
    s = RecipientSuggester(directory).suggest(letter)
    assert s.recipient_id == "jobcenter"


@pytest.mark.parametrize("letter, recipient", [
    ("Min bil er solgt.", "a"),
    ("Bilsyn er bestilt.", None),  # a short keyword matches only itself
    ("Skolebussen kommer ikke.", "b"),
    ("Folkeskolen ringede.", None),  # a middle-length one only the start of a word
    ("Min folkepension er for lav.", "c"),  # a long one also inside a compound
])  # fmt: skip
def test_keywords_match_whole_words_word_starts_or_inside_compounds(letter, recipient):
    teams = [Recipient("a", "Alfa", "bil", 1), Recipient("b", "Beta", "skole", 1), Recipient("c", "Gamma", "pension", 1)]
    assert RecipientSuggester(teams).suggest(letter).recipient_id == recipient


def test_no_clue_no_suggestion(directory):
    s = RecipientSuggester(directory).suggest("Hej, tak for sidst.")
    assert s == Suggestion(None, 0.0, "none")
    assert not auto_confirm_allowed(s, 0.0)


def test_cover_sheet_wins_over_everything(directory, history):
    suggester = trained(directory, history)
    suggester.learn("noget helt andet", "byggeri", case_number="13/44080")
    s = suggester.suggest("Ansøgning om boligstøtte", case_number="13/44080", cover_recipient="skole")
    assert (s.recipient_id, s.confidence, s.why) == ("skole", 1.0, "cover_sheet")
    assert auto_confirm_allowed(s, 0.9)
    # an id the directory does not know is not trusted: the next clue decides
    assert suggester.suggest("x", case_number="13/44080", cover_recipient="nobody").why == "case_number"


def test_a_known_case_number_routes_where_the_clerks_sent_it_last(directory):
    suggester = RecipientSuggester(directory)
    suggester.learn("Byggesag om carport", "byggeri", case_number="2017-0289209")
    suggester.learn("Byggesag om carport", "teknik-miljoe", case_number="2017-0289209")
    assert suggester.known_case_recipient(" 2017-0289209 ") == "teknik-miljoe"
    assert suggester.known_case_recipient("2017-0000001") is None
    s = suggester.suggest("Ansøgning om boligstøtte", case_number="2017-0289209")
    assert (s.recipient_id, s.why) == ("teknik-miljoe", "case_number")
    assert s.confidence >= 0.9 and auto_confirm_allowed(s, 0.9)
    assert s.alternatives[0] == ("teknik-miljoe", s.confidence)
    assert "ydelsesservice" in dict(s.alternatives)  # what the words say, as the next choice


def test_learning_from_confirmed_letters_beats_keywords(directory, history, held_out):
    keywords = RecipientSuggester(directory)
    learnt = trained(directory, history)
    assert learnt.examples == 200

    def accuracy(suggester):
        return sum(suggester.suggest(text(x)).recipient_id == x.team for x in held_out) / len(held_out)

    before, after = accuracy(keywords), accuracy(learnt)
    assert after >= 0.9 and after >= before + 0.2, (before, after)
    assert {learnt.suggest(text(x)).why for x in held_out} == {"learned"}


def test_confidence_grows_with_history(directory, history, held_out):
    none, some, more = RecipientSuggester(directory), trained(directory, history[:50]), trained(directory, history)
    for letter in held_out[:10]:
        c0, c50, c200 = (s.suggest(text(letter)) for s in (none, some, more))
        assert c0.confidence < c200.confidence
        if c50.recipient_id == c200.recipient_id == letter.team:
            assert c50.confidence <= c200.confidence + 1e-9


def test_a_correction_changes_suggestions_for_similar_letters(directory, history):
    suggester = trained(directory, history)
    letter = next(x for x in history if x.team == "ydelsesservice" and x.subject.startswith("Boligstøtte"))
    original = text(letter)
    assert suggester.suggest(original).recipient_id == "ydelsesservice"
    suggester.learn(original, "born-familie", corrected=True)  # the clerk knows better
    similar = original.replace("boligforeningen", "udlejeren") + "\nMed venlig hilsen"
    s = suggester.suggest(similar)
    assert (s.recipient_id, s.why) == ("born-familie", "learned")
    # an unrelated letter is not affected
    other = next(x for x in history if x.team == "jobcenter" and not x.is_return_mail)
    assert suggester.suggest(text(other)).recipient_id == "jobcenter"


def test_a_correction_counts_more_than_a_confirmation(directory):
    confirmed, corrected = RecipientSuggester(directory), RecipientSuggester(directory)
    for suggester in (confirmed, corrected):
        for _ in range(3):
            suggester.learn("Spørgsmål om vejnavne og husnumre i lokalområdet", "borgerservice")
    confirmed.learn("Spørgsmål om vejnavne til ny udstykning", "byggeri")
    corrected.learn("Spørgsmål om vejnavne til ny udstykning", "byggeri", corrected=True)
    letter = "Et spørgsmål om vejnavne"
    p = {name: dict(s.suggest(letter).alternatives).get("byggeri", 0.0)
         for name, s in (("confirmed", confirmed), ("corrected", corrected))}
    assert p["corrected"] > p["confirmed"]


def test_suggestions_are_deterministic_and_survive_saving(directory, history, held_out):
    a, b = trained(directory, history), trained(directory, history)
    a.learn(text(held_out[0]), "skole", case_number="13/44080", corrected=True)
    b.learn(text(held_out[0]), "skole", case_number="13/44080", corrected=True)
    saved = a.to_json()
    assert saved == b.to_json()
    restored = RecipientSuggester.from_json(directory, saved)
    for letter in held_out:
        assert a.suggest(text(letter)) == b.suggest(text(letter)) == restored.suggest(text(letter))
    assert restored.known_case_recipient("13/44080") == "skole"
    with pytest.raises(ValueError):
        RecipientSuggester.from_json(directory, json.dumps({"format": "something else"}))


def test_the_saved_model_holds_no_text_numbers_or_one_off_words(directory, held_out):
    suggester = RecipientSuggester(directory)
    suggester.learn("Ansøgning om boligstøtte. CPR 010203-1234. Hilsen Xyzzyborg", "ydelsesservice", corrected=True)
    suggester.learn("Ansøgning om boligstøtte igen", "ydelsesservice")
    saved = suggester.to_json()
    assert "010203" not in saved and "1234" not in saved and "xyzzy" not in saved.lower()
    assert "boligstøtt" in saved


def test_auto_confirm_needs_more_than_keywords():
    assert not auto_confirm_allowed(Suggestion("jobcenter", 0.99, "keywords"), 0.9)
    assert auto_confirm_allowed(Suggestion("jobcenter", 0.95, "learned"), 0.9)
    assert not auto_confirm_allowed(Suggestion("jobcenter", 0.85, "learned"), 0.9)
    assert Suggestion("jobcenter", 0.5, "keywords", (("jobcenter", 0.5),)).journal_field() == {
        "value": "jobcenter", "confidence": 0.5, "why": "keywords", "alternatives": [["jobcenter", 0.5]]}


class _FakeJournal:
    """The two reads examples_from_journal makes."""

    def __init__(self, documents, texts):
        self._documents, self._texts = documents, texts

    def documents(self):
        return self._documents

    def document_text(self, document_id):
        return self._texts.get(document_id, "")


def _document(id, recipient, confirmed_at, *, by="clerk", suggested=None, status="exported", case=None):
    suggestion = {"recipient": {"value": suggested, "confidence": 0.5, "why": "keywords"}} if suggested else {}
    return Document(id, 1, status, "", "separator", recipient, case, None, None, None, None, confirmed_at, by,
                    None, None, 0, json.dumps(suggestion))


def test_examples_come_from_the_clerks_confirmations_in_order():
    journal = _FakeJournal(
        [_document(1, "jobcenter", "2026-11-02T09:00", suggested="jobcenter"),
         _document(2, "skole", "2026-11-01T09:00", suggested="jobcenter", case="13/44080"),
         _document(3, "skole", "2026-11-03T09:00", by="auto:clerk"),  # our own suggestion, repeated
         _document(4, None, None, status="awaiting_confirmation"),
         _document(5, "aeldre", "2026-11-04T09:00")],  # no OCR text
        {1: "brev et", 2: "brev to", 3: "brev tre", 4: "brev fire"})
    assert list(examples_from_journal(journal)) == [
        ("brev to", "skole", "13/44080", True), ("brev et", "jobcenter", None, False)]
