"""Measure gmp-timeline at 1,000, 10,000 and (without --quick) 100,000 events, and print a table.

    python benchmarks/run.py --quick     # 1k and 10k events, a few minutes at most
    python benchmarks/run.py             # adds 100k events

Each figure is the median of several runs, with the minimum and maximum. Timelines come from
benchmarks/generate.py (seed 1) and are written to a temporary folder; the cache goes to a
temporary folder too, so a run leaves nothing behind. See docs/performance.md for the method.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from tui.export import FORMATS, ExportRequest  # noqa: E402
from tui.loader import bundled_timeline_path, load_timeline  # noqa: E402
from tui.search import SearchIndex, parse_query  # noqa: E402

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("benchmark-ready")

Bare().run()
"""

QUERIES = {
    "rare word": generate.RARE_WORD,
    "common word": generate.COMMON_WORD,
    "phrase": f'"{generate.PHRASE}"',
}


class Table:
    """Rows of (figure, events, median, min, max, unit), printed aligned."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, figure: str, size: str, samples: list[float], unit: str = "ms", scale: float = 1000.0) -> None:
        values = [sample * scale for sample in samples]
        median = statistics.median(values)
        self.rows.append((figure, size, f"{median:.1f} {unit}", f"{min(values):.1f}", f"{max(values):.1f}"))
        print(f"  {figure} [{size}]: {median:.1f} {unit}", file=sys.stderr, flush=True)

    def add_value(self, figure: str, size: str, value: float, unit: str) -> None:
        self.rows.append((figure, size, f"{value:.1f} {unit}", "", ""))
        print(f"  {figure} [{size}]: {value:.1f} {unit}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        lines = ["| figure | events | median | min | max |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def time_to_text(command: list[str], marker: bytes, environment: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from starting `command` in a 100x30 pseudo-terminal until `marker` is drawn."""
    process_id, descriptor = pty.fork()
    if process_id == 0:  # the child becomes the command
        os.execvpe(command[0], command, environment)
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([descriptor], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(descriptor, 65536)
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} was not drawn within {timeout} s")
    finally:
        os.kill(process_id, 9)
        os.waitpid(process_id, 0)
        os.close(descriptor)


KEYS_ON_HOSTILE_FILES: list[tuple[str, bytes, bytes | None]] = [
    ("Enter", b"\r", b"Event "),
    ("j", b"j", None),
    ("k", b"k", None),
    ("]", b"]", None),
    ("Escape", b"\x1b", None),
    ("e", b"e", b"Export"),
    ("Escape", b"\x1b", None),
    ("?", b"?", b"Keys"),
    ("Escape", b"\x1b", None),
    ("/", b"/", b"a phrase"),
    ("x", b"x", None),
    ("Escape", b"\x1b", None),
]
"""Each key, and the text its answer puts on the screen where it opens something (the event's
title bar, the dialog's title, the help's title, the search bar's hint); for a key that moves or
types, its answer is the first frame after it."""
SETTLED = 0.4
"""Seconds without output after which the screen counts as settled: longer than the wait with
which Textual tells a lone Escape from the start of an escape sequence."""


def key_to_answer(descriptor: int, key: bytes, marker: bytes | None, timeout: float = 30.0) -> float:
    """Seconds from writing `key` to the terminal until the frame that answers it has been
    written: the one that holds `marker`, or the first one. Later frames (a scroll's animation,
    a cursor's blink) are not the answer and are not waited for."""
    os.write(descriptor, key)
    start = time.perf_counter()
    seen = b""
    while time.perf_counter() - start < timeout:
        ready, _, _ = select.select([descriptor], [], [], timeout)
        if ready:
            seen += os.read(descriptor, 65536)
            if marker is None or marker in seen:
                return time.perf_counter() - start
    raise RuntimeError(f"no answer to {key!r} within {timeout} s")


def settle(descriptor: int) -> None:
    """Read until the app has written nothing for SETTLED seconds."""
    while select.select([descriptor], [], [], SETTLED)[0]:
        os.read(descriptor, 65536)


