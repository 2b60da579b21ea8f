"""Measure gmp-timeline at 1,000, 10,000 and (without --quick) 100,000 and 300,000 events, beside
a bare Textual app, lnav and VisiData, and print a table of figures and one of the goals.

    python benchmarks/run.py --quick     # 1k and 10k events, a few minutes at most
    python benchmarks/run.py             # adds 100k events, the peers, and 300k for the growth
    python benchmarks/run.py --hostile-only

What a user meets is timed in tmux (benchmarks/terminal.py), from starting the command or typing
the key until the text is on tmux's screen, and memory is the explorer process's own, as the
kernel counts it. Each figure is the median of several runs, with the minimum and maximum.
Timelines come from benchmarks/generate.py (seed 1) and are written to a temporary folder, with
the cache, the keys file and the notes; a run leaves nothing behind. lnav and VisiData are
measured where they are on PATH (`lnav`, `vd`). See docs/performance.md for the method.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import pty
import select
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from terminal import Terminal  # noqa: E402

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
        places = 2 if unit == "s" else 1
        shown = [f"{value:.{places}f}" for value in (median, min(values), max(values))]
        self.rows.append((figure, size, f"{shown[0]} {unit}", shown[1], shown[2]))
        print(f"  {figure} [{size}]: {shown[0]} {unit}", file=sys.stderr, flush=True)

    def add_value(self, figure: str, size: str, value: float, unit: str) -> None:
        self.rows.append((figure, size, f"{value:.1f} {unit}", "", ""))
        print(f"  {figure} [{size}]: {value:.1f} {unit}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        lines = ["| figure | events | median | min | max |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines)


class Goals:
    """Each goal of docs/performance.md beside the figure measured for it in this run."""

    FORMATS = {"ms": "{:.0f} ms", "s": "{:.2f} s", "MB": "{:.0f} MB", "x": "{:.2f} x"}

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, str]] = []

    def check(self, goal: str, value: float, limit: float, unit: str) -> None:
        self.rows.append((goal, value, limit, unit))

    def markdown(self) -> str:
        lines = ["| goal | measured | limit | |", "|---|---:|---:|---|"]
        for goal, value, limit, unit in self.rows:
            shown = self.FORMATS[unit]
            verdict = "met" if value <= limit else "missed"
            lines.append(f"| {goal} | {shown.format(value)} | ≤ {shown.format(limit)} | {verdict} |")
        return "\n".join(lines)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


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


def app_environment(folder: Path, cache: str = "off") -> dict[str, str]:
    """The explorer's settings for a measurement: no keys file or notes of the user's, and the
    cache `off` or in the folder named."""
    return {
        "GMP_TIMELINE_CACHE": cache,
        "GMP_TIMELINE_CONFIG": str(folder / "config"),
        "GMP_TIMELINE_NOTES": str(folder / "notes"),
    }


def measure_start_up(table: Table, goals: Goals, runs: int) -> None:
    """From starting the command in tmux until its first screen is drawn there: a bare Textual
    app (the floor) and the explorer on the bundled timeline, alternated run by run."""
    with tempfile.TemporaryDirectory() as folder, Terminal() as terminal:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        environment = app_environment(Path(folder))
        bare_samples: list[float] = []
        app_samples: list[float] = []
        for _ in range(runs):
            for samples, command, marker in (
                (bare_samples, [sys.executable, str(bare)], "benchmark-ready"),
                (app_samples, [sys.executable, "-m", "tui"], "Greater Manchester Police"),
            ):
                samples.append(terminal.wait_for(marker, terminal.start(command, environment)))
    table.add("start-up to first paint, bare Textual app", "-", bare_samples)
    table.add(
        "start-up to first paint, bundled timeline",
        str(len(load_timeline(bundled_timeline_path()).events)),
        app_samples,
    )
    ratio = statistics.median(app_samples) / statistics.median(bare_samples)
    table.add_value("  ratio (bundled / bare)", "-", ratio, "x")
    goals.check("bundled start → first paint, times a bare Textual app", ratio, 1.2, "x")


async def measure_ui(table: Table, timeline, size: str, runs: int) -> None:
    """First paint, and the render time of PageDown and G, in Textual's headless test driver.
    A search's time is measured in tmux, to the frame on the screen (measure_open_in_terminal)."""
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


OPEN_PATHS = ("first open, empty cache (the default)", "cold, cache off", "warm, from the cache")
KEYSTROKES = {
    # The query with its last key held back, the key, and what the screen shows before it.
    "rare word": (generate.RARE_WORD[:-1], generate.RARE_WORD[-1], f"matching '{generate.RARE_WORD[:-1]}'"),
    "common word": (generate.COMMON_WORD[:-1], generate.COMMON_WORD[-1], f"matching '{generate.COMMON_WORD[:-1]}'"),
    "phrase": (f'"{generate.PHRASE}', '"', "is not closed"),
}


Opened = dict[str, tuple[float, float]]
"""For each path of OPEN_PATHS, the median seconds to the list and the most memory after a search."""


