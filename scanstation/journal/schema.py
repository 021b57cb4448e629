"""The journal's tables, as numbered migrations. Never edit a released migration: add one."""

from __future__ import annotations

SCHEMA_VERSION = 10

DOCUMENT_STATUSES = ("captured", "awaiting_confirmation", "confirmed", "exported", "failed")
BATCH_STATUSES = ("open", "interrupted", "complete", "cancelled")

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            station_id TEXT NOT NULL,
            device TEXT NOT NULL,
            settings TEXT NOT NULL,            -- JSON of the scan settings
            operator TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('open','interrupted','complete','cancelled')),
            interruption TEXT,                 -- why it stopped, in words
            owner_host TEXT NOT NULL,          -- the process that is scanning into it,
            owner_pid INTEGER NOT NULL         -- so recovery leaves a live scan alone
        )""",
        """CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            seq INTEGER NOT NULL,              -- order in the batch, from 1
            file_path TEXT NOT NULL UNIQUE,    -- relative to the data folder
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            captured_at TEXT NOT NULL,
            device TEXT NOT NULL,
            sheet INTEGER NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('front','back')),
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            dpi INTEGER NOT NULL,
            mode TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            source_group TEXT NOT NULL DEFAULT '',
            recovered INTEGER NOT NULL DEFAULT 0,
            UNIQUE (batch_id, seq)
        )""",
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            status TEXT NOT NULL CHECK (status IN
                ('captured','awaiting_confirmation','confirmed','exported','failed')),
            created_at TEXT NOT NULL,
            started_by TEXT NOT NULL DEFAULT '',   -- what began it: file, scan, separator...
            recipient_id TEXT,
            case_number TEXT,
            document_type TEXT,
            received_date TEXT,
            cpr TEXT,
            note TEXT,
            confirmed_at TEXT,
            confirmed_by TEXT,
            journal_id TEXT UNIQUE,
            failure TEXT,
            export_attempts INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE document_pages (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            page_id INTEGER NOT NULL UNIQUE REFERENCES pages(id),
            position INTEGER NOT NULL,
            included INTEGER NOT NULL DEFAULT 1,  -- 0: kept in the journal, left out of the PDF
            PRIMARY KEY (document_id, position)
        )""",
        """CREATE TABLE exports (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
            journal_id TEXT NOT NULL UNIQUE,
            drop_folder TEXT NOT NULL,
            pdf_file TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,
            pdf_bytes INTEGER NOT NULL,
            sidecar_file TEXT NOT NULL,
            sidecar_sha256 TEXT NOT NULL,
            exported_at TEXT NOT NULL
        )""",
        """CREATE TABLE journal_sequences (
            station_id TEXT NOT NULL,
            year INTEGER NOT NULL,
            last_number INTEGER NOT NULL,
            PRIMARY KEY (station_id, year)
        )""",
        """CREATE TABLE recipients (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            keywords TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',   -- e.g. document:12, batch:3
            detail TEXT NOT NULL DEFAULT '{}'   -- JSON; never a CPR number
        )""",
        # The audit trail is append-only: the database itself refuses edits.
        """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
        """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
        "CREATE INDEX pages_batch ON pages(batch_id, seq)",
        "CREATE INDEX documents_status ON documents(status)",
        "CREATE INDEX documents_batch ON documents(batch_id)",
        "CREATE INDEX events_subject ON events(subject)",
    ],
    2: [
        # The clerk's corrections: a page turned the right way, a page left out (deleted
        # with undo, a blank back, a separator sheet) but never removed from the journal.
        "ALTER TABLE pages ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE pages ADD COLUMN analysis TEXT NOT NULL DEFAULT '{}'",  # JSON from recognition
        "ALTER TABLE document_pages ADD COLUMN excluded_reason TEXT",
        "ALTER TABLE documents ADD COLUMN suggestion TEXT NOT NULL DEFAULT '{}'",  # JSON: field -> {value, confidence, why}
    ],
    3: [
        # Tesseract's result for a page, made once: the text for fields, suggestions and search,
        # the words with their boxes, and the invisible text layer for the PDF.
        """CREATE TABLE page_ocr (
            page_id INTEGER PRIMARY KEY REFERENCES pages(id),
            ok INTEGER NOT NULL,
            problem TEXT,                      -- why there is no text: missing language, crash, timeout
            languages TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            words TEXT NOT NULL DEFAULT '[]',  -- JSON
            text_layer BLOB,                   -- Tesseract's text-only PDF of the upright page
            rotation INTEGER NOT NULL DEFAULT 0, -- the page turned this far was read
            seconds REAL NOT NULL DEFAULT 0
        )""",
        "ALTER TABLE documents ADD COLUMN fields TEXT NOT NULL DEFAULT '{}'",  # JSON: found on the pages
    ],
    4: [
        # Full-text search of the OCR text (scanstation/search.py), kept in step by triggers on
        # page_ocr and document_pages, so every edit and re-read updates it.
        "CREATE VIRTUAL TABLE document_text_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 0')",
        "CREATE TRIGGER fts_ocr_insert AFTER INSERT ON page_ocr BEGIN DELETE FROM document_text_fts WHERE rowid = (SELECT document_id FROM document_pages WHERE page_id = NEW.page_id); INSERT INTO document_text_fts(rowid, text) SELECT (SELECT document_id FROM document_pages WHERE page_id = NEW.page_id), t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = (SELECT document_id FROM document_pages WHERE page_id = NEW.page_id) AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; END",
        "CREATE TRIGGER fts_ocr_update AFTER UPDATE OF text ON page_ocr BEGIN DELETE FROM document_text_fts WHERE rowid = (SELECT document_id FROM document_pages WHERE page_id = NEW.page_id); INSERT INTO document_text_fts(rowid, text) SELECT (SELECT document_id FROM document_pages WHERE page_id = NEW.page_id), t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = (SELECT document_id FROM document_pages WHERE page_id = NEW.page_id) AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; END",
        "CREATE TRIGGER fts_ocr_delete AFTER DELETE ON page_ocr BEGIN DELETE FROM document_text_fts WHERE rowid = (SELECT document_id FROM document_pages WHERE page_id = OLD.page_id); INSERT INTO document_text_fts(rowid, text) SELECT (SELECT document_id FROM document_pages WHERE page_id = OLD.page_id), t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = (SELECT document_id FROM document_pages WHERE page_id = OLD.page_id) AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; END",
        "CREATE TRIGGER fts_place_insert AFTER INSERT ON document_pages BEGIN DELETE FROM document_text_fts WHERE rowid = NEW.document_id; INSERT INTO document_text_fts(rowid, text) SELECT NEW.document_id, t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = NEW.document_id AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; END",
        "CREATE TRIGGER fts_place_delete AFTER DELETE ON document_pages BEGIN DELETE FROM document_text_fts WHERE rowid = OLD.document_id; INSERT INTO document_text_fts(rowid, text) SELECT OLD.document_id, t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = OLD.document_id AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; END",
        "CREATE TRIGGER fts_place_update AFTER UPDATE ON document_pages BEGIN DELETE FROM document_text_fts WHERE rowid = OLD.document_id; INSERT INTO document_text_fts(rowid, text) SELECT OLD.document_id, t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = OLD.document_id AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; DELETE FROM document_text_fts WHERE rowid = NEW.document_id; INSERT INTO document_text_fts(rowid, text) SELECT NEW.document_id, t FROM (SELECT group_concat(text, char(10) || char(10)) AS t FROM (SELECT o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.document_id = NEW.document_id AND dp.included = 1 AND o.text <> '' ORDER BY dp.position)) WHERE t IS NOT NULL; END",
        'CREATE TRIGGER fts_document_delete AFTER DELETE ON documents BEGIN DELETE FROM document_text_fts WHERE rowid = OLD.id; END',
        "INSERT INTO document_text_fts(rowid, text) SELECT document_id, group_concat(text, char(10) || char(10)) FROM (SELECT dp.document_id, o.text FROM document_pages dp JOIN page_ocr o ON o.page_id = dp.page_id WHERE dp.included = 1 AND o.text <> '' ORDER BY dp.document_id, dp.position) GROUP BY document_id",
        'CREATE INDEX documents_received ON documents(received_date)',
        'CREATE INDEX batches_started ON batches(started_at)',
    ],
    5: [
        # The supervisor's dashboard (scanstation/dashboard.py) on a journal of a million letters:
        # the letters still waiting, read from a small index alone, and a document's pages in
        # its PDF counted without reading the page rows.
        "CREATE INDEX documents_waiting ON documents(status, recipient_id, received_date)"
        " WHERE status <> 'exported'",
        "CREATE INDEX document_pages_included ON document_pages(document_id, included)",
    ],
    6: [
        # A bitonal page as Tesseract read it (CCITT G4 TIFF): the very image the archive PDF
        # gets, so the export neither decodes the scan again nor makes the image a second time.
        "ALTER TABLE page_ocr ADD COLUMN page_image BLOB",
    ],
    7: [
        # The ledger of files taken in, by content: a file taken whole is not taken again (unless
        # the clerk asks), and a file whose taking a crash cut (finished_at NULL) is resumed where
        # it stopped. A page row exists from the moment its file is on disk; it is placed in a
        # document (document_pages) once its analysis is back, so a page a crash caught between
        # the two is found by the missing document_pages row and read again.
        """CREATE TABLE source_files (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL,              -- of the whole file
            bytes INTEGER NOT NULL,
            path TEXT NOT NULL,                -- where it was taken from, for the clerk
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            started_at TEXT NOT NULL,
            finished_at TEXT,                  -- NULL: being taken, or cut by a crash
            pages INTEGER NOT NULL DEFAULT 0   -- pages taken from it
        )""",
        "CREATE INDEX source_files_sha256 ON source_files(sha256)",
        "ALTER TABLE pages ADD COLUMN source_file INTEGER REFERENCES source_files(id)",
        "CREATE INDEX pages_source_file ON pages(source_file) WHERE source_file IS NOT NULL",
    ],
    8: [
        # What the clerk typed into a letter's form and has not confirmed yet: it stays with the
        # letter whatever the clerk looks at in between, and through a restart. `touched` lists
        # the fields the clerk changed: results arriving later fill only the others. A draft
        # goes when its letter is confirmed (or exported, or merged away), in the same
        # transaction, so a confirmed letter never shows an old draft.
        """CREATE TABLE drafts (
            document_id INTEGER PRIMARY KEY,
            fields TEXT NOT NULL DEFAULT '{}',   -- JSON: field -> the value as the clerk left it
            touched TEXT NOT NULL DEFAULT '[]',  -- JSON: the fields the clerk changed
            operator TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE TRIGGER drafts_confirmed AFTER UPDATE OF status ON documents"
        " WHEN NEW.status IN ('confirmed', 'exported')"
        " BEGIN DELETE FROM drafts WHERE document_id = NEW.id; END",
        "CREATE TRIGGER drafts_document_gone AFTER DELETE ON documents"
        " BEGIN DELETE FROM drafts WHERE document_id = OLD.id; END",
    ],
    9: [
        # A letter the clerk parked as an exception (unreadable, unclear who it is for, ...):
        # out of the to-confirm flow until taken back; the supervisor sees the list.
        "ALTER TABLE documents ADD COLUMN exception_reason TEXT",
        "ALTER TABLE documents ADD COLUMN exception_at TEXT",
        "ALTER TABLE documents ADD COLUMN exception_by TEXT",
        "CREATE INDEX documents_exceptions ON documents(exception_at) WHERE exception_reason IS NOT NULL",
        # An exported letter re-opened as a correction is exported again under the same journal
        # id with the next version; the archive replaces the earlier one. `exports` keeps the
        # latest delivery, the events every one.
        "ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE exports ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    ],
    10: [
        # Returned mail (our own letter came back): why, and which letter it was. `return_mail`
        # is returned_mail.ReturnedMail as JSON (reason, original document number, case number,
        # original date, the team it goes back to and why); `return_reason` its reason alone,
        # for the supervisor's counts. Set while the letter waits for the clerk.
        "ALTER TABLE documents ADD COLUMN return_mail TEXT",
        "ALTER TABLE documents ADD COLUMN return_reason TEXT",
        # The supervisor's counts of returned mail (dashboard.py) read only these rows.
        "CREATE INDEX documents_returned ON documents(received_date) WHERE document_type = 'returpost'",
        "CREATE INDEX documents_returned_waiting ON documents(status, recipient_id, received_date)"
        " WHERE document_type = 'returpost'",
    ],
}