def measure_hostile_keys(table: Table, runs: int) -> None:
    """Every key on every loadable hostile fixture answers in a frame: the slowest key's time
    from being typed to the frame that answers it, in a real pseudo-terminal, for each file,
    beside the same keys on the bundled timeline (the peer: what a plain file costs on this
    machine now)."""
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", "GMP_TIMELINE_CACHE": "off"}
    hostile = HERE.parent / "tests" / "fixtures" / "hostile"
    for path in [bundled_timeline_path(), *sorted(hostile.glob("*.yaml"))]:
        try:
            load_timeline(path)
        except Exception:
            continue  # refused before the explorer starts
        slowest = []
        slowest_keys: set[str] = set()
        for _ in range(runs):
            process_id, descriptor = pty.fork()
            if process_id == 0:
                os.execvpe(sys.executable, [sys.executable, "-m", "tui", str(path)], environment)
            try:
                key_to_answer(descriptor, b"", b"Help")  # the first screen
                settle(descriptor)
                times = {}
                for name, key, marker in KEYS_ON_HOSTILE_FILES:
                    taken = key_to_answer(descriptor, key, marker)
                    settle(descriptor)
                    if name != "Escape":  # Textual holds a lone Escape back a moment on purpose
                        times[name] = max(taken, times.get(name, 0.0))
                slowest_key = max(times, key=times.__getitem__)
                slowest.append(times[slowest_key])
                slowest_keys.add(slowest_key)
            finally:
                os.kill(process_id, 9)
                os.waitpid(process_id, 0)
                os.close(descriptor)
        kind = "bundled timeline" if path == bundled_timeline_path() else "hostile file"
        keys = ", ".join(sorted(slowest_keys))
        table.add(f"{kind} {path.name}: slowest key ({keys}) to its answer on screen", "", slowest)


def measure_start_up(table: Table, runs: int) -> None:
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", "GMP_TIMELINE_CACHE": "off"}
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as bare:
        bare.write(BARE_APP)
    app = [sys.executable, "-m", "tui"]
    bare_samples = [time_to_text([sys.executable, bare.name], b"benchmark-ready", environment) for _ in range(runs)]
    app_samples = [time_to_text(app, b"Greater Manchester Police", environment) for _ in range(runs)]
    os.unlink(bare.name)
    table.add("start-up to first paint, bare Textual app", "-", bare_samples)
    table.add(
        "start-up to first paint, bundled timeline",
        str(len(load_timeline(bundled_timeline_path()).events)),
        app_samples,
    )
    table.add_value(
        "  ratio (bundled / bare)", "-", statistics.median(app_samples) / statistics.median(bare_samples), "x"
    )


async def measure_ui(table: Table, timeline, size: str, runs: int) -> None:
    """First paint, and the render time of PageDown and G, in Textual's headless test driver."""
    from tui.app import make_app

    first_paint = []
    for _ in range(runs):
        app = make_app(timeline, None)
        start = time.perf_counter()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            first_paint.append(time.perf_counter() - start)
    table.add("first paint (headless)", size, first_paint)

    from tui.widgets.timeline_list import TimelineList

    app = make_app(timeline, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        timeline_list = app.screen.query_one(TimelineList)
        for action, figure in ((lambda: timeline_list.action_page(1), "PageDown"), (timeline_list.action_last, "G")):
            direct, through_pilot = [], []
            for _ in range(runs * 3):
                timeline_list.action_first()
                await pilot.pause()
                start = time.perf_counter()
                action()
                for y in range(timeline_list.size.height):
                    timeline_list.render_line(y)
                direct.append(time.perf_counter() - start)
                await pilot.press("g")
                await pilot.pause()
                start = time.perf_counter()
                await pilot.press("pagedown" if figure == "PageDown" else "G")
                through_pilot.append(time.perf_counter() - start)
            table.add(f"{figure}: move and render the visible list rows", size, direct)
            table.add(f"{figure}: key to idle through Pilot (upper bound)", size, through_pilot)

        main = app.screen
        main.search_index()  # built once per timeline, in a worker, when the bar first opens
        for name, query in QUERIES.items():
            samples = []
            for _ in range(runs * 4):
                main.search_for("")
                await pilot.pause()
                start = time.perf_counter()
                main.search_for(query)
                while main.filter is None or main.filter.query.text != query:
                    await asyncio.sleep(0.0005)
                for y in range(timeline_list.size.height):
                    timeline_list.render_line(y)
                samples.append(time.perf_counter() - start)
            table.add(f"search in the app, {name}: query to filtered list (median)", size, samples)
            table.add_value(
                f"search in the app, {name}: query to filtered list (p95)",
                size,
                statistics.quantiles([sample * 1000 for sample in samples], n=20)[-1],
                "ms",
            )


def measure_open_in_terminal(path: Path, count: int, cache_folder: Path, table: Table, runs: int) -> None:
    """From starting the explorer on the file until its list is drawn, loading screen and all."""
    size = f"{count:,}"
    marker = f"{size} events".encode()
    command = [sys.executable, "-m", "tui", str(path)]
    for figure, setting in (("cold, no cache", "off"), ("warm, from the cache", str(cache_folder))):
        environment = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            "LINES": "30",
            "GMP_TIMELINE_CACHE": setting,
        }
        samples = [time_to_text(command, marker, environment, timeout=120.0) for _ in range(runs)]
        table.add(f"open in the terminal to the list drawn, {figure}", size, samples, "s", 1.0)


