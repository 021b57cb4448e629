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
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from . import __version__
from .capture import backend_for, list_all_devices
from .capture.base import CancelToken, InputError, ScanError, ScanSettings
from .config import is_supervisor, load_settings
from .cpr import mask_cpr, mask_cprs, mask_cprs_in, normalize_cpr
from .separation import sheet_warnings
from .site_key import ensure_site_key
from .export.exporter import short_cause
from .journal import JournalError
from .logsetup import setup_logging
from .machine_config import PROPERTIES as MACHINE_PROPERTIES, MachineConfigError, write_machine_config
from .paths import default_data_dir
from .plural import counted
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
    docs.add_argument("--show-cpr", action="store_true",
                      help="supervisors: show the CPR numbers in clear (each one shown is in the audit trail)")
    docs.add_argument("--status", choices=STATUSES)

    confirm = sub.add_parser("confirm", help="confirm a document's recipient and details")
    confirm.add_argument("document", type=int)
    routing_options(confirm, required=True)
    confirm.add_argument("--case", dest="case_number")
    confirm.add_argument("--type", dest="document_type")
    confirm.add_argument("--cpr")
    confirm.add_argument("--note")

    correct = sub.add_parser("correct", help="re-open an exported letter, change it and export it again as "
                                             "the next version (same journal id: the archive replaces it)")
    correct.add_argument("document", help="document number or journal id")
    correct.add_argument("--recipient", help="recipient id (default: as exported)")
    correct.add_argument("--received", help="received date YYYY-MM-DD (default: as exported)")
    correct.add_argument("--case", dest="case_number")
    correct.add_argument("--type", dest="document_type")
    correct.add_argument("--cpr")
    correct.add_argument("--note")
    correct.add_argument("--reason", default="", help="why it is corrected (kept in the journal's events)")

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

    purge = sub.add_parser("purge", help="delete the pages and text of letters archived longer than "
                                         "retention.days_after_export days (also done at every start)")
    purge.add_argument("--dry-run", action="store_true", help="only say what would be deleted")

    config = sub.add_parser("config", help="IT: write the machine-wide settings (the installer runs this)")
    config_sub = config.add_subparsers(dest="config_command", required=True, parser_class=Parser,
                                       metavar="write-machine")
    write_machine = config_sub.add_parser("write-machine", help="merge values into the machine-wide settings file")
    write_machine.add_argument("--file", type=Path, help="the file (default: this computer's machine-wide file)")
    for prop, (option, key) in MACHINE_PROPERTIES.items():
        write_machine.add_argument(option, dest=key, metavar=prop, help=f"sets {key}; empty: unchanged"
                                   + ("; 'new' makes a new key" if key == "separation.site_key" else ""))
    write_machine.add_argument("--site-key-if-missing", action="store_true",
                               help="make a new site key when the file has none (the installer)")
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


def say(text: str) -> None:
    """A line on stderr for the user. File names and messages may carry a CPR number (a scan named
    `trunc 210895-1096.png`): its serial digits are masked here, as in the log and the events."""
    print(mask_cprs(text), file=sys.stderr)


