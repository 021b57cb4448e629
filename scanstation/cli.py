"""`scanstation`: the command line. The contract the GUI and the tests build on.

Every error a user can cause prints one clear line on stderr and exits non-zero:
1 error, 2 bad arguments, 3 scanner fault (pages kept), 4 export failed (kept, retry),
5 some files could not be imported.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import signal
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .capture import backend_for, list_all_devices
from .capture.base import CancelToken, InputError, ScanError, ScanSettings
from .config import load_settings
from .cpr import mask_cpr, normalize_cpr
from .journal import JournalError
from .logsetup import setup_logging
from .machine_config import PROPERTIES as MACHINE_PROPERTIES, MachineConfigError, write_machine_config
from .paths import default_data_dir
from .recipients import DirectoryError, read_directory
from .station import Station
from .suggest import Suggestion, auto_confirm_allowed

EXIT_ERROR, EXIT_USAGE, EXIT_SCANNER, EXIT_EXPORT, EXIT_FILES = 1, 2, 3, 4, 5
STATUSES = ("captured", "awaiting_confirmation", "confirmed", "exported", "failed")


class UserError(Exception):
    """A mistake or condition the user can fix; printed as one line."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not the whole usage text
        self.exit(EXIT_USAGE, f"scanstation: {message} (see `scanstation --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="scanstation", description="Mailroom capture station.")
    parser.add_argument("--version", action="version", version=f"scanstation {__version__}")
    parser.add_argument("--data-dir", type=Path, help="where the journal and page images live")
    parser.add_argument("--config", type=Path, help="a TOML settings file, over the machine and user ones")
    parser.add_argument("--drop", type=Path, help="the archive's drop folder (overrides archive.drop_folder)")
    parser.add_argument("--operator", help="who is working (default: the login name)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens on stderr")
    parser.add_argument("--self-test", action="store_true", help="check that this station can work, then stop")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)  # required unless --self-test (main)
    sub.add_parser("self-test", help="the same as --self-test")

    sub.add_parser("devices", help="list scanners and other page sources")

    def scan_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--device", help="device id from `scanstation devices` (default: demo)")
        p.add_argument("--source", choices=("flatbed", "adf", "duplex"), default="adf")
        p.add_argument("--dpi", type=int, default=300)
        p.add_argument("--mode", choices=("gray", "color", "lineart"), default="gray")
        separation_option(p)

    scan = sub.add_parser("scan", help="scan a batch from a scanner")
    scan_options(scan)
    scan.add_argument("--continue", dest="continue_batch", type=int, metavar="BATCH",
                      help="continue an interrupted batch (after a jam or a crash)")

    imp = sub.add_parser("import", help="import image and PDF files or folders")
    imp.add_argument("paths", nargs="+", type=Path)
    again_option(imp)
    separation_option(imp)

    watch = sub.add_parser("watch", help="import files dropped into a hot folder, once each")
    watch.add_argument("folder", type=Path)
    watch.add_argument("--settle", type=float, default=2.0, help="seconds a file must stay unchanged")
    watch.add_argument("--once", action="store_true", help="import what is there, then stop")
    again_option(watch)

    sub.add_parser("batches", help="list batches")

    docs = sub.add_parser("documents", help="list documents")
    docs.add_argument("--status", choices=STATUSES)

    confirm = sub.add_parser("confirm", help="confirm a document's recipient and details")
    confirm.add_argument("document", type=int)
    routing_options(confirm, required=True)
    confirm.add_argument("--case", dest="case_number")
    confirm.add_argument("--type", dest="document_type")
    confirm.add_argument("--cpr")
    confirm.add_argument("--note")

    export = sub.add_parser("export", help="export confirmed documents to the drop folder")
    export.add_argument("--retry", action="store_true", help="also retry documents whose export failed")

    process = sub.add_parser("process", help="import (or scan), confirm and export in one go")
    process.add_argument("paths", nargs="*", type=Path)
    process.add_argument("--device", help="scan from this device instead of importing files")
    routing_options(process, required=False)
    process.add_argument("--auto-confirm", action="store_true",
                         help="confirm documents whose suggested recipient is confident enough")
    again_option(process)
    separation_option(process)

    cover = sub.add_parser("coversheet", help="print cover sheets or a separator sheet as PDF")
    cover.add_argument("--recipient", action="append", help="recipient id (repeat for several sheets)")
    cover.add_argument("--all-recipients", action="store_true", help="one cover sheet per recipient in the directory")
    cover.add_argument("--case", dest="case_number")
    cover.add_argument("--type", dest="document_type")
    cover.add_argument("--note")
    cover.add_argument("--separator", action="store_true", help="a blank separator sheet instead")
    cover.add_argument("-o", "--output", type=Path, required=True)

    recipients = sub.add_parser("recipients", help="list the recipient directory, or import it from CSV")
    recipients.add_argument("action", nargs="?", choices=("list", "import"), default="list")
    recipients.add_argument("file", nargs="?", type=Path)

    report = sub.add_parser("report", help="counts per day, clerk, team or station, and the backlog")
    report.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day counted")
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day counted")
    report.add_argument("--by", default="day", help="day (default), week, month, clerk, team, station or separator")
    report.add_argument("--format", dest="report_format", help="table (default), csv, json or xlsx (with -o)")
    report.add_argument("-o", "--output", type=Path, help="write to this file instead of the screen")
    report.add_argument("--journal", action="append", type=Path, metavar="FILE_OR_FOLDER",
                        help="journal file or folder of *.sqlite (repeat to merge stations; default: this station's)")

    find = sub.add_parser("search", help="find documents by their text, recipient, case or dates")
    find.add_argument("text", nargs="?", help="words from the letter; the last may be unfinished")
    for option, dest in (("--recipient", "recipient"), ("--case", "case_number"), ("--from", "received_from"),
                         ("--to", "received_to"), ("--status", "status"), ("--clerk", "clerk")):
        find.add_argument(option, dest=dest)

    sub.add_parser("demo", help="run the whole flow on the demo scanner, headless")

    config = sub.add_parser("config", help="IT: write the machine-wide settings (the installer runs this)")
    config_sub = config.add_subparsers(dest="config_command", required=True, parser_class=Parser,
                                       metavar="write-machine")
    write_machine = config_sub.add_parser("write-machine", help="merge values into the machine-wide settings file")
    write_machine.add_argument("--file", type=Path, help="the file (default: this computer's machine-wide file)")
    for prop, (option, key) in MACHINE_PROPERTIES.items():
        write_machine.add_argument(option, dest=key, metavar=prop, help=f"sets {key}; empty: unchanged")
    return parser


