"""The audit trail's entries about private data: who searched for what, who looked at a CPR number.

What was asked is kept so a supervisor can see it, but never a CPR number in clear: the
query is kept masked (`cpr.mask_cprs`, and every other four-digit number, which may be the
serial half of one), and each number masked out is kept as a keyed hash (`cpr.cpr_digest`).
The key is made once per journal and kept in its `meta` table, inside the private journal;
the events alone (a report, a copy for an auditor) give no way to try the 10,000 serials.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from datetime import date, datetime, timezone

from .cpr import cpr_digest, find_cprs, mask_cpr, mask_cprs, normalize_cpr

_KEY = "audit_hash_key"
_LONE_FOUR_DIGITS = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def audit_key(conn: sqlite3.Connection) -> bytes:
    """This journal's key for hashing CPR numbers in the audit trail; made on first use."""
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (_KEY, secrets.token_hex(32)))
    return bytes.fromhex(conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()[0])


def masked_query(text: str, key: bytes) -> tuple[str, list[str]]:
    """A searched text as the audit trail keeps it, and the hashes of what was masked out."""
    hashes = [cpr_digest(key, cpr) for cpr in find_cprs(text)]
    text = mask_cprs(text)
    hashes += [cpr_digest(key, m[0]) for m in _LONE_FOUR_DIGITS.finditer(text)]
    return _LONE_FOUR_DIGITS.sub("****", text), hashes


def record_search(conn: sqlite3.Connection, actor: str, *, role: str, criteria: dict,
                  found: int | None, refused: str | None = None) -> None:
    """One event per search: who, when, in which role, what was asked, how many letters it found
    (None: it was refused, and `refused` says why)."""
    key = audit_key(conn)
    asked: dict = {}
    hashed: list[str] = []
    for name, value in criteria.items():
        if value is None or value == "":
            continue
        if name == "cpr":
            normalized = normalize_cpr(str(value))
            asked["cpr"] = mask_cpr(normalized) if normalized else "(not a CPR number)"
            hashed.append(cpr_digest(key, str(value)))
        elif isinstance(value, (date, datetime)):
            asked[name] = value.isoformat()
        else:
            asked[name], hashes = masked_query(str(value), key)
            hashed += hashes
    detail = {"role": role, "asked": asked, "found": found}
    if "cpr" in asked:
        detail["cpr_masked"] = asked["cpr"]  # the name earlier audits used
    if hashed:
        detail["hashed"] = hashed
    if refused:
        detail["refused"] = mask_cprs(refused)
    action = "search_refused" if refused else "cpr_search" if "cpr" in asked else "search"
    conn.execute("INSERT INTO events(at, actor, action, subject, detail) VALUES (?,?,?,?,?)",
                 (_now(), actor, action, "search", json.dumps(detail, ensure_ascii=False)))


def cpr_reveal_detail(conn: sqlite3.Connection, cpr: str | None) -> dict:
    """The detail of a `cpr_revealed` event: which number was shown, hashed."""
    return {"cpr_hash": cpr_digest(audit_key(conn), cpr)} if cpr else {}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
