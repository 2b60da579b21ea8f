"""Generate a synthetic timeline of N events in the real format, for benchmarks and scale tests.

    python benchmarks/generate.py 100000 --seed 1 -o /tmp/timeline-100k.yaml

The text is made-up words, never real claims. Text lengths follow the curated timeline's (a
60-word summary, two 40-word quotes), dates of every precision are spread over 1950-2025, and a
few words occur at known rates so that searches can be measured for a rare word (`zephyrine`,
about one event in 10,000), a common word (`inspection`, about one event in three) and a phrase
(`"independent assurance review"`). Output is YAML, or JSON when the file name ends in `.json`
(or with --json); the same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

RARE_WORD = "zephyrine"
COMMON_WORD = "inspection"
PHRASE = "independent assurance review"
SYLLABLES = ["ba", "re", "ti", "so", "mu", "ka", "le", "no", "vi", "da", "po", "ru", "sha", "ten", "mor", "gal"]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)}
    return sorted(words)[:size]


def _sentence(rng: random.Random, words: list[str], count: int) -> str:
    chosen = [rng.choice(words) for _ in range(count)]
    if rng.random() < 0.33:
        chosen[rng.randrange(count)] = COMMON_WORD
    if rng.random() < 0.0001:
        chosen[rng.randrange(count)] = RARE_WORD
    if rng.random() < 0.02:
        position = rng.randrange(count)
        chosen[position : position + 1] = PHRASE.split()
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def _date(rng: random.Random, year: int) -> str:
    precision = rng.random()
    if precision < 0.15:
        return f"{year}"
    month = rng.randint(1, 12)
    if precision < 0.35:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def generate(count: int, seed: int = 1) -> dict[str, object]:
    """The timeline as plain data, in the shape of the file format."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    sources = [
        {
            "id": f"source-{number}",
            "title": _sentence(rng, words, 8).rstrip("."),
            "publisher": f"Publisher {number % 7}",
            "kind": rng.choice(["news release", "letter", "article", "report", "parliamentary record"]),
            "date": _date(rng, rng.randint(1950, 2025)),
        }
        for number in range(40)
    ]
    periods = []
    for number in range(12):
        start = 1950 + number * 6
        periods.append(
            {
                "id": f"period-{number}",
                "title": f"Period {number}",
                "start": str(start),
                "end": str(start + rng.randint(3, 12)),
            }
        )
    events = []
    for number in range(count):
        year = 1950 + (number * 76) // max(count, 1)
        event: dict[str, object] = {
            "id": f"event-{number}",
            "date": _date(rng, year),
            "title": _sentence(rng, words, rng.randint(6, 12)).rstrip("."),
            "summary": " ".join(_sentence(rng, words, 12) for _ in range(5)),
            "tags": rng.sample(["inspection", "review", "letter", "response", "media", "audit", "national"], 2),
            "quotes": [
                {
                    "source": rng.choice(sources)["id"],
                    "text": " ".join(_sentence(rng, words, 10) for _ in range(4)),
                    "speaker": f"Speaker {rng.randint(1, 300)}",
                }
                for _ in range(2)
            ],
        }
        if rng.random() < 0.05:
            event["approximate"] = True
        if rng.random() < 0.3:
            event["period"] = periods[min((year - 1950) // 6, len(periods) - 1)]["id"]
        if rng.random() < 0.2:
            event["notes"] = _sentence(rng, words, 20)
        events.append(event)
    return {
        "title": f"Synthetic timeline of {count} events (seed {seed})",
        "sources": sources,
        "periods": periods,
        "events": events,
    }


def _yaml_lines(data: dict[str, object]) -> Iterator[str]:
    """YAML written directly: every string as a JSON string, which YAML reads as a double-quoted scalar."""
    yield f"title: {json.dumps(data['title'])}"
    for section in ("sources", "periods", "events"):
        yield f"{section}:"
        for item in data[section]:  # type: ignore[attr-defined]
            first = True
            for key, value in item.items():
                lead = "  - " if first else "    "
                first = False
                if key == "quotes":
                    yield f"{lead}quotes:"
                    for quote in value:
                        yield "      - " + "\n        ".join(f"{k}: {json.dumps(v)}" for k, v in quote.items())
                elif isinstance(value, list):
                    yield f"{lead}{key}: {json.dumps(value)}"
                else:
                    yield f"{lead}{key}: {json.dumps(value)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of events")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--json", action="store_true", help="write JSON (the default for a .json output file)")
    options = parser.parse_args(argv)
    data = generate(options.count, options.seed)
    as_json = options.json or (options.output is not None and options.output.suffix == ".json")
    text = json.dumps(data, ensure_ascii=False) + "\n" if as_json else "\n".join(_yaml_lines(data)) + "\n"
    if options.output is None:
        sys.stdout.write(text)
    else:
        options.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
