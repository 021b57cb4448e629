"""Checking exported PDFs with the real tools: qpdf, pikepdf, and the sidecar's JSON Schema."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import jsonschema
import pikepdf

from scanstation.export.sidecar import load_schema


def check_delivery(pdf_path: Path) -> dict:
    """qpdf --check passes, the sidecar is valid, and its page count and sha256 match the PDF."""
    sidecar_path = pdf_path.with_suffix(".json")
    check = subprocess.run(["qpdf", "--check", str(pdf_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    jsonschema.validate(sidecar, load_schema(), format_checker=jsonschema.FormatChecker())
    data = pdf_path.read_bytes()
    assert sidecar["pdf"] == {"file": pdf_path.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == sidecar["page_count"]
        assert str(pdf.docinfo.get("/Title")) == sidecar["journal_id"]
        assert not pdf.is_encrypted
        # PDF/A-2b markers: an sRGB output intent and the pdfaid part/conformance in XMP.
        intents = pdf.Root.OutputIntents
        assert len(intents) >= 1 and str(intents[0].S) == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        assert meta.get("dc:title") == sidecar["journal_id"]
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True).stdout
    assert bool(text.strip()) == (sidecar["ocr"]["pages_with_text"] > 0), "text layer present on text pages"
    return sidecar
