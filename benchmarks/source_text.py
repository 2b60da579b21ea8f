"""Time the keys of a source's text (`t` on a source) on a long text.

The bundled timeline's longest source, the 2020 letter (15 KB, 38 quotes), is copied fifteen
times over into a temporary sources folder (230 KB, about the longest text a source is expected
to have) and opened headless at 100x30. `t` is timed through Pilot (an upper bound: Pilot waits
for the app to be idle); every other key directly, as its action plus drawing every visible row.

    .venv/bin/python benchmarks/source_text.py [../shared/sources]
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tui.app import make_app
from tui.loader import bundled_timeline_path, load_timeline
from tui.screens.source import SourceScreen
from tui.widgets.source_text import SourceText

LETTER = "hughes-2020-04-23-letter"
COPIES = 15


async def measure(sources: Path) -> None:
    timeline = load_timeline(bundled_timeline_path())
    with tempfile.TemporaryDirectory() as folder:
        long_texts = Path(folder)
        shutil.copytree(sources, long_texts, dirs_exist_ok=True)
        letter = long_texts / timeline.sources_by_id[LETTER].text_file
        letter.chmod(0o644)
        letter.write_text(letter.read_text(encoding="utf-8") * COPIES, encoding="utf-8")
        app = make_app(timeline, None, sources_dir=long_texts)
        async with app.run_test(size=(100, 30)) as pilot:
            app.open_source(LETTER)
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("t")
            while not (app.screen.query(SourceText) and app.screen.query_one(SourceText).virtual_size.height):
                await pilot.pause()
            print(f"t, to the text laid out (through Pilot): {1000 * (time.perf_counter() - start):.0f} ms")
            text = app.screen.query_one(SourceText)
            screen = app.screen
            assert isinstance(screen, SourceScreen)
            print(f"{len(text.text):,} characters, {len(text.passages)} passages")

            def rewrap() -> None:
                text._width = 0  # as if the terminal had been resized
                text.on_resize()

            keys = [
                ("n", lambda: text.action_passage(1)),
                ("N", lambda: text.action_passage(-1)),
                ("G", lambda: text.action_edge(1)),
                ("N from the end", lambda: text.action_passage(-1)),
                ("PageUp", lambda: text.action_page(-1)),
                ("j", lambda: text.action_scroll(1)),
                ("g", lambda: text.action_edge(-1)),
                ("wrap again (a new width)", rewrap),
            ]
            for name, action in keys:
                start = time.perf_counter()
                action()
                for row in range(text.scrollable_content_region.height):
                    text.render_line(row)
                print(f"{name}: {1000 * (time.perf_counter() - start):.1f} ms")
                await pilot.pause()


if __name__ == "__main__":
    asyncio.run(measure(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/sources")))
