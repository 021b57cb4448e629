"""The metadata file that travels with each exported PDF (schema: resources/sidecar.schema.json).

With `export.include_cpr = false` no CPR number reaches the sidecar by any route: not the
`cpr` field, and not one that came in a barcode (a Code 128 `210895-1096`, a QR code's JSON),
a cover sheet's note, the clerk's note or a case number: every value is masked (`210895-****`).
"""

from __future__ import annotations

import json

from scanstation import __version__
from scanstation.cpr import mask_cprs_in
from scanstation.journal import Batch, Document, DocumentPage, Recipient
from scanstation.paths import resources_dir
from scanstation.returned_mail import ReturnedMail

SCHEMA_FILE = resources_dir() / "sidecar.schema.json"


def build_sidecar(
    *, document: Document, journal_id: str, station_id: str, recipient: Recipient | None,
    pages: list[DocumentPage], batch: Batch, pdf_file: str, pdf_sha256: str, pdf_bytes: int,
    exported_at: str, include_cpr: bool, barcodes: list[dict] | None = None, ocr: dict | None = None,
    version: int = 1,
) -> dict:
    sidecar = {
        "schema_version": 1,
        "journal_id": journal_id,
        "version": version,  # 2, 3, ...: a correction; the archive replaces the earlier version
        "station_id": station_id,
        "operator": document.confirmed_by or batch.operator,
        "received_date": document.received_date,
        "captured_at": min(p.page.captured_at for p in pages),
        "exported_at": exported_at,
        "recipient": {"id": document.recipient_id, "name": recipient.name if recipient else ""},
        "case_number": document.case_number,
        "document_type": document.document_type,
        "note": document.note,
        "page_count": len(pages),
        "pdf": {"file": pdf_file, "sha256": pdf_sha256, "bytes": pdf_bytes},
        "pages": [
            {"number": n, "sheet": p.page.sheet, "side": p.page.side,
             "image_sha256": p.page.sha256, "captured_at": p.page.captured_at}
            for n, p in enumerate(pages, start=1)
        ],
        "barcodes": barcodes or [],
        "ocr": ocr or {"pages_with_text": 0, "pages_without_text": []},
        "source": {"device": batch.device, "batch_id": batch.id},
        "scanstation_version": __version__,
    }
    returned = returned_mail_entry(document)
    if returned is not None:
        sidecar["return_mail"] = returned
    if not include_cpr:
        return mask_cprs_in(sidecar)
    if document.cpr:
        sidecar["cpr"] = document.cpr
    return sidecar


def returned_mail_entry(document: Document) -> dict | None:
    """The sidecar's `return_mail` object for a letter confirmed as returned mail (returpost):
    what the post's mark and the letterhead said, or an unknown reason when nothing was read."""
    if document.document_type != "returpost":
        return None
    mail = ReturnedMail.from_json(json.loads(getattr(document, "return_mail", None) or "null"))
    if mail is None:
        return {"reason": "other", "reason_text": None, "original_document_number": None,
                "case_number": document.case_number, "original_date": None}  # fmt: skip
    entry = mail.sidecar()
    entry["case_number"] = document.case_number or entry["case_number"]  # the clerk's word counts
    return entry


def encode_sidecar(sidecar: dict) -> bytes:
    return (json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def load_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
