"""Reading what the terminal would show, for assertions about the screen."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App
from textual.strip import Strip
from textual.widget import Widget

SCROLLBAR_BARS = "▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▐▔▕ "


class ScreenReader:
    """Reads what the terminal would show: the composed screen, or the part a widget covers."""

    def strips(self, app: App, widget: Widget | None = None) -> list[Strip]:
        strips = app.screen._compositor.render_strips()
        if widget is None:
            return strips
        region = widget.region
        return [strip.crop(region.x, region.right) for strip in strips[region.y : region.bottom]]

    def text(self, app: App, widget: Widget | None = None) -> str:
        return "\n".join(strip.text for strip in self.strips(app, widget))

    def segments(self, app: App, widget: Widget | None = None) -> list[Segment]:
        return [segment for strip in self.strips(app, widget) for segment in strip]

    def lit(self, app: App, widget: Widget | None = None) -> list[str]:
        """The runs of text drawn in reverse video, as search matches are lit up (not counting
        the bars of scrollbars, which are drawn so too)."""
        runs: list[str] = []
        for strip in self.strips(app, widget):
            run = ""
            for text, style, _ in strip:
                if style is not None and style.reverse:
                    run += text
                elif run:
                    runs.append(run)
                    run = ""
            if run:
                runs.append(run)
        return [run for run in runs if run.strip(SCROLLBAR_BARS)]


def notifications(app: App) -> list[str]:
    """The messages of the notifications the app is showing."""
    return [notification.message for notification in app._notifications]
