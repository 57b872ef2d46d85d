"""Time: find date expressions in Arabic news and resolve them against the article date.

`find_times(normalized, published)` returns `TimeExpression`s (original-text spans, value
`YYYY`/`YYYY-MM`/`YYYY-MM-DD`); `date_for_event` picks the one that dates an event.
The resolution rules are documented in `rasd.dates.find`.
"""

from rasd.dates.attach import date_for_event
from rasd.dates.find import find_times, parse_published

__all__ = ["date_for_event", "find_times", "parse_published"]