def separation_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--separation", help="separators (default), blank_page, fixed_pages:N or per_scan")
    p.add_argument("--no-analysis", action="store_true",
                   help="store pages as they come, without page analysis (fastest; no separator detection)")


def again_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--again", action="store_true",
                   help="take files again that were taken before (same content); without it they are skipped")


def routing_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--recipient", required=required, help="recipient id (see `scanstation recipients`)")
    p.add_argument("--received", help="received date YYYY-MM-DD (default: today)")


# --- helpers ---------------------------------------------------------------


def parse_received(text: str | None) -> str:
    if not text:
        return date.today().isoformat()
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"bad received date {text!r}: use YYYY-MM-DD, e.g. {date.today().isoformat()}")
    if value > date.today():
        raise UserError(f"received date {text} is in the future")
    if value.year < 1990:
        raise UserError(f"received date {text} is too far in the past")
    return value.isoformat()


class Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def line(self, text: str) -> None:
        if not self.as_json:
            print(text)

    def data(self, payload: object) -> None:
        if self.as_json:
            print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def document_summary(station: Station, doc_id: int) -> dict:
    doc = station.journal.document(doc_id)
    pages = station.journal.document_pages(doc_id)
    export = station.journal.export_of(doc_id)
    included = [p for p in pages if p.included]
    barcodes = [{"page": p.position, "symbology": b["symbology"], "value": b["value"]}
                for p in pages for b in json.loads(p.page.analysis or "{}").get("barcodes", [])]
    warnings = []
    if len(included) > station.settings.max_document_pages:
        warnings.append(f"more than {station.settings.max_document_pages} pages: was a separator missed?")
    return {
        "id": doc.id, "batch": doc.batch_id, "status": doc.status, "pages": len(included),
        "pages_scanned": len(pages), "started_by": doc.started_by,
        "left_out": [{"page": p.position, "reason": p.excluded_reason} for p in pages if not p.included],
        "barcodes": barcodes, "warnings": warnings,
        "origins": [p.page.origin for p in pages],
        "recipient": doc.recipient_id, "case_number": doc.case_number,
        "document_type": doc.document_type, "received_date": doc.received_date,
        "cpr": mask_cpr(doc.cpr), "journal_id": doc.journal_id, "failure": doc.failure,
        "pdf": str(Path(export.drop_folder) / export.pdf_file) if export else None,
    }


