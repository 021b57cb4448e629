from .journal import (  # noqa: F401
    Batch, Document, DocumentPage, ExportRecord, Journal, JournalError, Page, Recipient, SourceFile, utc_now,
)
