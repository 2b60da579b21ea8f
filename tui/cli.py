"""The command line: the explorer by default, subcommands for scripts and checks.

Every command reads the timeline through the same loader as the explorer. Exit status:
0 success, 1 a check failed (or an internal error), 2 the timeline file or the arguments are bad.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .cache import SMALLEST_CACHED, open_timeline
from .dates import DateError, read_typed_date
from .loader import Progress, TimelineError, bundled_timeline_path
from .model import Event, Timeline
from .notes import MarksAndNotes, open_marks_and_notes, store_path
from .search import QueryError, SearchIndex, parse_query, query_fields, quick_engine
from .text import clean_name
from .verify import SOURCES_FOLDER, QuoteFailure, VerifyReport, fold_whitespace, sources_beside, verify_quotes
from .wording import plural, timeline_facts

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141
"""What a shell reports for a process whose reader closed the pipe (128 + SIGPIPE)."""
MAX_ERRORS_SHOWN = 100
CONTEXT = 60
LOAD_IN_APP_FROM = SMALLEST_CACHED
"""Files this large (bytes) load inside the explorer, behind a progress bar: those the cache
takes. Smaller ones load in a blink before it starts, so a bad one is reported without the UI
flashing up."""


def _add_timeline_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeline",
        metavar="FILE",
        type=Path,
        help="timeline file to read (default: the bundled Greater Manchester timeline)",
    )


def _add_notes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--notes",
        metavar="FILE",
        type=Path,
        help="the store of your marks and notes to use, made if absent (default: the timeline's own, "
        "in your data folder; see the README)",
    )


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"gmp-timeline {__version__}")
    _debug_option(parser, default=False)


def _debug_option(parser: argparse.ArgumentParser, default: object) -> None:
    """`--debug`, before a command or after it (a command's parser leaves it alone when absent)."""
    parser.add_argument(
        "--debug", action="store_true", default=default, help="show a traceback if something goes wrong inside the app"
    )


def _explorer_parser() -> argparse.ArgumentParser:
    """The explorer's parser.

    It is separate from the commands' parser because the explorer takes an optional file
    argument, which an argparse subparser would mistake for a command name; and building only
    the parser needed keeps the commands' modules out of the explorer's start-up.
    """
    explore = argparse.ArgumentParser(
        prog="gmp-timeline",
        description="Explore a sourced timeline in the terminal.",
        epilog="commands: validate, verify, search, export, notes, serve (gmp-timeline COMMAND --help for each)",
    )
    _common_options(explore)
    explore.add_argument("file", nargs="?", type=Path, help="timeline file to open (same as --timeline)")
    _add_timeline_option(explore)
    _add_sources_option(explore, "show each source's text with its quoted passages lit up (t on a source)")
    _add_notes_option(explore)
    return explore


def _add_sources_option(parser: argparse.ArgumentParser, purpose: str) -> None:
    parser.add_argument(
        "--sources",
        metavar="DIR",
        type=Path,
        help=f"folder holding the source texts, to {purpose} (default: a '{SOURCES_FOLDER}' folder beside "
        "the timeline file, if there is one)",
    )


def _commands_parser() -> argparse.ArgumentParser:
    from .export import FORMATS

    commands = argparse.ArgumentParser(prog="gmp-timeline")
    _common_options(commands)
    subparsers = commands.add_subparsers(dest="command", required=True)
    command_options = argparse.ArgumentParser(add_help=False)
    _debug_option(command_options, default=argparse.SUPPRESS)
    validate = subparsers.add_parser(
        "validate", parents=[command_options], help="check a timeline file and summarise it"
    )
    _add_timeline_option(validate)
    verify = subparsers.add_parser(
        "verify", parents=[command_options], help="check every quote word for word against the source texts"
    )
    _add_sources_option(verify, "check the quotes against")
    _add_timeline_option(verify)
    search = subparsers.add_parser(
        "search",
        parents=[command_options],
        help="list the events that match a query, best first",
        description='Query language: words (all must match), "exact phrase", -word to exclude, '
        f"a or b, and the fields {' '.join(f'{name}:' for name in query_fields())}.",
    )
    search.add_argument("query", help='for example: betrayed, "significant improvements", tag:inspection from:2017-07')
    search.add_argument("--json", action="store_true", help="print a JSON array for scripts")
    _add_timeline_option(search)
    _add_notes_option(search)
    export = subparsers.add_parser(
        "export",
        parents=[command_options],
        help="write the events of a span as Markdown, HTML, CSV, CSL-JSON, TimelineJS JSON or a timeline file",
        description="Export the events whose dates overlap a span, optionally only those matching a query. "
        'DATE is 2017, 2017-07, 2017-07-03 or a form such as "July 2017"; a date covers every day it could mean.',
    )
    export.add_argument("--from", dest="start", metavar="DATE", help="first date of the span (default: the beginning)")
    export.add_argument("--to", dest="end", metavar="DATE", help="last date of the span (default: the end)")
    export.add_argument("--query", default="", metavar="Q", help="keep only the events matching this search query")
    export.add_argument(
        "--format",
        choices=list(FORMATS),
        default="markdown",
        help="; ".join(f"{name}: {export_format.description}" for name, export_format in FORMATS.items())
        + " (default: markdown)",
    )
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="file to write (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument(
        "--stamp",
        action="store_true",
        help="say when the export was made (in the header of Markdown, HTML and TimelineJS)",
    )
    export.add_argument(
        "--with-notes",
        action="store_true",
        help="include your notes, each under a heading of its own (Markdown, HTML and JSON)",
    )
    _add_timeline_option(export)
    _add_notes_option(export)
    notes = subparsers.add_parser(
        "notes",
        parents=[command_options],
        help="list your marks and notes on a timeline",
        description="List the events you marked or wrote a note on, in the timeline's order, then the marks "
        "and notes on events the timeline no longer holds (kept, as orphaned).",
    )
    notes.add_argument("--json", action="store_true", help="print a JSON object for scripts")
    _add_timeline_option(notes)
    _add_notes_option(notes)
    serve = subparsers.add_parser(
        "serve",
        parents=[command_options],
        help="serve the explorer to web browsers",
        description="Serve the explorer to web browsers: each tab gets an explorer of its own, and exports "
        "and screenshots are downloads. It listens on this machine only (127.0.0.1) unless given --public.",
    )
    serve.add_argument("file", nargs="?", type=Path, help="timeline file to serve (same as --timeline)")
    _add_timeline_option(serve)
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT}; 0: any free one)"
    )
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow an address other machines can reach; the address to open then holds a secret token",
    )
    return commands