def measure_open_in_terminal(
    path: Path, count: int, folder: Path, table: Table, goals: Goals, runs: int, keystrokes: int
) -> Opened:
    """The explorer started in tmux on the file, on each of the three paths: until the first rows
    are on the screen (the longest time without a frame on the way), then a search for the rare
    word typed at once, until its results are on the screen; the explorer's memory then, as the
    kernel counts it for that process alone. On the last run, `keystrokes` times the last key of
    each query of KEYSTROKES, until its results are drawn."""
    size = f"{count:,}"
    command = [sys.executable, "-m", "tui", str(path)]
    opened: Opened = {}
    with Terminal() as terminal:
        for figure in OPEN_PATHS:
            listed, silences, searched, first_search, cached, resident, peak = [], [], [], [], [], [], []
            for run in range(runs):
                cache = {OPEN_PATHS[0]: folder / f"empty-cache-{run}", OPEN_PATHS[1]: "off"}.get(
                    figure, folder / "cache"
                )
                started = terminal.start(command, app_environment(folder, str(cache)))
                seconds, silence = terminal.watch(f"{size} events", started, timeout=600)
                listed.append(seconds)
                silences.append(silence)
                terminal.press("/")
                terminal.wait_for("a phrase", started)
                typed = terminal.type(generate.RARE_WORD)
                first_search.append(terminal.wait_for(f"matching '{generate.RARE_WORD}'", typed))
                searched.append(time.perf_counter() - started)
                if figure == OPEN_PATHS[0]:
                    # The entry is written behind the list, once it is on the screen.
                    cached.append(wait_for_file(Path(cache), "*.msgpack", started))
                memory = terminal.memory()
                resident.append(memory["VmRSS"])
                peak.append(memory["VmHWM"])
                if figure == OPEN_PATHS[0]:
                    shutil.rmtree(cache, ignore_errors=True)  # empty again for the next run
            table.add(f"open in tmux, {figure}: exec to the first rows on screen", size, listed, "s", 1.0)
            table.add(f"open in tmux, {figure}: longest time without a frame on the way", size, silences)
            table.add(f"open in tmux, {figure}: exec to a search's results on screen", size, searched, "s", 1.0)
            table.add(f"open in tmux, {figure}: the first search, typed to results on screen", size, first_search)
            if cached:
                table.add(f"open in tmux, {figure}: exec to the cache entry written", size, cached, "s", 1.0)
            table.add(f"open in tmux, {figure}: memory after the search (resident)", size, resident, "MB", 1.0)
            table.add(f"open in tmux, {figure}: memory at its peak", size, peak, "MB", 1.0)
            opened[figure] = (statistics.median(listed), max(resident))
            if count >= 100_000:
                if figure != OPEN_PATHS[2]:
                    goals.check(f"{size} {figure}: first rows on screen", statistics.median(listed), 1.0, "s")
                    ready = (
                        max(statistics.median(searched), statistics.median(cached))
                        if cached
                        else statistics.median(searched)
                    )
                    goals.check(f"{size} {figure}: checked, searchable, cached", ready, 3.5, "s")
                    goals.check(f"{size} {figure}: longest frame gap", 1000 * max(silences), 100, "ms")
                else:
                    goals.check(f"{size} {figure}: first rows on screen", statistics.median(listed), 1.2, "s")
                goals.check(f"{size} {figure}: first search", 1000 * statistics.median(first_search), 150, "ms")
                goals.check(f"{size} {figure}: memory after a search", max(resident), 400, "MB")
        if keystrokes:
            for name, (before, key, shown_before) in KEYSTROKES.items():
                # Typed at once after Ctrl+U, the query was lost: Textual ran the field's
                # delete-to-start after the keys that followed it. Wait for the empty field.
                terminal.wait_for("a or b, tag:", terminal.press("C-u"))
                terminal.type(before)
                terminal.wait_for(shown_before, time.perf_counter())
                samples = []
                for _ in range(keystrokes):
                    samples.append(terminal.wait_for(f"matching '{before + key}'", terminal.type(key)))
                    terminal.wait_for(shown_before, terminal.press("BSpace"))
                table.add(f"search in tmux, {name}: last key to results on screen (median)", size, samples)
                p95 = statistics.quantiles([sample * 1000 for sample in samples], n=20)[-1]
                table.add_value(f"search in tmux, {name}: last key to results on screen (p95)", size, p95, "ms")
                if count >= 100_000:
                    goals.check(
                        f"{size} keystroke → results, {name} (median)", 1000 * statistics.median(samples), 50, "ms"
                    )
                    goals.check(f"{size} keystroke → results, {name} (p95)", p95, 100, "ms")
    return opened


def wait_for_file(folder: Path, pattern: str, since: float, timeout: float = 120.0) -> float:
    """Seconds from `since` until a file matching `pattern` is in `folder` (looked for every 10 ms)."""
    deadline = time.perf_counter() + timeout
    while not any(folder.glob(pattern)):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no {pattern} in {folder} after {timeout} s")
        time.sleep(0.01)
    return time.perf_counter() - since


