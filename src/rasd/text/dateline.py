"""The dateline that opens a wire story: where the bureau filed it, not where events happen.

    دبي، الإمارات العربية المتحدة (CNN) -- …     باريس - أ.ف.ب: …     طرابلس (رويترز) – …

Its places and states must not set the article's country or an event's place, nor act in
its first sentence (the dateline runs into it with no full stop).
"""

from __future__ import annotations

import re

from rasd.model import Span

# Agencies that sign datelines, as written in Arabic wire copy.
_AGENCY = (r"CNN|AFP|Reuters|AP|"
           r"رويترز|أ\s?\.?\s?ف\s?\.?\s?ب|ا\s?\.?\s?ف\s?\.?\s?ب|د\s?\.?\s?ب\s?\.?\s?أ|"
           r"واس|وام|قنا|كونا|سانا|بنا|الأناضول|شينخوا|سبأ|وال|ومال|ماب|تاس|إرنا|"
           r"يو\s?بي\s?آي|أسوشيتد برس|فرانس برس|الألمانية|الفرنسية")
# Place words before the agency: a few words, commas allowed, no sentence punctuation.
_PLACE = r"[^\n.!?؟:()\-–—]{0,60}?"
_DASH = r"(?:-{1,2}|–|—|:)"
_PATTERNS = (
    # دبي، الإمارات العربية المتحدة (CNN) --     (CNN) --     طرابلس (رويترز) -
    re.compile(rf"(?m)^\s*{_PLACE}\s*\(\s*(?:{_AGENCY})\s*\)\s*{_DASH}+"),
    # باريس - أ.ف.ب:     القاهرة – رويترز –
    re.compile(rf"(?m)^\s*{_PLACE}\s*[-–—]\s*(?:{_AGENCY})\s*[:\-–—]"),
)
_LOOK = 300  # characters from the start (a headline line may come first)


def find_dateline(text: str) -> Span | None:
    """The dateline near the start of `text` (place, agency and dash), or None."""
    head = text[:_LOOK]
    for pattern in _PATTERNS:
        m = pattern.search(head)
        if m:
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            return Span(start, m.end(), text[start:m.end()])
    return None
