"""The search bar: a query typed here filters the timeline as it is typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..session import History

HINT = "Enter keeps the filter · Escape clears it · ↑ ↓ earlier searches · n and N: next and previous match"
WAITING = "Preparing the search index, once for this timeline: the results come when it is ready…"
PLACEHOLDER = 'words, "a phrase", -word, a or b, tag:…, period:…, source:…, from:2017-07 to:2020'


class SearchBar(Vertical):
    """A line to type a query in, and under it the query's error, or a hint.

    It reports what the user does (Changed as they type, Kept on Enter, Cleared on Escape) and
    shows what it is told; the screen runs the search. It is hidden until opened. Enter is a
    priority binding, so that it keeps the filter rather than submit the input.
    """

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        display: none;
        padding: 0 1;
        background: $boost;
        &.-open { display: block; }
        & > Horizontal { height: 1; }
        & .search-bar--prompt { width: 2; color: $text-accent; text-style: bold; }
        & Input { width: 1fr; }
        & > .search-bar--status { color: $foreground-muted; }
        & > .search-bar--status.-error { color: $text-error; }
    }
    """

    BINDINGS = [
        Binding("enter", "keep", "Keep the filter", priority=True, id="search.keep"),
        Binding("escape", "clear", "Clear the search", id="search.clear"),
        Binding("up", "history(-1)", "Earlier search", id="search.earlier"),
        Binding("down", "history(1)", "Later search", id="search.later"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.history = History()
        self._waiting = False

    class Changed(Message):
        """The user changed the query: the screen searches for it."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Kept(Message):
        """Enter: keep the results as the list's filter and go back to the list."""

    class Cleared(Message):
        """Escape: show every event again and close the bar."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("/", classes="search-bar--prompt")
            yield Input(placeholder=PLACEHOLDER, compact=True, select_on_focus=False)
        yield Static(HINT, classes="search-bar--status", markup=False)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def set_text(self, text: str) -> None:
        """Put `text` in the bar without reporting it as typed."""
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = text
        field.cursor_position = len(text)

    def open(self) -> None:
        """Show the bar and put the keyboard in it."""
        self.add_class("-open")
        # At once, not later as `focus()` does, so that keys already queued reach the bar.
        self.screen.set_focus(self.query_one(Input))

    def close(self) -> None:
        self.remove_class("-open")

    def show_error(self, message: str | None) -> None:
        """Show why the query cannot be read, or the hint again (None)."""
        status = self.query_one(".search-bar--status", Static)
        status.update(Content(message or (WAITING if self._waiting else HINT)))
        status.set_class(message is not None, "-error")

    def show_waiting(self, waiting: bool) -> None:
        """Say that searches wait for the index being built (or, False, that they no longer do)."""
        self._waiting = waiting
        if not self.has_error:
            self.show_error(None)

    @property
    def has_error(self) -> bool:
        return self.query_one(".search-bar--status").has_class("-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def action_history(self, direction: int) -> None:
        """Up and Down: the queries kept before, as in a shell; each one searches at once."""
        query = self.history.back(self.text) if direction < 0 else self.history.forward()
        if query is None:
            self.app.bell()
            return
        self.set_text(query)
        self.post_message(self.Changed(query))

    def action_keep(self) -> None:
        # Enter is a priority binding, taken before the keys typed just ahead of it have reached
        # the field (a paste, tmux send-keys): report it from the field's own queue, behind them,
        # so that the screen reads the whole query. It read an empty bar now and then.
        self.query_one(Input).call_later(self.post_message, self.Kept())

    def action_clear(self) -> None:
        self.post_message(self.Cleared())