def measure_size(count: int, folder: Path, table: Table, goals: Goals, runs: int) -> Opened:
    size = f"{count:,}"
    path = generated(count, folder)
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
    opened = measure_open_in_terminal(path, count, folder, table, goals, load_runs, keystrokes=runs * 4)

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
    exported = timed(lambda: FORMATS["markdown"].render(request), load_runs)
    table.add("export all events to Markdown", size, exported, "s", 1.0)
    if count == 10_000:
        goals.check(f"{size} Markdown export", statistics.median(exported), 0.5, "s")
    asyncio.run(measure_ui(table, timeline, size, 3))
    if count == 100_000:
        measure_peers(count, folder, table, load_runs, opened)
    return opened


def measure_peers(count: int, folder: Path, table: Table, runs: int, opened: Opened) -> None:
    """lnav and VisiData, where they are installed, on the same generated events written as JSON
    Lines (one event a line, which both read as they are): from exec until their first rows are
    on the tmux screen (VisiData: and until it has read every row), then a search for the rare
    word, from Enter until its answer is on the screen (lnav's count of hits; VisiData selects the
    matching rows, `g|`), and the memory then."""
    events = generate.generate(count)["events"]
    lines = folder / f"events-{count}.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for event in events:
            quotes = " ".join(quote["text"] for quote in event.get("quotes", []))
            row = {"date": str(event["date"]), "title": event["title"], "summary": event["summary"], "quotes": quotes}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    size = f"{count:,}"
    word = generate.RARE_WORD
    peers = {
        # lnav opens a file at its end, VisiData at its start, each showing the title cut short.
        "lnav": (["lnav", str(lines)], events[-1]["title"][:15], None, "/", "Search for:", f"hits for “{word}”"),
        "VisiData": (["vd", str(lines)], events[0]["title"][:15], f"{count} rows", "g|", "regex", "selected "),
    }
    with Terminal() as terminal:
        for name, (command, first_rows, all_rows, search, prompt, answer) in peers.items():
            if shutil.which(command[0]) is None:
                print(f"  {name} is not installed: not measured", file=sys.stderr, flush=True)
                continue
            shown, loaded, searched, resident = [], [], [], []
            for _ in range(runs):
                started = terminal.start(command)
                shown.append(terminal.wait_for(first_rows, started, timeout=600))
                if all_rows is not None:
                    loaded.append(terminal.wait_for(all_rows, started, timeout=600))
                terminal.press(search)
                terminal.wait_for(prompt, started)
                terminal.type(word)
                terminal.wait_for(word, started)
                searched.append(terminal.wait_for(answer, terminal.press("Enter")))
                resident.append(terminal.memory()["VmRSS"])
            table.add(f"peer {name}: exec to the first rows on screen", size, shown, "s", 1.0)
            for figure in OPEN_PATHS:
                ratio = opened[figure][0] / statistics.median(shown)
                table.add_value(f"  ratio: the explorer's first rows, {figure} / {name}'s", size, ratio, "x")
            if loaded:
                table.add(f"peer {name}: exec to every row read", size, loaded, "s", 1.0)
            table.add(f"peer {name}: a search for the rare word to its answer on screen", size, searched)
            table.add(f"peer {name}: memory after the search (resident)", size, resident, "MB", 1.0)


def generated(count: int, folder: Path) -> Path:
    path = folder / f"timeline-{count}.yaml"
    print(f"{count:,} events: generating", file=sys.stderr, flush=True)
    generate.main([str(count), "--seed", "1", "-o", str(path)])
    return path


def measure_growth(count: int, folder: Path, table: Table, goals: Goals, at_100k: Opened) -> None:
    """Open and memory at `count` events, once on each path, against the same at 100,000: the
    growth is linear if the time and the memory per event stay as they were (within a fifth)."""
    path = generated(count, folder)
    from tui import cache

    cache.open_timeline(path, smallest_cached=0)  # the entry the warm path reads
    opened = measure_open_in_terminal(path, count, folder, table, goals, 1, keystrokes=0)
    scale = count / 100_000
    for figure in OPEN_PATHS:
        (seconds, megabytes), (base_seconds, base_megabytes) = opened[figure], at_100k[figure]
        goals.check(
            f"{count:,} {figure}: time to the list, per event, times 100,000's",
            seconds / scale / base_seconds,
            1.2,
            "x",
        )
        goals.check(
            f"{count:,} {figure}: memory, per event, times 100,000's", megabytes / scale / base_megabytes, 1.2, "x"
        )


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 events only")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--hostile-only", action="store_true", help="only the keys on the hostile fixtures")
    options = parser.parse_args(list(argv) if argv is not None else None)
    sizes = [1_000, 10_000] if options.quick else [1_000, 10_000, 100_000]
    table = Table()
    goals = Goals()
    if options.hostile_only:
        measure_hostile_keys(table, options.runs)
        print(table.markdown())
        return 0
    print("start-up", file=sys.stderr, flush=True)
    measure_start_up(table, goals, options.runs)
    print("hostile files", file=sys.stderr, flush=True)
    measure_hostile_keys(table, max(options.runs // 2, 1))
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            opened = measure_size(count, Path(folder), table, goals, options.runs)
        if not options.quick:
            measure_growth(300_000, Path(folder), table, goals, opened)
    print(table.markdown())
    print()
    print(goals.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