def drop_folder(args, station: Station) -> Path:
    folder = args.drop or station.settings.drop_folder
    if folder is None:
        raise UserError("no drop folder is set: give --drop DIR or set archive.drop_folder in the config file")
    return Path(folder)


def cancel_on_ctrl_c() -> CancelToken:
    token = CancelToken()
    if hasattr(signal, "SIGINT"):
        try:
            signal.signal(signal.SIGINT, lambda *_: token.cancel())
        except ValueError:  # not the main thread (embedded use): no handler
            pass
    return token


def make_intake(args, station: Station):
    try:
        return station.intake(getattr(args, "separation", None), analyze=not getattr(args, "no_analysis", False))
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from exc


def scan_settings(args) -> ScanSettings:
    try:
        return ScanSettings(source=args.source, dpi=args.dpi, mode=args.mode)
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from exc


# --- commands --------------------------------------------------------------


def cmd_devices(args, station, out) -> int:
    devices, problems = list_all_devices()
    out.data({"devices": [vars(d) for d in devices], "problems": problems})
    for d in devices:
        out.line(f"{d.id:32} {d.name}")
    for problem in problems:
        print(f"note: {problem}", file=sys.stderr)
    return 0


def run_scan(args, station, out, *, device: str, continue_batch: int | None = None, on_page=None):
    settings = scan_settings(args)
    backend = backend_for(device)

    def progress(page) -> None:
        if args.verbose:
            out.line(f"  page {page.seq}: {page.origin or page.file_path}")
        if on_page is not None:
            on_page(page)

    return make_intake(args, station).scan(backend, device, settings, cancel=cancel_on_ctrl_c(),
                                           on_page=progress, continue_batch=continue_batch)


def report_batch(result, station, out) -> int:
    docs = [document_summary(station, d) for d in result.documents]
    out.data({"batch": result.batch_id, "pages": result.pages, "documents": docs,
              "fault": result.fault.code if result.fault else None, "file_errors": result.file_errors})
    out.line(f"Batch {result.batch_id}: {result.pages} page(s) in {len(docs)} document(s).")
    for problem in result.file_errors:
        print(f"scanstation: {problem}", file=sys.stderr)
    if result.fault is not None:
        kept = f"{result.pages} page(s) are kept in batch {result.batch_id}." if result.pages else ""
        hint = (f" When it is fixed, run: scanstation scan --continue {result.batch_id}"
                if result.fault.resumable and result.pages else "")
        print(f"scanstation: {result.fault.user_message} {kept}{hint}", file=sys.stderr)
        return EXIT_SCANNER
    return EXIT_FILES if result.file_errors else 0


def print_notes(result) -> None:
    """Files skipped because they were taken before, in one line each."""
    for note in result.notes:
        print(f"scanstation: note: {note}", file=sys.stderr)


def cmd_scan(args, station, out) -> int:
    device = args.device or station.settings.default_device
    if args.continue_batch is not None:
        # Continue on the batch's own scanner with its own settings.
        batch = station.journal.batch(args.continue_batch)
        device = batch.device
        args.source = batch.settings.get("source", args.source)
        args.dpi = batch.settings.get("dpi", args.dpi)
        args.mode = batch.settings.get("mode", args.mode)
    result = run_scan(args, station, out, device=device, continue_batch=args.continue_batch)
    return report_batch(result, station, out)


