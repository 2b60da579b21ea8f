"""The Textual app: the screen stack, the app-wide keys and the command palette."""

from __future__ import annotations

import asyncio
import datetime
import io
import re
import signal
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen

from .errors import TimelineError
from .keymap import keys_file, read_keymap
from .model import EventPosition, Timeline
from .navigation import QuoteRef, RowLayout
from .notes import MarksAndNotes, open_marks_and_notes
from .screens.main import MainScreen
from .screens.messages import OpenEvent, OpenSource
from .text import clean_name
from .widgets.event_detail import EventDetail
from .widgets.search_bar import SearchBar
from .widgets.timeline_list import TimelineList

if TYPE_CHECKING:
    from textual.command import Provider

    from .screens.help import HelpGroup
    from .screens.loading import LoadingScreen

END_ON_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the explorer as `q` does."""
_FONT_FROM_ANOTHER_HOST = re.compile(r""",\s*url\(["']?https?://[^)]*\)\s*format\(["'][^"']*["']\)""")
"""A web font in the `src` of an @font-face rule of Rich's SVG, which it takes from a CDN."""

# The screens the app does not open on are imported when first opened, and the palette's
# commands when it is first shown: start-up is held to a bare Textual app's (docs/performance.md).


def _timeline_commands() -> type[Provider]:
    from .commands import TimelineCommands

    return TimelineCommands


class TimelineApp(App[None]):
    """Explore one timeline: the list, then events, then sources, each a screen above the last.

    Escape backs out one screen at a time. The palette's jumps (to a year, a period, an event)
    land on the timeline list from wherever they are made.
    """

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_timeline_commands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
        Binding("ctrl+z", "suspend_process", "Suspend (fg comes back)", show=False, id="app.suspend"),
    ]

    row_layout: RowLayout
    """The timeline and its row layout; set once it is loaded."""
    marks: MarksAndNotes
    """The reader's marks and notes on it; opened with it."""

    def __init__(
        self,
        timeline: Timeline | None,
        source_path: str | None = None,
        sources_dir: Path | None = None,
        notes_path: Path | None = None,
    ) -> None:
        """Explore `timeline`, or, when it is None, load it from `source_path` behind a progress
        bar; `sources_dir` holds the source texts, which source screens can show (None: none);
        `notes_path`: the store of marks and notes named with `--notes`, if any."""
        super().__init__()
        self.source_path = source_path
        self.readers_keys: dict[str, str] = {}
        """The keys the reader's keys file gives actions, by binding id (see `use_readers_keys`)."""
        self.sources_dir = sources_dir
        self.notes_path = notes_path
        self.load_error: Exception | None = None
        """Why the timeline could not be loaded, for the command line to report once the app has closed."""
        if timeline is not None:
            self._use(RowLayout(timeline))
        else:
            assert source_path is not None
            self.title = clean_name(Path(source_path).name)

    def get_driver_class(self) -> type[Driver]:
        driver_class = super().get_driver_class()
        # textual-serve names Textual's WebDriver, which that call imports; a terminal's process
        # never loads it.
        web_driver = sys.modules.get("textual.drivers.web_driver")
        if web_driver is not None and driver_class is web_driver.WebDriver:
            from .web_driver import WholeWritesWebDriver

            return WholeWritesWebDriver
        return driver_class

    def _use(self, layout: RowLayout) -> None:
        self.row_layout = layout
        self.title = layout.timeline.title
        self.marks = open_marks_and_notes(layout.timeline, self.source_path, self.notes_path)

    @property
    def is_loaded(self) -> bool:
        return hasattr(self, "row_layout")

    def get_default_screen(self) -> Screen:
        if not self.is_loaded:
            from .screens.loading import LoadingScreen

            assert self.source_path is not None
            return LoadingScreen(Path(self.source_path))
        return self._main_screen()

    def _main_screen(self) -> MainScreen:
        return MainScreen(
            self.row_layout, self.marks, clean_name(Path(self.source_path).name) if self.source_path else None
        )

    def on_loading_screen_loaded(self, message: LoadingScreen.Loaded) -> None:
        self._use(message.row_layout)
        # The timeline gets a mode of its own, so that its screen stack starts at the main
        # screen as it does when the timeline was given; the loading screen (and a help screen
        # opened over it) stay behind in the default mode, never shown again.
        self.add_mode("timeline", self._main_screen)
        self.switch_mode("timeline")
        # Behind the list: encoding the entry holds the interpreter for half a second at 100,000
        # events. Started later (once the search is ready), it made the first search wait longer.
        self.call_after_refresh(message.write_cache_entry)

    def on_mount(self) -> None:
        if self.is_headless:
            return  # tests: the test runner's own process keeps its signals
        loop = asyncio.get_running_loop()
        for number in END_ON_SIGNALS:
            loop.add_signal_handler(number, self._end_on_signal, number)
        self.app_resume_signal.subscribe(self, self._repaint_after_resume)

    def _end_on_signal(self, number: int) -> None:
        """SIGTERM or SIGHUP: end as `q` ends, so that the terminal is given back as it was (out of
        the alternate screen, mouse reporting off, the cursor shown) and not left for the shell."""
        self.exit(return_code=128 + number)

    def _repaint_after_resume(self, app: App[None]) -> None:
        """Back from Ctrl+Z (or SIGTSTP) and `fg`: draw the screen again at once, not at the next key."""
        self.screen.refresh(layout=True)
        self.refresh(repaint=True, layout=True)

    async def on_event(self, event: events.Event) -> None:
        # A key still on its way (queued, or bubbling up from a widget) when the app has closed
        # its screens on the way out has nowhere to go: Textual would ask for the top screen and
        # raise ScreenStackError. Seen when Pilot's run_test shuts the app down with keys queued.
        if isinstance(event, events.Key) and not self.screen_stack:
            return
        await super().on_event(event)

    def on_loading_screen_failed(self, message: LoadingScreen.Failed) -> None:
        self.load_error = message.error
        self.exit()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .screens.palette import TimelinePalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App is invariant in its result type
            # No id, unlike Textual's own: a palette just closed stays registered under its id
            # for a moment, and Ctrl+P, Escape, Ctrl+P in one read raised DuplicateIds.
            self.push_screen(TimelinePalette())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The palette's commands all work on the timeline, which a loading app does not have yet.
        return self.is_loaded or action != "command_palette"

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def _back_to_list(self) -> MainScreen:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        return self.main_screen

    def show_in_list(self, position: EventPosition) -> None:
        """Close every screen above the list and put its cursor on the event at `position`."""
        self._back_to_list().show_event(position)

    def show_year(self, year: int) -> None:
        """Close every screen above the list and put its cursor on the first event of `year`."""
        self._back_to_list().show_year(year)

    def filter_by(self, query: str) -> None:
        """Close every screen above the list and filter it by `query` (the palette's filters)."""
        self._back_to_list().search_for(query)

    def select_span_by_dates(self) -> None:
        self._back_to_list().select_span_by_dates()

    def open_export(self) -> None:
        self._back_to_list().action_export()

    @cached_property
    def tags(self) -> list[str]:
        """Every tag of the timeline once, in alphabetical order: the palette offers each as a
        filter. Gathered when the palette first asks."""
        return sorted({tag for event in self.row_layout.timeline.events for tag in event.tags}, key=str.casefold)

    def open_source(self, source: str, quote: QuoteRef | None = None) -> None:
        from .screens.source import SourceScreen

        self.push_screen(SourceScreen(self.row_layout, source, quote, self.sources_dir))

    def on_open_event(self, message: OpenEvent) -> None:
        """An event opened from a source: it steps through every event, whatever the list's
        filter, and lights up the search's words as the list does."""
        from .screens.event import EventScreen

        main = self.main_screen
        self.push_screen(EventScreen(main.whole_view, message.event, self.marks, main.lit, message.quote))

    def on_open_source(self, message: OpenSource) -> None:
        if message.source in self.row_layout.timeline.sources_by_id:
            self.open_source(message.source, message.quote)
        else:
            self.notify("This quote's source is not in the timeline's list of sources.", severity="warning")

    def on_main_screen_opened_later_imported(self) -> None:
        self.use_readers_keys()

    def use_readers_keys(self) -> None:
        """Give the actions the keys the reader's keys file says (see `keymap`); a file that cannot
        be used whole is reported, and the explorer's own keys stay."""
        try:
            self.readers_keys = read_keymap(keys_file(), self.action_ids())
            self.set_keymap(self.readers_keys)
        except TimelineError as error:
            self.notify(
                f"{error}\nThe explorer's own keys are used.",
                title="Keys file not used",
                severity="error",
                markup=False,
                timeout=30,
            )

    def action_ids(self) -> set[str]:
        """The id of every binding that can be given other keys (README, "Your own keys")."""
        from .screens.confirm import ConfirmScreen
        from .screens.export import ExportScreen
        from .screens.loading import LoadingScreen
        from .screens.span import SpanScreen
        from .widgets.choices import Choices

        classes = [node_class for _, group in self.help_groups() for node_class in group]
        classes += [ExportScreen, SpanScreen, ConfirmScreen, Choices, LoadingScreen]
        bindings = [
            binding
            for node_class in classes
            for base in node_class.__mro__
            for binding in getattr(base, "BINDINGS", ())
        ]
        return {binding.id for binding in bindings if isinstance(binding, Binding) and binding.id}

    def help_groups(self) -> list[HelpGroup]:
        """The help screen's groups, broadest first (see HelpScreen)."""
        from .screens.event import EventScreen
        from .screens.help import HelpScreen
        from .screens.note import NoteScreen
        from .screens.source import SourceScreen
        from .widgets.quotes import QuoteCard, QuoteScroll
        from .widgets.source_text import SourceText

        return [
            ("Everywhere", [type(self), Screen]),
            ("Timeline", [MainScreen, TimelineList]),
            ("Detail pane (Tab goes to it and back)", [EventDetail]),
            ("Search bar", [SearchBar]),
            ("Event", [EventScreen]),
            ("Source", [SourceScreen]),
            ("Source text (t on a source)", [SourceText]),
            ("Quotes (event and source screens)", [QuoteScroll, QuoteCard]),
            ("Your note (the editor)", [NoteScreen]),
            ("Help", [HelpScreen]),
        ]

    def watch_app_focus(self, focus: bool) -> None:
        """Focus what the screen would have focused, if nothing has focus when the app gets it.

        In a browser, Textual starts the app unfocused (the page may not have the focus) and
        focuses nothing when it composes a screen meanwhile; when the page gets the focus,
        Textual gives it back only to a widget that had it. So the timeline list was never
        focused, and Enter, j and k did nothing until the reader clicked in the list.
        """
        screen = self.screen
        auto_focus = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if not focus or screen.focused is not None or not auto_focus:
            return
        widget = next((widget for widget in screen.query(auto_focus) if widget.focusable), None)
        if widget is not None:
            screen.set_focus(widget, scroll_visible=False)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Textual's screenshot (the palette's Screenshot command), as a file whose name is safe
        in a download, and which asks nothing of another host when a browser opens it.

        Textual names the file after the app's title, which is the timeline's: in a browser
        (`gmp-timeline serve`), its comma broke the download's Content-Disposition header and
        Chromium refused it (ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION), and a letter
        outside ASCII would too. And Rich's SVG loads its font from a CDN: without it, the
        font is the reader's own Fira Code, or their monospace.
        """
        from .screens.export import download_name

        stamp = datetime.datetime.now().strftime(time_format or "%Y-%m-%d-%H%M%S")
        svg = _FONT_FROM_ANOTHER_HOST.sub("", self.export_screenshot())
        return self.deliver_text(
            io.StringIO(svg),
            save_directory=path,
            save_filename=download_name(filename or f"gmp-timeline-screenshot-{stamp}.svg"),
            open_method="browser",
            mime_type="image/svg+xml",
            name="screenshot",
        )

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        notes = [f"Your own keys: {clean_name(keys_file())} (README, Your own keys, lists the actions)."]
        if self.source_path:
            notes.append(f"Timeline file: {clean_name(self.source_path)}")
        self.push_screen(HelpScreen(self.help_groups(), "\n".join(notes), self.readers_keys))


def make_app(
    timeline: Timeline,
    source_path: str | None = None,
    *,
    sources_dir: Path | None = None,
    notes_path: Path | None = None,
) -> TimelineApp:
    """Build the app for a timeline; the CLI and the tests both start here. `sources_dir`: the
    folder of its source texts, if known; `notes_path`: the store of marks and notes to use
    (`--notes FILE`) instead of the timeline's own."""
    return TimelineApp(timeline, source_path, sources_dir, notes_path)


def make_loading_app(path: Path, *, sources_dir: Path | None = None, notes_path: Path | None = None) -> TimelineApp:
    """Build the app for a timeline file still to be read: it opens on a progress bar and loads
    the file in a worker. After `run()`, `load_error` holds why the file could not be loaded."""
    return TimelineApp(None, str(path), sources_dir, notes_path)
