"""Timelines for the tests: the hostile files' names, and small fixed timelines built from model
objects for the UI tests.

The snapshot timeline is fixed here, not read from data/timeline.yaml, which is still being
curated and would churn the snapshots. Its content is invented and neutral.
"""

from __future__ import annotations

from pathlib import Path

from tui.dates import PartialDate
from tui.model import Event, Period, Quote, Source, Timeline
from tui.text import clean_text

SOURCE_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"
"""The source texts of the bundled timeline, beside the checkout as CI has them."""
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
"""Hostile timeline files: each either loads, its text made safe, or is refused (REFUSED)."""
REFUSED = [
    "a-list.yaml",
    "alias-bomb.yaml",
    "complex-key.yaml",
    "date-written-in-hex.yaml",
    "deeply-nested.yaml",
    "duplicate-keys.yaml",
    "empty.yaml",
    "not-utf8.yaml",
    "python-object-tag.yaml",
    "raw-escape-in-plain-text.yaml",
    "tag-after-a-colon.yaml",
    "twenty-thousand-unknown-fields.yaml",
]
LOADABLE = sorted(path.name for path in HOSTILE.glob("*.yaml") if path.name not in REFUSED)

LONG_QUOTE = (
    "The inspection found that records were incomplete in a number of cases, that referrals "
    "were not always followed up, and that the guidance given to staff was unclear about who "
    "was responsible for acting on information received from other agencies. The inspectors "
    "recommended that the arrangements be reviewed within six months and that progress be "
    "reported to the board at each of its meetings until the review was complete."
)


def fixture_timeline() -> Timeline:
    sources = (
        Source(
            "inspection-2006",
            "Annual inspection report",
            "report",
            PartialDate(2006, 3),
            publisher="Example Inspectorate",
            url="https://example.org/inspection-2006",
        ),
        Source(
            "hearing-2011",
            "Committee hearing transcript",
            "transcript",
            PartialDate(2011, 5, 12),
            publisher="Example Committee",
        ),
        Source("interview-2012", "Newspaper interview", "article", PartialDate(2012), author="A. Reporter"),
    )
    periods = (
        Period("first-review", "First review period", PartialDate(2004), PartialDate(2008)),
        Period("second-review", "Second review period", PartialDate(2010), PartialDate(2012)),
    )
    events = (
        Event(
            "review-begins",
            PartialDate(2004),
            "Review of case records begins",
            "A review of case records is started.",
            (),
            period="first-review",
            tags=("review",),
        ),
        Event(
            "working-group",
            PartialDate(2005, 6),
            "Working group formed",
            "A working group is set up to coordinate referrals.",
            (Quote("inspection-2006", "The working group met four times in its first year."),),
            period="first-review",
        ),
        Event(
            "inspection-published",
            PartialDate(2006, 3, 14),
            "Inspection report published",
            "The inspectorate publishes its annual report.",
            (
                Quote("inspection-2006", LONG_QUOTE, speaker="Chief Inspector"),
                Quote("inspection-2006", "Progress has been slower than expected."),
            ),
            period="first-review",
            tags=("inspection", "report"),
            people=("Chief Inspector",),
        ),
        Event(
            "concerns-raised",
            PartialDate(2007),
            "Concerns raised internally",
            "Staff raise concerns about how referrals are handled.",
            (),
            approximate=True,
            period="first-review",
            notes="The exact date is not given in the sources.",
        ),
        Event(
            "records-audited",
            PartialDate(2008),
            "Case records audited",
            "An audit of case records runs over two years.",
            (),
            end=PartialDate(2009),
        ),
        Event(
            "second-review",
            PartialDate(2010, 1),
            "Second review opens",
            "A second review is opened.",
            (),
            period="second-review",
        ),
        Event(
            "committee-hearing",
            PartialDate(2011, 5, 12),
            "Committee hearing",
            "A committee hears evidence about the reviews.",
            (
                Quote("hearing-2011", "We accept that mistakes were made.", speaker="Witness A"),
                Quote("hearing-2011", "The recommendations have been implemented.", speaker="Witness B"),
            ),
            period="second-review",
            people=("Witness A", "Witness B"),
        ),
        Event(
            "interview-published",
            PartialDate(2012, 7, 3),
            "Interview published",
            "A newspaper publishes an interview about the reviews.",
            (Quote("interview-2012", "Nobody told us what had been found.", speaker="A parent"),),
            period="second-review",
        ),
        Event(
            "final-report",
            PartialDate(2012, 11),
            "Final report",
            "The final report of the second review is published.",
            (Quote("inspection-2006", "The review is complete."),),
            period="second-review",
        ),
    )
    return Timeline("Fixture timeline", sources, events, periods)


HOSTILE_TITLE = "oops [/] there"
HOSTILE_SUMMARY = "[@click=app.quit]x[/]"
HOSTILE_QUOTE = "[bold]not bold[/bold] \x1b[31mred"
HOSTILE_SOURCE = "[link=https://example.org]source[/link] [/"
HOSTILE_PERIOD = "[reverse]period[/reverse]"


def hostile_timeline() -> Timeline:
    """Untrusted text everywhere, cleaned as the loader cleans it."""
    source = Source(
        "hostile", clean_text(HOSTILE_SOURCE), "report", PartialDate(2010), publisher=clean_text("[i]pub[/i]")
    )
    period = Period("p", clean_text(HOSTILE_PERIOD), PartialDate(2010), PartialDate(2011))
    event = Event(
        "hostile",
        PartialDate(2010, 5),
        clean_text(HOSTILE_TITLE),
        clean_text(HOSTILE_SUMMARY),
        (Quote("hostile", clean_text(HOSTILE_QUOTE), speaker=clean_text("[b]speaker[/b]")),),
        period="p",
        tags=(clean_text("[red]tag[/red]"),),
        people=(clean_text("[@click=app.bell]person[/]"),),
        notes=clean_text("note [/] \x1b]0;title\x07"),
    )
    return Timeline(clean_text("[blink]Title[/blink]"), (source,), (event,), (period,))


def big_timeline(count: int = 100_000) -> Timeline:
    """`count` events, a handful per month from 1925 on, for the speed tests."""
    source = Source("s", "Source", "report", PartialDate(2000))
    quote = (Quote("s", "Quoted words."),)
    events = tuple(
        Event(
            f"e{number}",
            PartialDate(1925 + number // 1200, 1 + number // 100 % 12, 1 + number % 28),
            f"Event number {number}",
            "Summary.",
            quote if number % 3 == 0 else (),
        )
        for number in range(count)
    )
    return Timeline("Big timeline", (source,), events)