class Output:
    """What a command prints on stdout, as lines or as JSON; CPR numbers masked in both, as on
    stderr (`documents --json` shows barcodes and source file names, `watch` runs as a service)."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def line(self, text: str) -> None:
        if not self.as_json:
            print(mask_cprs(text))

    def data(self, payload: object, *, masked: bool = True) -> None:
        """`masked=False` only for what a supervisor asked to see in clear, already masked elsewhere."""
        if self.as_json:
            plain = json.loads(json.dumps(payload, default=str))
            print(json.dumps(mask_cprs_in(plain) if masked else plain, ensure_ascii=False, indent=2))


def document_summary(station: Station, doc_id: int) -> dict:
    doc = station.journal.document(doc_id)
    pages = station.journal.document_pages(doc_id)
    export = station.journal.export_of(doc_id)
    included = [p for p in pages if p.included]
    barcodes = [{"page": p.position, "symbology": b["symbology"], "value": b["value"]}
                for p in pages for b in json.loads(p.page.analysis or "{}").get("barcodes", [])]
    warnings = sheet_warnings([p.page.analysis for p in pages])
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
        "version": doc.version, "exception": doc.exception_reason,
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
        say(f"note: {problem}")
    return 0


def run_scan(args, station, out, *, device: str, continue_batch: int | None = None, on_page=None):
    settings = scan_settings(args)
    backend = backend_for(device, site_key=station.settings.site_key)

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
    out.line(f"Batch {result.batch_id}: {counted(result.pages, 'page')} in {counted(len(docs), 'document')}.")
    for problem in result.file_errors:
        say(f"scanstation: {problem}")
    if result.fault is not None:
        kept = f"{counted(result.pages, 'page')} kept in batch {result.batch_id}." if result.pages else ""
        hint = (f" When it is fixed, run: scanstation scan --continue {result.batch_id}"
                if result.fault.resumable and result.pages else "")
        say(f"scanstation: {result.fault.user_message} {kept}{hint}")
        return EXIT_SCANNER
    return EXIT_FILES if result.file_errors else 0


def print_notes(result) -> None:
    """Files skipped because they were taken before, in one line each."""
    for note in result.notes:
        say(f"scanstation: note: {note}")


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
    """Each finished file becomes its own batch, then moves to imported/. A file that cannot be
    taken, whatever it does, moves to quarantine/ with <name>.why.txt and the watch goes on; a
    file whose content was taken before moves to imported/ without a second import."""
    import time

    from .capture.hotfolder import HotFolder
    from .pipeline import PageProcessor

    folder = HotFolder(args.folder, settle_seconds=args.settle)  # a missing folder at start: one line, exit 1
    cancel = cancel_on_ctrl_c()
    out.line(f"Watching {args.folder} (Ctrl+C to stop)...")
    started, taken = time.monotonic(), HotFolderReport()
    folder_trouble = None
    with PageProcessor() as workers:  # kept running between files: no start-up per file
        while not cancel.cancelled:
            try:
                ready = folder.poll()
            except InputError as exc:  # a share that went away: wait for it, say so once
                if args.once:
                    raise
                if str(exc) != folder_trouble:
                    say(f"scanstation: {exc} Waiting for it to come back.")
                folder_trouble, ready = str(exc), []
            else:
                folder_trouble = None
            for path in ready:
                take_hot_file(path, folder, lambda: station.intake(processor=workers), out, taken, again=args.again)
            if args.once and time.monotonic() - started > args.settle + 0.5:
                break
            time.sleep(0.2 if args.once else 1.0)
    out.data({"imported": taken.imported, "quarantined": taken.quarantined, "already_taken": taken.already_taken})
    out.line(f"{counted(len(taken.imported), 'file')} imported, {len(taken.already_taken)} already taken before, "
             f"{len(taken.quarantined)} moved to quarantine/.")
    for item in taken.quarantined:
        say(f"scanstation: {item['file']}: {item['reason']}")
    return EXIT_FILES if taken.quarantined else 0


@dataclass
class HotFolderReport:
    imported: list = field(default_factory=list)
    quarantined: list = field(default_factory=list)
    already_taken: list = field(default_factory=list)


def take_hot_file(path: Path, folder, make_intake_for_file, out, taken: HotFolderReport,
                  again: bool = False) -> None:
    """Import one hot-folder file and move it where it belongs. Never raises: a file that breaks
    anything goes to quarantine/, and the watch goes on with the next."""
    try:
        result = make_intake_for_file().import_files([path], again=again)
    except Exception as exc:  # noqa: BLE001 - one file never stops the watch
        log_debug_traceback(f"the hot-folder file {path.name} could not be taken")
        quarantine_hot_file(path, folder, f"ScanStation stopped on {path.name} ({short_cause(exc)})", out, taken)
        return
    if result.already_taken and not result.pages:
        if move_hot_file(lambda: folder.mark_imported(path), path, taken):
            taken.already_taken.append({"file": path.name})
            out.line(f"  {path.name}: already taken before; moved to imported/ without importing it again")
    elif result.pages and not result.file_errors:
        if move_hot_file(lambda: folder.mark_imported(path), path, taken):
            taken.imported.append({"file": path.name, "batch": result.batch_id, "documents": result.documents})
            out.line(f"  {path.name}: {counted(result.pages, 'page')} into batch {result.batch_id}")
    else:
        reason = " ".join(e.rstrip(".") + "." for e in result.file_errors) or "It has no pages."
        if result.pages:
            reason += f" Those pages are in batch {result.batch_id}."
        quarantine_hot_file(path, folder, reason, out, taken)


def quarantine_hot_file(path: Path, folder, reason: str, out, taken: HotFolderReport) -> None:
    reason = reason.rstrip(".") + "."
    why = (f"{reason} The file was not imported: fix or replace it, then drop it into the hot folder again "
           "(or give it to IT).")
    if move_hot_file(lambda: folder.quarantine(path, why), path, taken):
        taken.quarantined.append({"file": path.name, "reason": reason})
        out.line(f"  {path.name}: not imported, moved to quarantine/ ({reason})")


def move_hot_file(move, path: Path, taken: HotFolderReport) -> bool:
    """Move a handled file out of the hot folder; if that fails it stays, reported, and is not taken
    again by this watch (the folder remembers it)."""
    try:
        move()
        return True
    except Exception as exc:  # noqa: BLE001 - an unmovable file is reported, never the end of the watch
        taken.quarantined.append({"file": path.name, "reason": f"could not be moved out of the hot folder "
                                                                 f"({short_cause(exc)})"})
        return False


def cmd_batches(args, station, out) -> int:
    batches = station.journal.batches()
    out.data({"batches": [
        {**vars(b), "pages": len(station.journal.pages(b.id))} for b in batches]})
    for b in batches:
        note = f"  ({b.interruption})" if b.interruption else ""
        out.line(f"{b.id:5}  {b.started_at}  {b.device:24} {b.status:12} "
                 f"{len(station.journal.pages(b.id)):4} pages{note}")
    return 0


def team_names(station: Station) -> dict[str, str]:
    """Teams by name for the lines a person reads; the JSON output keeps the ids."""
    return {r.id: r.name for r in station.journal.recipients(active_only=False)}


def cmd_documents(args, station, out) -> int:
    docs = [document_summary(station, d.id) for d in station.journal.documents(status=args.status)]
    if getattr(args, "show_cpr", False):
        out.data({"documents": show_cprs(station, docs)}, masked=False)
    else:
        out.data({"documents": docs})
    names = team_names(station)
    for d in docs:
        team = names.get(d["recipient"], d["recipient"]) if d["recipient"] else "-"
        out.line(f"{d['id']:5}  {d['status']:22} {d['pages']:3} p.  {team:24} "
                 f"{d['journal_id'] or ''}{'  ' + d['failure'] if d['failure'] else ''}"
                 f"{'  exception: ' + d['exception'] if d['exception'] else ''}")
        if getattr(args, "show_cpr", False) and d["cpr_shown"] and not out.as_json:
            print(f"       CPR {d['cpr_shown']}")  # asked for in clear by a supervisor, and audited
    if not docs:
        out.line("No documents.")
    return 0


def show_cprs(station, docs: list[dict]) -> list[dict]:
    """`documents --show-cpr`: the CPR numbers in clear, for a supervisor only; each number shown
    is an audit event (who, when, which letter; the number as a keyed hash)."""
    from .audit import cpr_reveal_detail

    journal = station.journal
    if not is_supervisor(station.settings):
        # A refused attempt is in the audit trail too: who asked, when, for how many letters.
        journal.record_event(station.settings.operator, "cpr_reveal_refused", "documents",
                             {"letters": len(docs), "why": "not a supervisor"})
        raise UserError("Showing CPR numbers is only allowed for supervisors; ask a supervisor", EXIT_USAGE)
    shown = []
    for summary in mask_cprs_in(docs):
        cpr = journal.document(summary["id"]).cpr
        if cpr:
            journal.record_event(station.settings.operator, "cpr_revealed", f"document:{summary['id']}",
                                 cpr_reveal_detail(journal.conn, cpr))
        shown.append({**summary, "cpr": cpr or "", "cpr_shown": cpr or ""})
    docs[:] = shown
    return shown


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
    team = team_names(station).get(doc.recipient_id, doc.recipient_id)
    out.line(f"Document {doc.id} confirmed for {team}, received {doc.received_date}.")
    return 0


def find_document(station: Station, text: str):
    """A document by its number or its journal id (as printed on the sidecar)."""
    if text.isdigit():
        return station.journal.document(int(text))
    found = [d for d in station.journal.documents(status=None) if d.journal_id == text.strip().upper()]
    if not found:
        raise UserError(f"no document with journal id {text!r} in this journal")
    return found[0]


def cmd_correct(args, station, out) -> int:
    """Re-open an exported letter, give it the values asked for and export it at once as the next
    version; the command line has no correction window."""
    doc = find_document(station, args.document)
    if doc.status != "exported":
        raise UserError(f"document {doc.id} is {doc.status.replace('_', ' ')}, not exported: "
                        "confirm it with `scanstation confirm` instead")
    drop = drop_folder(args, station)
    recipient = args.recipient or doc.recipient_id
    if recipient is None:
        raise UserError("give the recipient with --recipient")
    fields = confirm_fields(station, recipient, args.received or doc.received_date,
                            case_number=args.case_number, document_type=args.document_type,
                            cpr=args.cpr, note=args.note)
    reopened = station.journal.reopen_for_correction(doc.id, station.settings.operator, args.reason)
    station.confirm(doc.id, fields)
    outcome = station.exporter(drop).export_document(doc.id)
    out.data({**document_summary(station, doc.id), "version": reopened.version, "ok": outcome.ok,
              "message": outcome.message})
    if not outcome.ok:
        print(f"scanstation: document {doc.id}: {outcome.message}", file=sys.stderr)
        print("scanstation: the correction is kept; after fixing the cause run: scanstation export --retry",
              file=sys.stderr)
        return EXIT_EXPORT
    out.line(f"Document {doc.id} corrected: {reopened.journal_id} version {reopened.version} exported "
             f"to {drop}; it replaces version {reopened.version - 1} in the archive.")
    return 0


def export_all(args, station, out, *, retry: bool) -> tuple[list, int]:
    exporter = station.exporter(drop_folder(args, station))
    outcomes = exporter.export_pending(retry_failed=retry)
    for o in outcomes:
        out.line(f"  document {o.document_id}: {o.message}")
        if not o.ok:
            say(f"scanstation: document {o.document_id}: {o.message}")
    return outcomes, (EXIT_EXPORT if any(not o.ok for o in outcomes) else 0)


def cmd_export(args, station, out) -> int:
    outcomes, code = export_all(args, station, out, retry=args.retry)
    out.data({"exports": [{"document": o.document_id, "journal_id": o.journal_id, "ok": o.ok,
                           "message": o.message} for o in outcomes]})
    if not outcomes:
        out.line("Nothing to export.")
    elif code:
        failed = sum(1 for o in outcomes if not o.ok)
        say(f"scanstation: {failed} of {counted(len(outcomes), 'letter')} could not be exported; they are kept. "
            "After fixing the cause run: scanstation export --retry")
    return code


def cmd_process(args, station, out) -> int:
    """Import (or scan), route and export in one go. One letter or file that cannot go never stops
    the rest: each problem is reported at the end, the summary is always printed, and the exit
    code says what went wrong (3 scanner, 4 export, 5 files)."""
    if bool(args.paths) == bool(args.device):
        raise UserError("give files or folders to import, or --device to scan (not both)", EXIT_USAGE)
    received = parse_received(args.received)
    drop = drop_folder(args, station)
    if args.recipient and station.journal.recipient(args.recipient) is None:
        raise UserError(f"unknown recipient {args.recipient!r}: see `scanstation recipients` for the ids")
    letters = LetterDelivery(station, station.exporter(drop), recipient=args.recipient, received=received,
                             auto_confirm=args.auto_confirm)
    seen: list[int] = []  # documents in feed order, also known if the intake stops on an error
    batch_seen: list[int] = []

    def letter_finished(page) -> None:
        # Streams: when a page opens the next letter, the one before is whole and goes out
        # while the scanner (and the OCR workers) carry on. It never raises into the intake.
        if not batch_seen:
            batch_seen.append(page.batch_id)
        if seen and page.document_id != seen[-1]:
            letters.deliver(seen[-1])
        if page.document_id not in seen:
            seen.append(page.document_id)

    stopped = None
    try:
        if args.device:
            args.source, args.dpi, args.mode = "adf", 300, "gray"
            result = run_scan(args, station, out, device=args.device, on_page=letter_finished)
        else:
            result = make_intake(args, station).import_files(args.paths, cancel=cancel_on_ctrl_c(),
                                                             on_page=letter_finished, again=args.again)
            print_notes(result)
    except (UserError, InputError, ScanError):
        raise  # nothing was started (a missing path, a wrong device): the usual one line
    except Exception as exc:  # noqa: BLE001 - what was taken is kept; the letters go out, the problem is reported
        log_debug_traceback("the intake stopped")
        stopped = f"the intake stopped on an unexpected error ({short_cause(exc)}); the pages taken before it are kept"
        from .intake import BatchResult
        result = BatchResult(batch_seen[0] if batch_seen else 0, documents=list(seen))
        result.pages = sum(len(station.journal.document_pages(d)) for d in seen)
    for doc_id in result.documents:
        if result.fault is not None and doc_id == result.documents[-1]:
            continue  # the letter the fault cut may go on when the batch is continued
        letters.deliver(doc_id)
    return report_process(result, station, out, drop, letters, stopped)


class LetterDelivery:
    """Routes and exports each whole letter of a `process` run; one letter's trouble stays with it.

    A letter whose pages are all blank or left out has nothing to export: it is not confirmed,
    not exported and not lost. It waits for the clerk with its reason (in the journal's audit
    trail and the run's report), like any letter that needs a person."""

    def __init__(self, station: Station, exporter, *, recipient: str | None, received: str,
                 auto_confirm: bool) -> None:
        self.station, self.exporter = station, exporter
        self.recipient, self.received, self.auto_confirm = recipient, received, auto_confirm
        self.outcomes: dict[int, object] = {}  # document id -> ExportOutcome
        self.held: dict[int, str] = {}  # document id -> why it waits for the clerk

    def deliver(self, doc_id: int) -> None:
        if doc_id in self.outcomes:
            return
        self.held.pop(doc_id, None)  # tried again at the end of the run: the reason is the latest
        journal = self.station.journal
        try:
            if not journal.document_pages(doc_id, included_only=True):
                self._hold(doc_id, nothing_to_export_reason(self.station, doc_id))
                return
            if self.auto_confirm:
                auto_confirm(self.station, [doc_id], self.received)
            if self.recipient and journal.document(doc_id).status in ("captured", "awaiting_confirmation"):
                self.station.confirm(doc_id, {"recipient_id": self.recipient, "received_date": self.received})
            if journal.document(doc_id).status in ("confirmed", "failed"):
                self.outcomes[doc_id] = self.exporter.export_document(doc_id)
        except Exception as exc:  # noqa: BLE001 - the next letter goes on; this one is reported
            log_debug_traceback(f"document {doc_id} could not be routed")
            self.held[doc_id] = (f"it could not be confirmed or exported ({short_cause(exc)}); "
                                 "it waits for the clerk")

    def _hold(self, doc_id: int, reason: str) -> None:
        if doc_id not in self.held:
            self.station.journal.record_event(self.station.settings.operator, "document_held",
                                              f"document:{doc_id}", {"reason": reason})
        self.held[doc_id] = reason


def nothing_to_export_reason(station: Station, doc_id: int) -> str:
    pages = station.journal.document_pages(doc_id)
    files = sorted({(p.page.origin or "").split(" page ")[0] for p in pages} - {""})
    why = sorted({p.excluded_reason or "left out" for p in pages})
    where = f" ({', '.join(files)})" if files else ""
    return (f"it has no page to export{where}: every page is {' or '.join(why)}; it waits for the clerk "
            "(restore a page, or merge it with the letter it belongs to)")


def report_process(result, station, out, drop: Path, letters: LetterDelivery, stopped: str | None) -> int:
    """The summary, always; then every problem on stderr; the exit code of the worst one."""
    outcomes = list(letters.outcomes.values())
    docs = [document_summary(station, d) for d in result.documents]
    failed = [o for o in outcomes if not o.ok]
    out.data({"batch": result.batch_id, "pages": result.pages, "documents": docs,
              "fault": result.fault.code if result.fault else None, "file_errors": result.file_errors,
              "already_taken": result.already_taken,
              "held": [{"document": d, "reason": r} for d, r in letters.held.items()],
              "export_failures": [{"document": o.document_id, "reason": o.message} for o in failed],
              "stopped": stopped})
    exported = sum(1 for o in outcomes if o.ok)
    waiting = sum(1 for d in docs if d["status"] in ("captured", "awaiting_confirmation"))
    out.line(f"Batch {result.batch_id}: {counted(result.pages, 'page')}, {counted(len(docs), 'document')}: "
             f"{exported} exported to {drop}, {waiting} waiting for confirmation, {len(failed)} failed, "
             f"{counted(len(result.file_errors), 'file')} not imported.")
    for d in docs:
        note = ", nothing to export" if d["id"] in letters.held and not d["pages"] else ""
        out.line(f"  document {d['id']}: {counted(d['pages'], 'page')}, {d['status']}{note}"
                 f"{', ' + d['journal_id'] if d['journal_id'] else ''}")
    problems = list(result.file_errors)
    problems += [f"document {d}: {reason}" for d, reason in letters.held.items()]
    problems += [f"document {o.document_id}: {o.message}" for o in failed]
    if stopped:
        problems.append(stopped)
    for problem in problems:
        say(f"scanstation: {problem}")
    if failed:
        say("scanstation: failed letters are kept; after fixing the cause run: scanstation export --retry")
    if result.fault is not None:
        say(f"scanstation: {result.fault.user_message}")
        return EXIT_SCANNER
    if failed:
        return EXIT_EXPORT
    return EXIT_FILES if result.file_errors or stopped else 0


def log_debug_traceback(what: str) -> None:
    """The traceback goes to the debug log for IT, never to the clerk's screen."""
    import logging
    logging.getLogger("scanstation.cli").debug(what, exc_info=True)


def auto_confirm(station: Station, document_ids: list[int], received: str) -> None:
    """Confirm the documents whose recipient suggestion is confident (a cover sheet is); the rest
    wait, and so does a letter with a warning about a sheet's code on it (a forged cover sheet)."""
    for doc_id in document_ids:
        doc = station.journal.document(doc_id)
        if sheet_warnings([p.page.analysis for p in station.journal.document_pages(doc_id)]):
            continue
        stored = json.loads(doc.suggestion or "{}").get("recipient") or {}
        suggestion = Suggestion(stored.get("value"), float(stored.get("confidence", 0)), stored.get("why", "none"))
        if doc.status in ("captured", "awaiting_confirmation") and suggestion.recipient_id \
                and station.journal.recipient(suggestion.recipient_id) is not None \
                and auto_confirm_allowed(suggestion, station.settings.auto_confirm_threshold) \
                and station.journal.document_pages(doc_id, included_only=True):
            station.confirm(doc_id, {"recipient_id": suggestion.recipient_id,
                                     "received_date": doc.received_date or received},
                            "auto:" + station.settings.operator)


def cmd_coversheet(args, station, out) -> int:
    from .recognition.coversheet import (
        CoverSheet, render_cover_sheets_pdf, render_separator_sheet_pdf,
    )

    key = station.settings.site_key  # the sheets route letters only when signed with the site's key
    if args.separator:
        pdf = render_separator_sheet_pdf(key=key)
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
        pdf = render_cover_sheets_pdf(sheets, key=key)
        what = counted(len(sheets), "cover sheet")
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
        text = reports.format_report(reports.with_team_names(report, team_names(station)) if fmt == "table"
                                     else report, fmt)
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
    try:  # every search is in the journal's audit trail, with any CPR number hashed
        hits = search_documents(station.journal, actor=station.settings.operator, **criteria)
    except (ValueError, PermissionError) as exc:
        raise UserError(str(exc), EXIT_USAGE) from exc
    out.data({"documents": [asdict(h) for h in hits]})
    for h in hits:
        out.line(f"{h.document_id:5}  {h.status:22} {h.journal_id or '':20} {h.snippet}")
    if not hits:
        out.line("No documents found.")
    return 0


def cmd_purge(args, station, out) -> int:
    """The retention purge now (retention.py), or with --dry-run what it would delete."""
    result = station.purge_archived_letters(dry_run=args.dry_run, actor=station.settings.operator)
    held = station.private_data()
    if out.as_json:
        out.data({"purge": {**asdict(result), "journal_ids": list(result.journal_ids)}, "held": asdict(held)})
    else:
        out.line(result.describe())
        out.line(f"kept on this station: {held.describe()}")
    return 0


COMMANDS = {
    "devices": cmd_devices, "scan": cmd_scan, "import": cmd_import, "batches": cmd_batches,
    "documents": cmd_documents, "confirm": cmd_confirm, "export": cmd_export, "correct": cmd_correct,
    "process": cmd_process, "watch": cmd_watch, "coversheet": cmd_coversheet, "recipients": cmd_recipients, "demo": cmd_demo,
    "report": cmd_report, "search": cmd_search, "purge": cmd_purge,
}


def cmd_config(args) -> int:
    """`config write-machine`: no station is opened (the installer runs it as SYSTEM)."""
    import logging

    values = {key: getattr(args, key) for _option, key in MACHINE_PROPERTIES.values()}
    try:
        written = write_machine_config(values, args.file, ensure_site_key=args.site_key_if_missing)
    except MachineConfigError as exc:
        logging.getLogger("scanstation.machine_config").error("machine-wide settings not written: %s", exc)
        say(f"scanstation: {exc}")
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
    settings = ensure_site_key(load_settings(args.config))
    if args.operator:
        from dataclasses import replace
        settings = replace(settings, operator=args.operator)
    for warning in settings.warnings:
        say(f"scanstation: warning: {warning}")
    data_dir = args.data_dir or default_data_dir()
    if args.command == "demo" and args.data_dir is None:
        data_dir = default_data_dir() / "demo"  # the demo never mixes with real post
    if args.self_test or args.command == "self-test":  # it opens the journal itself, after checking the folder
        from .selftest import self_test_main
        return self_test_main(settings, data_dir, config_file=args.config, drop_folder=args.drop, as_json=args.json)
    station = None
    previous_sigint = signal.getsignal(signal.SIGINT)
    try:
        station = Station.open(data_dir, settings, purge=args.command != "purge")  # purge: as asked, --dry-run too
        if station.recovery.anything:
            r = station.recovery
            say(f"scanstation: recovered after an interruption: batch(es) "
                f"{', '.join(map(str, r.interrupted_batches))} kept with every page "
                f"({counted(len(r.adopted_pages), 'page')} re-attached).")
        return COMMANDS[args.command](args, station, out)
    except UserError as exc:
        say(f"scanstation: {exc}")
        return exc.code
    except InputError as exc:
        say(f"scanstation: {exc}")
        return EXIT_ERROR
    except ScanError as exc:
        say(f"scanstation: {exc.user_message}")
        return EXIT_SCANNER
    except (JournalError, DirectoryError) as exc:
        say(f"scanstation: {exc}")
        return EXIT_ERROR
    except OSError as exc:
        say(f"scanstation: {exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}")
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