def cmd_import(args, station, out) -> int:
    result = make_intake(args, station).import_files(args.paths, cancel=cancel_on_ctrl_c(), again=args.again)
    print_notes(result)
    code = report_batch(result, station, out)
    if result.pages == 0 and result.file_errors:
        return EXIT_FILES
    return code


def cmd_watch(args, station, out) -> int:
    """Each finished file becomes its own batch, then moves to imported/ (or failed/ with the reason)."""
    import time

    from .capture.hotfolder import HotFolder
    from .pipeline import PageProcessor

    folder = HotFolder(args.folder, settle_seconds=args.settle)
    cancel = cancel_on_ctrl_c()
    out.line(f"Watching {args.folder} (Ctrl+C to stop)...")
    started, imported, failed = time.monotonic(), [], []
    with PageProcessor() as workers:  # kept running between files: no start-up per file
        while not cancel.cancelled:
            for path in folder.poll():
                result = station.intake(processor=workers).import_files([path], again=args.again)
                if result.pages and not result.file_errors:
                    folder.mark_imported(path)
                    imported.append({"file": path.name, "batch": result.batch_id, "documents": result.documents})
                    out.line(f"  {path.name}: {result.pages} page(s) into batch {result.batch_id}")
                else:
                    reason = "; ".join(result.file_errors) or "no pages"
                    folder.mark_failed(path, reason)
                    failed.append({"file": path.name, "reason": reason})
                    print(f"scanstation: {reason} (moved to failed/)", file=sys.stderr)
            if args.once and time.monotonic() - started > args.settle + 0.5:
                break
            time.sleep(0.2 if args.once else 1.0)
    out.data({"imported": imported, "failed": failed})
    return EXIT_FILES if failed else 0


def cmd_batches(args, station, out) -> int:
    batches = station.journal.batches()
    out.data({"batches": [
        {**vars(b), "pages": len(station.journal.pages(b.id))} for b in batches]})
    for b in batches:
        note = f"  ({b.interruption})" if b.interruption else ""
        out.line(f"{b.id:5}  {b.started_at}  {b.device:24} {b.status:12} "
                 f"{len(station.journal.pages(b.id)):4} pages{note}")
    return 0


def cmd_documents(args, station, out) -> int:
    docs = [document_summary(station, d.id) for d in station.journal.documents(status=args.status)]
    out.data({"documents": docs})
    for d in docs:
        out.line(f"{d['id']:5}  {d['status']:22} {d['pages']:3} p.  {d['recipient'] or '-':16} "
                 f"{d['journal_id'] or ''}{'  ' + d['failure'] if d['failure'] else ''}")
    if not docs:
        out.line("No documents.")
    return 0


def confirm_fields(station, recipient: str, received: str | None, **extra) -> dict:
    if station.journal.recipient(recipient) is None:
        raise UserError(f"unknown recipient {recipient!r}: see `scanstation recipients` for the ids")
    fields = {"recipient_id": recipient, "received_date": parse_received(received)}
    if extra.get("cpr") is not None:
        cpr = normalize_cpr(extra["cpr"])
        if cpr is None:
            raise UserError("that CPR number is not valid: use DDMMYY-SSSS with a real date")
        extra["cpr"] = cpr
    fields.update({k: v for k, v in extra.items() if v is not None})
    return fields


def cmd_confirm(args, station, out) -> int:
    fields = confirm_fields(station, args.recipient, args.received, case_number=args.case_number,
                            document_type=args.document_type, cpr=args.cpr, note=args.note)
    doc = station.confirm(args.document, fields)
    out.data(document_summary(station, doc.id))
    out.line(f"Document {doc.id} confirmed for {doc.recipient_id}, received {doc.received_date}.")
    return 0


def export_all(args, station, out, *, retry: bool) -> tuple[list, int]:
    exporter = station.exporter(drop_folder(args, station))
    outcomes = exporter.export_pending(retry_failed=retry)
    for o in outcomes:
        out.line(f"  document {o.document_id}: {o.message}")
        if not o.ok:
            print(f"scanstation: document {o.document_id}: {o.message}", file=sys.stderr)
    return outcomes, (EXIT_EXPORT if any(not o.ok for o in outcomes) else 0)