COMMANDS = ("validate", "verify", "search", "export", "notes", "serve")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    first_word = next((word for word in arguments if not word.startswith("-")), None)
    is_command = first_word in COMMANDS
    options = (_commands_parser() if is_command else _explorer_parser()).parse_args(arguments)
    run: Callable[[argparse.Namespace], int] = _COMMAND_RUNNERS[options.command] if is_command else _explore
    try:
        status = run(options)
        sys.stdout.flush()  # here, so that a full disk or a closed pipe is reported as such
        return status
    except TimelineError as error:
        _print_load_errors(error)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`gmp-timeline search x | head -1`): as for any Unix tool, nothing
        # more to say. Standard output goes nowhere now, so that closing it cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EIO, errno.EFBIG) or options.debug:
            raise
        print(f"gmp-timeline: cannot write the output: {error.strerror}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        if options.debug:
            raise
        print(
            f"gmp-timeline: internal error: {type(error).__name__}: {error}\n"
            "Run again with --debug to see the traceback, and please report it.",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _timeline_path(options: argparse.Namespace) -> Path:
    return getattr(options, "file", None) or options.timeline or bundled_timeline_path()


def _open(path: Path) -> Timeline:
    """Load through the cache, showing progress on a terminal's stderr for long loads."""
    with _progress_on_terminal("loading") as progress:
        return open_timeline(path, progress)


@contextlib.contextmanager
def _progress_on_terminal(doing: str) -> Iterator[Progress | None]:
    """What shows the progress of `doing` on standard error when it is a terminal (None when
    it is not: a log has no use for a line redrawn), the line cleared once it is done."""
    if not sys.stderr.isatty():
        yield None
        return
    try:
        yield lambda stage, fraction: _show_progress(doing, stage, fraction)
    finally:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def _show_progress(doing: str, stage: str, fraction: float | None) -> None:
    done = "" if fraction is None else f" {fraction:.0%}"
    print(f"\r{doing}: {stage}{done}\x1b[K", end="", file=sys.stderr, flush=True)


def _sources_folder(options: argparse.Namespace, command: str) -> tuple[Path | None, str | None]:
    """The folder of source texts: `--sources DIR`, else the `sources` folder beside the timeline
    file (see `sources_beside`); with why not, when `--sources` names no folder."""
    if options.sources is None:
        return sources_beside(_timeline_path(options)), None
    if not options.sources.is_dir():
        return None, f"gmp-timeline{command}: {clean_name(options.sources)}: not a folder of source texts"
    return options.sources, None


def _print_load_errors(error: TimelineError) -> None:
    for item in error.errors[:MAX_ERRORS_SHOWN]:
        print(item, file=sys.stderr)
    hidden = len(error.errors) - MAX_ERRORS_SHOWN
    if hidden > 0:
        print(f"... and {hidden} more errors", file=sys.stderr)
    print(f"{plural(len(error.errors), 'error')}; the timeline was not loaded.", file=sys.stderr)


def _explore(options: argparse.Namespace) -> int:
    if options.file and options.timeline:
        print("gmp-timeline: give the timeline file either as FILE or with --timeline, not both", file=sys.stderr)
        return EXIT_BAD_INPUT
    path = _timeline_path(options)
    sources, problem = _sources_folder(options, "")
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # the loader says why the file cannot be read, before the UI starts
    if size < LOAD_IN_APP_FROM:
        timeline = _open(path)
        from .app import make_app  # Textual is imported only when the explorer runs.

        app = make_app(timeline, str(path), sources_dir=sources, notes_path=options.notes)
        app.run()
        return app.return_code or 0
    from .app import make_loading_app

    app = make_loading_app(path, sources_dir=sources, notes_path=options.notes)
    app.run()
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def _validate(options: argparse.Namespace) -> int:
    path = _timeline_path(options)
    timeline = _open(path)
    print(f"{clean_name(path)}: {timeline.title}: {', '.join(timeline_facts(timeline))}")
    return 0


def _verify(options: argparse.Namespace) -> int:
    sources, problem = _sources_folder(options, " verify")
    if sources is None:
        beside = _timeline_path(options).parent / SOURCES_FOLDER
        print(
            problem or f"gmp-timeline verify: give --sources DIR (there is no folder {clean_name(beside)})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    path = _timeline_path(options)
    timeline = _open(path)
    with _progress_on_terminal("verify") as progress:
        report = verify_quotes(timeline, sources, progress)
    print(format_verify_report(report, str(path)))
    return 0 if report.passed else EXIT_FAILED


def format_verify_report(report: VerifyReport, timeline_name: str) -> str:
    lines: list[str] = []
    for source, path, reason in report.missing_sources:
        lines.append(f"MISSING source {source.id!r}: {clean_name(path)}: {reason}; its quotes were not checked")
    for failure in report.failures:
        lines.extend(_describe_failure(failure, timeline_name))
    failed = len(report.failures)
    verdict = "all found" if not failed else f"{failed} not found"
    lines.append(f"verify: {report.checked} quotes checked: {verdict}; {len(report.missing_sources)} sources missing")
    return "\n".join(lines)


def _describe_failure(failure: QuoteFailure, timeline_name: str) -> list[str]:
    wanted = fold_whitespace(failure.quote.text)
    start = max(failure.first_difference - CONTEXT, 0)
    lead = "..." if start else ""
    caret = " " * (len(lead) + failure.first_difference - start)
    return [
        f"FAIL {clean_name(timeline_name)}: event {failure.event.id!r}, quote {failure.quote_number} "
        f"from source {failure.quote.source!r} is not in the source text",
        f"  quote:   {lead}{wanted[start : failure.first_difference + CONTEXT]}",
        f"  source:  {lead}{clean_name(failure.closest[start : failure.first_difference + CONTEXT])}",
        f"           {caret}^ first difference (character {failure.first_difference + 1})",
    ]


def _search(options: argparse.Namespace) -> int:
    try:
        query = parse_query(options.query)
    except QueryError as error:
        print(f"gmp-timeline search: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    path = _timeline_path(options)
    timeline = _open(path)
    reader = _marks_for(timeline, path, options.notes) if query.reads_marks_and_notes else None
    if isinstance(reader, int):
        return reader
    result = SearchIndex(timeline, quick_engine).search(query, reader=reader.snapshot if reader else None)
    matches = [(timeline.events[index], result.matched_fields(index)) for index in result.ranked()]
    if options.json:
        print(json.dumps([_event_summary(event, fields) for event, fields in matches], ensure_ascii=False, indent=2))
    else:
        for event, fields in matches:
            where = f"  [{', '.join(fields)}]" if fields else ""
            print(f"{event.display_date}  {event.id}  {event.title}{where}")
    return 0 if matches else EXIT_FAILED


def _marks_for(timeline: Timeline, path: Path, named: Path | None) -> MarksAndNotes | int:
    """The marks and notes a command reads, or the exit status after saying why they cannot be read."""
    marks = open_marks_and_notes(timeline, path, named)
    if marks.problem:
        print(f"gmp-timeline: {marks.problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return marks


def _event_summary(event: Event, matched_fields: list[str]) -> dict[str, object]:
    return {
        "id": event.id,
        "date": event.when.edtf(),
        "display_date": event.display_date,
        "title": event.title,
        "matched": matched_fields,
    }


def _export(options: argparse.Namespace) -> int:
    from .export import FORMATS, ExportError, ExportRequest, SpanError, select_events, write_atomically

    try:
        start = read_typed_date(options.start, "--from") if options.start is not None else None
        end = read_typed_date(options.end, "--to") if options.end is not None else None
        query = parse_query(options.query)
        path = _timeline_path(options)
        timeline = _open(path)
        reader = (
            _marks_for(timeline, path, options.notes) if query.reads_marks_and_notes or options.with_notes else None
        )
        if isinstance(reader, int):
            return reader
        snapshot = reader.snapshot if reader else None
        events = select_events(timeline, start, end, query, reader=snapshot)
    except (DateError, QueryError, SpanError) as error:
        print(f"gmp-timeline export: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    stamp = datetime.datetime.now().astimezone() if options.stamp else None
    notes = snapshot.notes if snapshot is not None and options.with_notes else None
    request = ExportRequest(timeline, events, start, end, options.query, path.name, stamp, reader_notes=notes)
    text = FORMATS[options.format].render(request)
    if not events:
        print("gmp-timeline export: no events match; the export lists none", file=sys.stderr)
    if options.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(options.output, text, overwrite=options.force)
    except ExportError as error:
        print(f"gmp-timeline export: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {clean_name(options.output)} ({plural(len(events), 'event')})", file=sys.stderr)
    return 0


def _notes(options: argparse.Namespace) -> int:
    path = _timeline_path(options)
    timeline = _open(path)
    store = store_path(timeline, path, options.notes)
    if not store.exists():
        marks = MarksAndNotes(timeline, None)  # nothing marked yet: the store is made by the first change
    else:
        found = _marks_for(timeline, path, store)
        if isinstance(found, int):
            return found
        marks = found
    listing = notes_listing(marks)
    if options.json:
        print(json.dumps({"store": str(store), "timeline": timeline.title, **listing}, ensure_ascii=False, indent=2))
        return 0
    print(f"{timeline.title}: marks and notes in {clean_name(store)}")
    for item in listing["events"]:
        sign = "●" if item["marked"] else " "
        print(f"{sign} {item['display_date']}  {item['id']}  {item['title']}")
        _print_note(item["note"])
    if listing["orphaned"]:
        print("On events this timeline no longer holds (kept):")
        for item in listing["orphaned"]:
            print(f"{'●' if item['marked'] else ' '} {clean_name(item['id'])}")
            _print_note(item["note"])
    marked = sum(1 for item in [*listing["events"], *listing["orphaned"]] if item["marked"])
    noted = sum(1 for item in [*listing["events"], *listing["orphaned"]] if item["note"])
    print(f"{plural(marked, 'mark')}, {plural(noted, 'note')}, {len(listing['orphaned'])} orphaned")
    return 0


def _print_note(note: object) -> None:
    if isinstance(note, str):
        lines = note.splitlines() or [""]
        print(f"    Your note: {lines[0]}")
        for line in lines[1:]:
            print(f"               {line}")


def notes_listing(marks: MarksAndNotes) -> dict[str, list[dict[str, Any]]]:
    """The marks and notes as `gmp-timeline notes --json` gives them: the events of the timeline
    that carry one, in its order, then the orphaned ids."""
    snapshot = marks.snapshot
    timeline = marks.timeline
    positions = timeline.positions
    held = sorted(positions[event_id] for event_id in snapshot.marked | set(snapshot.notes) if event_id in positions)
    events: list[dict[str, Any]] = [
        {
            "id": event.id,
            "date": event.when.edtf(),
            "display_date": event.display_date,
            "title": event.title,
            "marked": event.id in snapshot.marked,
            "note": snapshot.note(event.id),
        }
        for event in (timeline.events[position] for position in held)
    ]
    orphaned: list[dict[str, Any]] = [
        {"id": event_id, "marked": event_id in snapshot.marked, "note": snapshot.note(event_id)}
        for event_id in marks.orphans()
    ]
    return {"events": events, "orphaned": orphaned}


def _serve(options: argparse.Namespace) -> int:
    if options.file and options.timeline:
        print("gmp-timeline serve: give the timeline file either as FILE or with --timeline, not both", file=sys.stderr)
        return EXIT_BAD_INPUT
    from .serve import CannotListen, is_loopback, serve  # aiohttp and textual-serve load for this command only

    if not is_loopback(options.host) and not options.public:
        print(
            f"gmp-timeline serve: --host {clean_name(options.host)} lets other machines connect: add --public, "
            "and the address to open will hold a secret token (see the README)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if not 0 <= options.port <= 65535:
        print(f"gmp-timeline serve: --port {options.port} is no port (0 to 65535)", file=sys.stderr)
        return EXIT_BAD_INPUT
    given = options.file or options.timeline
    # Read once here: a bad file is reported now rather than in every tab, and the cache that
    # each tab's explorer reads it from is filled.
    timeline = _open(_timeline_path(options))
    if given and not given.is_file():
        print(
            f"gmp-timeline serve: {clean_name(given)}: each tab reads the file again: give a regular file",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        serve(given.resolve() if given else None, timeline.title, options.host, options.port, options.public)
    except CannotListen as error:
        print(f"gmp-timeline serve: {clean_name(error)}", file=sys.stderr)
        return EXIT_FAILED
    return 0


_COMMAND_RUNNERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "verify": _verify,
    "search": _search,
    "export": _export,
    "notes": _notes,
    "serve": _serve,
}


if __name__ == "__main__":
    sys.exit(main())