def measure_memory(path: Path, size: str, table: Table) -> None:
    """Resident memory of a process that opens the timeline as the explorer does (the first time,
    so it is parsed and the cache entry written), then builds the search index: "steady" after a
    collection, "peak" the maximum."""
    script = (
        "import gc, resource, sys\n"
        "from tui.cache import open_timeline\n"
        "from tui.search import SearchIndex\n"
        "def resident():\n"
        "    gc.collect()\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 2**20\n"
        f"timeline = open_timeline({str(path)!r})\n"
        "loaded = resident()\n"
        "index = SearchIndex(timeline)\n"
        "indexed = resident()\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(peak, loaded, indexed)\n"
    )
    with tempfile.TemporaryDirectory() as cache_folder:
        environment = {**os.environ, "GMP_TIMELINE_CACHE": cache_folder}
        output = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=environment, cwd=HERE.parent
        )
    peak, loaded, indexed = (float(value) for value in output.stdout.split())
    table.add_value("peak memory (first open + search index)", size, peak, "MB")
    table.add_value("steady memory after load", size, loaded, "MB")
    table.add_value("steady memory after load and search index", size, indexed, "MB")


def measure_size(count: int, folder: Path, table: Table, runs: int) -> None:
    size = f"{count:,}"
    path = folder / f"timeline-{count}.yaml"
    print(f"{size} events: generating", file=sys.stderr, flush=True)
    generate.main([str(count), "--seed", "1", "-o", str(path)])
    load_runs = 3 if count >= 100_000 else runs

    table.add("load YAML, cold (parse + check)", size, timed(lambda: load_timeline(path), load_runs), "s", 1.0)
    from tui import cache

    os.environ["GMP_TIMELINE_CACHE"] = str(folder / "cache")
    cache.open_timeline(path, smallest_cached=0)
    table.add(
        "open, warm (from the cache)",
        size,
        timed(lambda: cache.open_timeline(path, smallest_cached=0), load_runs),
        "s",
        1.0,
    )
    measure_open_in_terminal(path, count, folder / "cache", table, load_runs)

    timeline = load_timeline(path)
    index_samples = timed(lambda: SearchIndex(timeline), 1 if count >= 100_000 else runs)
    table.add("search index build (once per timeline)", size, index_samples, "s", 1.0)
    index = SearchIndex(timeline)
    for name, query in QUERIES.items():
        parsed = parse_query(query)
        samples = timed(lambda parsed=parsed: index.search(parsed), runs * 4)
        table.add(f"search, {name} (median)", size, samples)
        table.add_value(
            f"search, {name} (p95)", size, statistics.quantiles([s * 1000 for s in samples], n=20)[-1], "ms"
        )

    request = ExportRequest(timeline, list(timeline.events), None, None, "", path.name, None)
    table.add(
        "export all events to Markdown", size, timed(lambda: FORMATS["markdown"].render(request), load_runs), "s", 1.0
    )
    asyncio.run(measure_ui(table, timeline, size, 3))
    measure_memory(path, size, table)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 events only")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--hostile-only", action="store_true", help="only the keys on the hostile fixtures")
    options = parser.parse_args(list(argv) if argv is not None else None)
    sizes = [1_000, 10_000] if options.quick else [1_000, 10_000, 100_000]
    table = Table()
    if options.hostile_only:
        measure_hostile_keys(table, options.runs)
        print(table.markdown())
        return 0
    print("start-up", file=sys.stderr, flush=True)
    measure_start_up(table, options.runs)
    print("hostile files", file=sys.stderr, flush=True)
    measure_hostile_keys(table, max(options.runs // 2, 1))
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            measure_size(count, Path(folder), table, options.runs)
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