def cmd_export(args, station, out) -> int:
    outcomes, code = export_all(args, station, out, retry=args.retry)
    out.data({"exports": [{"document": o.document_id, "journal_id": o.journal_id, "ok": o.ok,
                           "message": o.message} for o in outcomes]})
    if not outcomes:
        out.line("Nothing to export.")
    return code


def cmd_process(args, station, out) -> int:
    if bool(args.paths) == bool(args.device):
        raise UserError("give files or folders to import, or --device to scan (not both)", EXIT_USAGE)
    received = parse_received(args.received)
    drop = drop_folder(args, station)
    if args.recipient and station.journal.recipient(args.recipient) is None:
        raise UserError(f"unknown recipient {args.recipient!r}: see `scanstation recipients` for the ids")
    exporter = station.exporter(drop)
    delivered: dict[int, object] = {}

    def deliver(doc_id: int) -> None:
        """Route and export one whole letter: confident suggestions, then --recipient."""
        if doc_id in delivered:
            return
        if args.auto_confirm:
            auto_confirm(station, [doc_id], received)
        if args.recipient and station.journal.document(doc_id).status in ("captured", "awaiting_confirmation"):
            station.confirm(doc_id, {"recipient_id": args.recipient, "received_date": received})
        if station.journal.document(doc_id).status == "confirmed":
            delivered[doc_id] = exporter.export_document(doc_id)

    current: list[int | None] = [None]

    def letter_finished(page) -> None:
        # Streams: when a page opens the next letter, the one before is whole and goes out
        # while the scanner (and the OCR workers) carry on.
        if current[0] is not None and page.document_id != current[0]:
            deliver(current[0])
        current[0] = page.document_id

    if args.device:
        args.source, args.dpi, args.mode = "adf", 300, "gray"
        result = run_scan(args, station, out, device=args.device, on_page=letter_finished)
    else:
        result = make_intake(args, station).import_files(args.paths, cancel=cancel_on_ctrl_c(),
                                                         on_page=letter_finished, again=args.again)
        print_notes(result)
    for doc_id in result.documents:
        if result.fault is not None and doc_id == result.documents[-1]:
            continue  # the letter the fault cut may go on when the batch is continued
        deliver(doc_id)
    outcomes = list(delivered.values())
    docs = [document_summary(station, d) for d in result.documents]
    out.data({"batch": result.batch_id, "pages": result.pages, "documents": docs,
              "fault": result.fault.code if result.fault else None, "file_errors": result.file_errors})
    exported = sum(1 for o in outcomes if o.ok)
    waiting = sum(1 for d in docs if d["status"] in ("captured", "awaiting_confirmation"))
    out.line(f"Batch {result.batch_id}: {result.pages} page(s), {len(docs)} document(s): "
             f"{exported} exported to {drop}, {waiting} waiting for confirmation, "
             f"{len(outcomes) - exported} failed.")
    for d in docs:
        out.line(f"  document {d['id']}: {d['pages']} page(s), {d['status']}"
                 f"{', ' + d['journal_id'] if d['journal_id'] else ''}")
    for problem in result.file_errors:
        print(f"scanstation: {problem}", file=sys.stderr)
    for o in outcomes:
        if not o.ok:
            print(f"scanstation: document {o.document_id}: {o.message}", file=sys.stderr)
    if result.fault is not None:
        print(f"scanstation: {result.fault.user_message}", file=sys.stderr)
        return EXIT_SCANNER
    if exported < len(outcomes):
        return EXIT_EXPORT
    return EXIT_FILES if result.file_errors else 0


def auto_confirm(station: Station, document_ids: list[int], received: str) -> None:
    """Confirm the documents whose recipient suggestion is confident (a cover sheet is); the rest wait."""
    for doc_id in document_ids:
        doc = station.journal.document(doc_id)
        stored = json.loads(doc.suggestion or "{}").get("recipient") or {}
        suggestion = Suggestion(stored.get("value"), float(stored.get("confidence", 0)), stored.get("why", "none"))
        if doc.status in ("captured", "awaiting_confirmation") and suggestion.recipient_id \
                and station.journal.recipient(suggestion.recipient_id) is not None \
                and auto_confirm_allowed(suggestion, station.settings.auto_confirm_threshold):
            station.confirm(doc_id, {"recipient_id": suggestion.recipient_id,
                                     "received_date": doc.received_date or received},
                            "auto:" + station.settings.operator)


