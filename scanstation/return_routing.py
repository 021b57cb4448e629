"""Where a returned letter goes: back to the team that sent it, never into the inquiry queue.

A returned letter is not a citizen's inquiry: what its text is about says nothing of who must
act (the content suggester would send "Afgørelse om enkeltydelse" to whoever gets applications).
The team is found, most sure first, by:
1. the case number: the team the journal knows the case under (suggest.py's known cases);
2. the document number: the team an earlier returned copy of the same letter went to;
3. the letterhead's unit: the line of our sender block that names a team ("Jobcenter").
With none of these the clerk chooses, and is told why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Protocol

from .returned_mail import ReturnedMail, case_of_document_number

_STOP_WORDS = {"og", "for", "med", "til", "af", "i", "the", "and"}


class TeamLike(Protocol):
    id: str
    name: str


def _tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-zæøå]+", text.lower()) if t not in _STOP_WORDS and len(t) >= 3]


def unit_team(sender_block: str | None, teams: Iterable[TeamLike]) -> tuple[str, str] | None:
    """(team id, the line that named it) for the letterhead line that best names one team; a
    tie or nothing: None. Words compare by their first letters ("Byg og Plan" ~ "Byggeri og Plan")."""
    if not sender_block:
        return None
    best: list[tuple[float, str, str]] = []
    for line in sender_block.splitlines()[:8]:
        words = _tokens(line)
        if not words:
            continue
        for team in teams:
            name_words = _tokens(team.name) or _tokens(team.id)
            if not name_words:
                continue
            hits = sum(1 for n in name_words if any(w.startswith(n) or len(w) >= 4 and n.startswith(w)
                                                     for w in words))
            score = hits / len(name_words)
            if score >= 0.5:
                best.append((score, team.id, line.strip()))
    if not best:
        return None
    best.sort(reverse=True)
    top = [b for b in best if b[0] == best[0][0]]
    if len({b[1] for b in top}) > 1:
        return None
    return best[0][1], best[0][2]


def route_returned(mail: ReturnedMail, *, teams: Iterable[TeamLike], sender_block: str | None = None,
                   team_by_case: Callable[[str], str | None] = lambda _case: None,
                   team_by_document: Callable[[str], str | None] = lambda _number: None) -> ReturnedMail:  # fmt: skip
    """`mail` with the team it goes back to (team_id, route, route_reason)."""
    teams = list(teams)
    known = {t.id for t in teams}
    for case in dict.fromkeys(c for c in (mail.case_number, case_of_document_number(mail.original_document_number))
                              if c):
        team = team_by_case(case)
        if team in known:
            return replace(mail, team_id=team, route="case_number",
                           route_reason=f"returned mail goes back to the team that has case {case}")
    if mail.original_document_number:
        team = team_by_document(mail.original_document_number)
        if team in known:
            return replace(mail, team_id=team, route="document_number",
                           route_reason=f"returned mail goes back to the team that sent document "
                                        f"{mail.original_document_number}")
    if mail.ours:
        unit = unit_team(sender_block, teams)
        if unit:
            return replace(mail, team_id=unit[0], sender_unit=unit[1], route="letterhead_unit",
                           route_reason=f"returned mail goes back to the unit on its letterhead: {unit[1]}")
    return replace(mail, team_id=None, route="none",
                   route_reason="returned mail: no known case, document number or unit on the letterhead; "
                                "choose the team that sent it")