def cmd_coversheet(args, station, out) -> int:
    from .recognition.coversheet import (
        CoverSheet, render_cover_sheets_pdf, render_separator_sheet_pdf,
    )

    if args.separator:
        pdf = render_separator_sheet_pdf()
        what = "a separator sheet"
    else:
        ids = [r.id for r in station.journal.recipients()] if args.all_recipients else (args.recipient or [])
        if not ids:
            raise UserError("give --recipient ID (or --all-recipients, or --separator)", EXIT_USAGE)
        sheets = []
        for rid in ids:
            recipient = station.journal.recipient(rid)
            if recipient is None:
                raise UserError(f"unknown recipient {rid!r}: see `scanstation recipients` for the ids")
            try:
                sheet = CoverSheet(rid, args.case_number, args.document_type, args.note)
            except ValueError as exc:
                raise UserError(f"cannot print that cover sheet: {exc}") from exc
            sheets.append((sheet, recipient.name))
        pdf = render_cover_sheets_pdf(sheets)
        what = f"{len(sheets)} cover sheet(s)"
    args.output.write_bytes(pdf)
    out.line(f"Wrote {what} to {args.output}")
    out.data({"file": str(args.output), "sheets": what})
    return 0


def cmd_recipients(args, station, out) -> int:
    if args.action == "import":
        if args.file is None:
            raise UserError("give the CSV file to import: scanstation recipients import FILE", EXIT_USAGE)
        recipients = read_directory(args.file)
        station.journal.replace_recipients(recipients, station.settings.operator)
        out.line(f"Loaded {len(recipients)} recipients from {args.file}.")
    rows = station.journal.recipients()
    out.data({"recipients": [vars(r) for r in rows]})
    if args.action == "list":
        for r in rows:
            out.line(f"{r.id:20} {r.name}")
    return 0


def cmd_demo(args, station, out) -> int:
    """The whole flow without hardware: scan the demo stack, route, export."""
    args.drop = args.drop or station.data_dir / "drop"
    args.drop.mkdir(parents=True, exist_ok=True)
    args.device, args.paths, args.recipient, args.received = "demo", [], "fordeling", None
    args.auto_confirm = True  # cover sheets route their letters; the rest go to the post reception
    args.separation, args.no_analysis = None, False
    out.line(f"ScanStation {__version__} demo: scanning the demo stack (no scanner needed)...")
    code = cmd_process(args, station, out)
    out.line(f"The PDFs and their metadata are in {args.drop}")
    out.line("On a desktop, `scanstation-gui --demo` (or `make run`) shows the same flow in the operator"
             " window; `scanstation --help` lists what the command line does.")
    return code


def cmd_report(args, station, out) -> int:
    """Read-only counts from one or more journals; never writes to them."""
    from . import reports

    def day(text: str | None, what: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise UserError(f"bad {what} date {text!r}: use YYYY-MM-DD, e.g. {date.today().isoformat()}",
                            EXIT_USAGE) from None

    date_from, date_to = day(args.date_from, "--from"), day(args.date_to, "--to")
    fmt = args.report_format or ("json" if args.json else "table")
    if fmt not in reports.FORMATS:
        raise UserError(f"unknown --format {fmt!r}: choose {', '.join(reports.FORMATS)}", EXIT_USAGE)
    if args.by not in reports.BY_CHOICES:
        raise UserError(f"unknown --by {args.by!r}: choose {', '.join(reports.BY_CHOICES)}", EXIT_USAGE)
    if date_from and date_to and date_from > date_to:
        raise UserError(f"--from {date_from} is after --to {date_to}", EXIT_USAGE)
    if fmt == "xlsx" and args.output is None:
        raise UserError("--format xlsx writes a file: give -o FILE.xlsx", EXIT_USAGE)
    journals = args.journal or [station.journal.path]
    limit = station.settings.max_document_pages
    try:
        report = reports.build_report(journals, date_from=date_from, date_to=date_to, by=args.by,
                                      max_document_pages=limit)
        report.backlog = reports.backlog(journals, max_document_pages=limit)
        if fmt == "xlsx":
            reports.write_xlsx(report, args.output)
            print(f"Wrote the report to {args.output}")
            return 0
        text = reports.format_report(report, fmt)
    except reports.ReportError as exc:
        raise UserError(str(exc)) from exc
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote the report to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_search(args, station, out) -> int:
    from dataclasses import asdict

    from .search import search_documents

    criteria = {k: getattr(args, k) for k in ("text", "recipient", "case_number", "received_from", "received_to",
                                              "status", "clerk")}
    try:
        hits = search_documents(station.journal, actor=station.settings.operator, **criteria)
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from exc
    out.data({"documents": [asdict(h) for h in hits]})
    for h in hits:
        out.line(f"{h.document_id:5}  {h.status:22} {h.journal_id or '':20} {h.snippet}")
    if not hits:
        out.line("No documents found.")
    return 0


COMMANDS = {
    "devices": cmd_devices, "scan": cmd_scan, "import": cmd_import, "batches": cmd_batches,
    "documents": cmd_documents, "confirm": cmd_confirm, "export": cmd_export,
    "process": cmd_process, "watch": cmd_watch, "coversheet": cmd_coversheet, "recipients": cmd_recipients, "demo": cmd_demo,
    "report": cmd_report, "search": cmd_search,
}


def cmd_config(args) -> int:
    """`config write-machine`: no station is opened (the installer runs it as SYSTEM)."""
    import logging

    values = {key: getattr(args, key) for _option, key in MACHINE_PROPERTIES.values()}
    try:
        written = write_machine_config(values, args.file)
    except MachineConfigError as exc:
        logging.getLogger("scanstation.machine_config").error("machine-wide settings not written: %s", exc)
        print(f"scanstation: {exc}", file=sys.stderr)
        return EXIT_USAGE
    logging.getLogger("scanstation.machine_config").info("machine-wide settings %s",
                                                         "written" if written else "unchanged")
    return 0


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app: a page worker (spawn) starts as this program
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None and not args.self_test:
        parser.error("the following arguments are required: command")
    setup_logging(verbose=args.verbose)
    if args.command == "config":  # IT's installer: no settings to load, no station to open
        return cmd_config(args)
    out = Output(args.json)
    settings = load_settings(args.config)
    if args.operator:
        from dataclasses import replace
        settings = replace(settings, operator=args.operator)
    for warning in settings.warnings:
        print(f"scanstation: warning: {warning}", file=sys.stderr)
    data_dir = args.data_dir or default_data_dir()
    if args.command == "demo" and args.data_dir is None:
        data_dir = default_data_dir() / "demo"  # the demo never mixes with real post
    if args.self_test or args.command == "self-test":  # it opens the journal itself, after checking the folder
        from .selftest import self_test_main
        return self_test_main(settings, data_dir, config_file=args.config, drop_folder=args.drop, as_json=args.json)
    station = None
    previous_sigint = signal.getsignal(signal.SIGINT)
    try:
        station = Station.open(data_dir, settings)
        if station.recovery.anything:
            r = station.recovery
            print(f"scanstation: recovered after an interruption: batch(es) "
                  f"{', '.join(map(str, r.interrupted_batches))} kept with every page "
                  f"({len(r.adopted_pages)} page(s) re-attached).", file=sys.stderr)
        return COMMANDS[args.command](args, station, out)
    except UserError as exc:
        print(f"scanstation: {exc}", file=sys.stderr)
        return exc.code
    except InputError as exc:
        print(f"scanstation: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ScanError as exc:
        print(f"scanstation: {exc.user_message}", file=sys.stderr)
        return EXIT_SCANNER
    except (JournalError, DirectoryError) as exc:
        print(f"scanstation: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"scanstation: {exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}",
              file=sys.stderr)
        return EXIT_ERROR
    finally:
        if station is not None:
            station.close()
        try:
            signal.signal(signal.SIGINT, previous_sigint)
        except (ValueError, TypeError):
            pass


if __name__ == "__main__":
    sys.exit(main())
