"""Find date expressions in an article and resolve them against its publication date.

`find_times(normalized, published)` scans the normalised text with the one combined regex
of `rasd.dates.lexicon`, checks each match in context, resolves it, and reports spans of
the *original* text. Resolution rules (the gold scorer accepts a finer system date under a
coarser gold date but not the reverse, so each expression gets the finest granularity its
wording supports and no finer):

- Full dates ("8 أكتوبر 2018", "15 رمضان 1440 هـ", "2019/08/06", "06/08/2019") → day;
  numeric dates are year-first when the first number has four digits, otherwise day-first
  (Arabic news never writes month-first). Hijri dates are converted with hijridate.
- Month + year ("أكتوبر 2018", "شهر نوفمبر من عام 2011") → month; a Hijri month without a day
  → the Gregorian month holding its 15th day.
- Day + month without a year → the latest such date on or before publication; a month
  without a year → the latest such month on or before the publication month; except that
  this year's date (month) is taken when it lies at most two months ahead: scheduled
  events ("الانتخابات المقررة في 18 آذار") are named without a year, while a date almost a
  year back usually gets one or الماضي. After the month, الماضي/المنصرم/الفارط… = the last
  such month (date) strictly before publication, المقبل/القادم = the next one strictly
  after, الجاري/الحالي = the publication year's. Hijri months without a year use the Hijri
  year current at publication, by the same rules.
- A month without a day or a year needs context (في، منذ، خلال، مطلع، شهر، a twin name, a
  modifier), and a day-month without a year after an event noun is a name, not a date
  (ثورة 25 يناير، هجمات 11 سبتمبر، عدوان تموز): both are skipped. Names that are also
  ordinary words (مارس، ماي، آب، رجب، صفر…) need such context or a day number; صفر needs
  a year, شهر, a twin name or a modifier.
- Years ("عام 2011", "في 2014", "منتصف عام 2014") → year; a bare four-digit number is a year
  only after a context word (في، منذ، خلال، حتى…) and between 1900 and 2100.
- Day words (أمس، أول أمس، اليوم، الليلة الماضية، غدا، صباح اليوم، مساء أمس) → day.
- Weekdays (الخميس، يوم الإثنين، مساء الجمعة) → the latest such day on or before publication;
  with الماضي strictly before, with المقبل/القادم strictly after → day.
- Weeks (الأسبوع الماضي/الجاري/المقبل, هذا الأسبوع, قبل أسبوع, منذ أسبوعين): the text gives no
  day, so no day value (it would be a guess, and a wrong day never matches); the value is
  the month of the date 7×n days before (after, for المقبل) publication, month
  granularity. "Last week" in early March thus gives February, the month most of that
  week lies in; a week inside one month gives that month. (The dev gold codes "قبل أسبوع"
  in an article of 7 April as March.)
- Relative months (الشهر الماضي/الجاري/المقبل، مطلع الشهر الجاري، منذ شهرين) → month; a day
  number with such a month ("العاشر من الشهر الجاري") → day.
- Relative years (العام الماضي/الجاري/المقبل، السنة الماضية، منذ عامين) → year; a Hijri year
  alone ("عام 1440 هـ") → the Gregorian year its middle falls in; years in words
  ("عام ألفين وخمسة عشر") are read for 2000-2099.
- "منذ/قبل N أيام" → the day N days before, day granularity; a bare plural ("منذ أيام")
  is vague: the month of 3 days before, month granularity.
- Part-of-period words (نهاية، مطلع، أواخر، منتصف…) stay in the span but do not change the
  value: "نهاية جويلية الفارط" is July.

`relative` is True whenever the publication date was needed to resolve the expression
(including a month or a day-month without a year); `value` is None then if `published`
is None. Spans leave out proclitics (و، ف، ب، ل) and the context words before a date
(في، منذ), and include the parts, modifiers, twin month names (نيسان/أبريل) and era marks.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

from rasd.dates.lexicon import Lexicon, lexicon
from rasd.model import TimeExpression
from rasd.text.normalize import Normalized

_PREV_WORD = re.compile(r"(?<!\w)(\w+)\s+$")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_MIN_YEAR, _MAX_YEAR = 1000, 2100
_MIN_BARE_YEAR = 1900
_MAX_AGO = 100  # "منذ 300 يوم" is a count, not a date
_HIJRI_YEARS = (1343, 1500)  # the range hijridate converts
_AHEAD_DAYS = 61  # how far ahead a date without a year may lie (see _pick_year)
# "في مثل هذا اليوم من عام 2001", "في نفس اليوم من عام 1980": the publication day, that year.
_SAME_DAY = re.compile(r"(?<!\w)(?:(?:نفس|ذات|مثل هذا|مثل) اليوم|اليوم (?:نفسه|ذاته)) من\s+$")
# "الحرب المستمرة منذ 17 عاما": after these, منذ + years/months is how long a state has
# lasted, not when an event happened.
_ONGOING = frozenset({"المستمره", "المستمر", "مستمره", "مستمر", "الدائره", "الدائر",
                      "القائمه", "القائم", "الجاريه", "المتواصله", "المتواصل", "متواصله",
                      "الممتده", "الممتد", "تستمر", "يستمر", "استمرت", "استمر", "تتواصل",
                      "يتواصل", "تدور", "يدور"})

# (value, granularity, relative, span start, span end or None for the match end), in
# normalised offsets; None rejects the match.
_Resolved = tuple[str | None, str, bool, int, int | None] | None


def parse_published(published: str | None) -> date | None:
    """The publication date as a `date`; None when absent or not YYYY-MM-DD."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 30), start)
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, min(len(text), end + 30))
    return m.group(1) if m else ""


def _in(word: str, words: frozenset[str]) -> bool:
    """`word`, or `word` without a و/ف and/or ب/ل proclitic, is one of `words`."""
    if word in words:
        return True
    if len(word) > 2 and word[0] in "وف":
        word = word[1:]
        if word in words:
            return True
    return len(word) > 2 and word[0] in "بل" and word[1:] in words


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _valid_day(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _pick_year(month: int, day: int | None, ref: tuple[int, int, int], mod: str | None) -> int:
    """The year of `month` (`day`) relative to the reference (y, m, d), in either calendar.

    past: the last one strictly before the reference; future: the next one strictly
    after; current: the reference year. No modifier: the latest on or before the
    reference, unless this year's lies at most `_AHEAD_DAYS` days (two months) ahead:
    scheduled events (elections, summits, deadlines) are named without a year, while a
    date almost a year back usually gets one (or الماضي).
    """
    ry, rm, rd = ref
    if mod == "current":
        return ry
    if day is None:
        key, rkey = (month,), (rm,)
        ahead = (month - rm) * 30
    else:
        key, rkey = (month, day), (rm, rd)
        ahead = (month - rm) * 30 + (day - rd)
    if mod == "past":
        return ry if key < rkey else ry - 1
    if mod == "future":
        return ry if key > rkey else ry + 1
    if key <= rkey or ahead <= _AHEAD_DAYS:
        return ry
    return ry - 1


def _hijri_value(year: int, month: int, day: int | None) -> tuple[str | None, str]:
    """Gregorian value of a Hijri date (day) or month (month of its 15th day)."""
    try:
        if day is not None:
            return Hijri(year, month, day).to_gregorian().isoformat(), "day"
        g = Hijri(year, month, 15).to_gregorian()
        return _ym(g.year, g.month), "month"
    except (OverflowError, ValueError):
        return None, "day" if day is not None else "month"


def _hijri_year_for_gregorian(gyear: int, month: int) -> int | None:
    """The Hijri year whose `month` (mid-month) falls in Gregorian `gyear`."""
    try:
        h0 = Gregorian(gyear, 1, 1).to_hijri().year
        for hy in (h0, h0 + 1):
            if Hijri(hy, month, 15).to_gregorian().year == gyear:
                return hy
    except (OverflowError, ValueError):
        return None
    return None


class _Scanner:
    """Resolves the matches of one article (holds the text, the date and the lexicon)."""

    def __init__(self, text: str, pub: date | None, lex: Lexicon) -> None:
        self.text = text
        self.pub = pub
        self.lex = lex
        self.prev_end = -10  # end of the last accepted expression (normalised offsets)

    # -- helpers ----------------------------------------------------------------------
    def _mod(self, word: str | None) -> str | None:
        if not word:
            return None
        return self.lex.modifiers.get(" ".join(word.split()))

    def _left_context(self, start: int) -> bool:
        return _in(_prev_word(self.text, start), self.lex.context_before)

    # -- alternatives -----------------------------------------------------------------
    def numeric(self, m: re.Match[str]) -> _Resolved:
        n1, n2, n3 = m.group("n1"), m.group("n2"), m.group("n3")
        if len(n1) == 4 and len(n3) <= 2:
            y, mo, d = int(n1), int(n2), int(n3)
        elif len(n3) == 4 and len(n1) <= 2:
            d, mo, y = int(n1), int(n2), int(n3)
        else:
            return None
        era = m.group("era0")
        start = m.start("num")
        if (era is not None and " ".join(era.split()) in self.lex.hijri_era) or \
                _HIJRI_YEARS[0] <= y <= _HIJRI_YEARS[1]:
            # 12/2/1439هـ: a Hijri date
            if not (1 <= mo <= 12 and 1 <= d <= 30):
                return None
            value, _ = _hijri_value(y, mo, d)
            return (value, "day", False, start, None) if value else None
        if not (_MIN_BARE_YEAR <= y <= _MAX_YEAR and 1 <= mo <= 12) or not _valid_day(y, mo, d):
            return None
        return f"{y:04d}-{mo:02d}-{d:02d}", "day", False, start, None

    def day_month(self, m: re.Match[str]) -> _Resolved:
        lex = self.lex
        name = " ".join(m.group("mon").split())
        name2 = " ".join(m.group("mon2").split()) if m.group("mon2") else None
        hijri = name in lex.hijri_months
        month = lex.hijri_months[name] if hijri else lex.greg_months[name]
        if name2 is not None:
            month2 = lex.hijri_months.get(name2) or lex.greg_months.get(name2)
            if month2 != month or name2 == name or (name2 in lex.hijri_months) != hijri:
                name2 = None  # "مارس ماي", "صفر - صفر" are no twin names: read the first alone
        day: int | None = None
        if m.group("dnum"):
            day = int(m.group("dnum"))
        elif m.group("dord"):
            day = lex.ordinals[" ".join(m.group("dord").split())]
        yr: int | None = None
        if m.group("yr"):
            yr = int(m.group("yr"))
        elif m.group("yrw"):
            yr = lex.year_numbers[" ".join(m.group("yrw").split())]
        mmod_word = m.group("mmod")
        mod = self._mod(mmod_word)
        ymod = self._mod(m.group("ymod"))
        ythis = m.group("ythis") is not None

        start = m.start("dm")
        end: int | None = None
        if name2 is None and m.group("mon2"):
            # "يونيو - يوليو" is a range, not a twin name: read the first month alone
            end = m.end("mon")
            yr, mmod_word, mod, ymod, ythis = None, None, None, None, False
        # Context: a month without a day or year, or an ambiguous name (ماي، مارس، آب),
        # counts only with a sign that it is a date (see months.yaml).
        strong = bool(m.group("shahr") or name2 or yr or mmod_word or ymod or ythis)
        if not strong:
            context = bool(m.group("pre1")) or self._left_context(m.start())
            if name in lex.strict:
                return None
            if day is None and not context:
                return None
            if name in lex.ambiguous and not (context or day is not None):
                return None
        if yr is None and _in(_prev_word(self.text, m.start()), lex.named_event_heads):
            return None  # ثورة 25 يناير، هجمات 11 سبتمبر: a name, not a date
        if day is not None and not (1 <= day <= 31):
            return None
        era = m.group("era")
        is_hijri_year = era is not None and " ".join(era.split()) in lex.hijri_era
        pub = self.pub

        if hijri:
            if yr is not None:
                hy: int | None = yr
                if not is_hijri_year and yr >= _MIN_BARE_YEAR:
                    hy = _hijri_year_for_gregorian(yr, month)
                if hy is None:
                    return None, "day" if day is not None else "month", False, start, end
                value, gran = _hijri_value(hy, month, day)
                return value, gran, False, start, end
            if pub is None:
                return None, "day" if day is not None else "month", True, start, end
            try:
                h = Gregorian(pub.year, pub.month, pub.day).to_hijri()
            except (OverflowError, ValueError):
                return None, "day" if day is not None else "month", True, start, end
            ref = (h.year, h.month, h.day)
            if ymod or ythis:
                hy = ref[0] + _year_shift(ymod)
            else:
                hy = _pick_year(month, day, ref, mod)
            value, gran = _hijri_value(hy, month, day)
            return value, gran, True, start, end

        if yr is not None:
            if is_hijri_year or not (_MIN_YEAR <= yr <= _MAX_YEAR):
                return None  # "مايو 1440 هـ" is not a date we can read
            if day is not None:
                if not _valid_day(yr, month, day):
                    return None
                return f"{yr:04d}-{month:02d}-{day:02d}", "day", False, start, end
            return _ym(yr, month), "month", False, start, end
        gran = "day" if day is not None else "month"
        if pub is None:
            return None, gran, True, start, end
        if ymod or ythis:
            y = pub.year + (_year_shift(ymod) if ymod else 0)
        else:
            y = _pick_year(month, day, (pub.year, pub.month, pub.day), mod)
        if day is not None:
            if not _valid_day(y, month, day):
                return None
            return f"{y:04d}-{month:02d}-{day:02d}", "day", True, start, end
        return _ym(y, month), "month", True, start, end

    def period(self, m: re.Match[str]) -> _Resolved:
        lex = self.lex
        unit_word = " ".join(m.group("unit").split())
        kind = lex.periods[unit_word]
        mod = self._mod(m.group("pmod"))
        this = m.group("this") is not None
        pre = m.group("pre2") is not None
        day: int | None = None
        if m.group("pdnum"):
            day = int(m.group("pdnum"))
        elif m.group("pdord"):
            day = lex.ordinals[" ".join(m.group("pdord").split())]
        if not (mod or this or pre):
            return None  # a bare الشهر / العام is not a date
        if day is not None and kind != "month":
            return None
        # المدعي العام السابق، الأمين العام المقبل: العام is the adjective "general"
        if kind == "year" and not (this or pre) and \
                _in(_prev_word(self.text, m.start("unit")), lex.year_adjective_heads):
            return None
        start = m.start("per")
        gran = {"week": "month", "month": "month", "year": "year"}[kind]
        if day is not None:
            gran = "day"
        pub = self.pub
        if pub is None:
            return None, gran, True, start, None
        shift = _year_shift(mod) if mod else 0
        if kind == "week":
            d = pub + timedelta(days=7 * shift)
            return _ym(d.year, d.month), "month", True, start, None
        if kind == "month":
            y, mo = _shift_month(pub.year, pub.month, shift)
            if day is not None:
                if not _valid_day(y, mo, day):
                    return None
                return f"{y:04d}-{mo:02d}-{day:02d}", "day", True, start, None
            return _ym(y, mo), "month", True, start, None
        return f"{pub.year + shift:04d}", "year", True, start, None

    def year(self, m: re.Match[str]) -> _Resolved:
        start = m.start("yr_alt")
        if m.group("yw"):  # عام ألفين وخمسة عشر
            return f"{self.lex.year_numbers[' '.join(m.group('yw').split())]:04d}", "year", \
                False, start, None
        y = int(m.group("y"))
        kw = m.group("ykw")
        pre = m.group("pre3")
        era = m.group("era2")
        same_day = _SAME_DAY.search(self.text, max(0, start - 30), start)
        if same_day and kw and self.pub is not None and _valid_day(y, self.pub.month,
                                                                    self.pub.day):
            return (f"{y:04d}-{self.pub.month:02d}-{self.pub.day:02d}", "day", True,
                    same_day.start(), None)
        is_hijri = era is not None and " ".join(era.split()) in self.lex.hijri_era
        if is_hijri:
            try:
                return f"{Hijri(y, 7, 1).to_gregorian().year:04d}", "year", False, start, None
            except (OverflowError, ValueError):
                return None
        if kw or pre:
            if not (_MIN_YEAR <= y <= _MAX_YEAR):
                return None
        else:
            if not (_MIN_BARE_YEAR <= y <= _MAX_YEAR):
                return None
            # "عامي 2014 و2015": the second year of a pair follows the first directly.
            follows_year = (m.group("cl").startswith("و") and m.start() - self.prev_end <= 2) \
                or (_prev_word(self.text, m.start()) == "و" and m.start() - self.prev_end <= 4)
            if not (follows_year or _in(_prev_word(self.text, m.start()), self.lex.year_context)):
                return None
        return f"{y:04d}", "year", False, start, None

    def day_word(self, m: re.Match[str]) -> _Resolved:
        lex = self.lex
        rw = " ".join(m.group("rw").split())
        cl = m.group("cl")
        if "ل" in cl or ("ب" in cl and rw != "الامس"):
            return None  # لليوم الثالث، باليوم الوطني: not "today"
        if rw in ("اليوم", "الليله") and not m.group("wd1") and not m.group("dp"):
            if _in(_next_word(self.text, m.end("rw")), lex.not_today_after):
                return None
            if _prev_word(self.text, m.start()) in lex.not_today_before:
                return None
        start = m.start("rel")
        if self.pub is None:
            return None, "day", True, start, None
        d = self.pub + timedelta(days=lex.day_words[rw])
        return d.isoformat(), "day", True, start, None

    def weekday(self, m: re.Match[str]) -> _Resolved:
        lex = self.lex
        wd = lex.weekdays[m.group("wd")]
        not_after = lex.weekday_not_after.get(wd)
        if not_after and _next_word(self.text, m.end("wd")) in not_after:
            return None  # الأحد عشر "eleven"
        not_before = lex.weekday_not_before.get(wd)
        if not_before and m.start("wd") == m.start("wk") and \
                _prev_word(self.text, m.start()) in not_before:
            return None  # بين الاثنين "between the two"
        mod = self._mod(m.group("wmod"))
        start = m.start("wk")
        pub = self.pub
        if pub is None:
            return None, "day", True, start, None
        if mod == "future":
            delta = (wd - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day", True, start, None
        delta = (pub.weekday() - wd) % 7
        if mod == "past" and delta == 0:
            delta = 7
        return (pub - timedelta(days=delta)).isoformat(), "day", True, start, None

    def ago(self, m: re.Match[str]) -> _Resolved:
        lex = self.lex
        unit, number_form = lex.units[" ".join(m.group("aunit").split())]
        anum = m.group("anum")
        vague = False
        if anum is None:
            if number_form == "one":
                n = 1
            elif number_form == "two":
                n = 2
            elif unit in lex.vague_counts:
                n, vague = lex.vague_counts[unit], True
            else:
                return None  # منذ سنوات: too vague to date
        elif anum.isdigit():
            n = int(anum)
        else:
            word = " ".join(anum.split())
            if word in lex.vague_numbers:
                if unit not in lex.vague_counts:
                    return None
                n, vague = lex.vague_counts[unit], True
            else:
                n = lex.cardinals[word]
        if not (0 < n <= _MAX_AGO):
            return None
        start = m.start("ago")
        if unit in ("month", "year"):
            before = self.text[max(0, start - 30):start].split()[-2:]
            if any(w in _ONGOING for w in before):
                return None
        gran = {"day": "month" if vague else "day", "week": "month", "month": "month",
                "year": "year"}[unit]
        pub = self.pub
        if pub is None:
            return None, gran, True, start, None
        if unit in ("day", "week"):
            d = pub - timedelta(days=n * (7 if unit == "week" else 1))
            if gran == "day":
                return d.isoformat(), "day", True, start, None
            return _ym(d.year, d.month), "month", True, start, None
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            return _ym(y, mo), "month", True, start, None
        return f"{pub.year - n:04d}", "year", True, start, None


def _year_shift(kind: str | None) -> int:
    return {"past": -1, "future": 1}.get(kind or "", 0)


def find_times(n: Normalized, published: str | None) -> list[TimeExpression]:
    """Date expressions of the text behind `n`, resolved against `published` (YYYY-MM-DD).

    Sorted by start, non-overlapping, with spans into the original text.
    """
    lex = lexicon()
    text = n.text
    scanner = _Scanner(text, parse_published(published), lex)
    dispatch = (
        ("num", scanner.numeric), ("dm", scanner.day_month), ("yr_alt", scanner.year),
        ("per", scanner.period), ("rel", scanner.day_word), ("wk", scanner.weekday),
        ("ago", scanner.ago),
    )
    out: list[TimeExpression] = []
    search = lex.regex.search
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            break
        resolved: _Resolved = None
        for group, handler in dispatch:
            if m.start(group) >= 0:
                resolved = handler(m)
                break
        if resolved is None:
            # Not a date here; look again from the next character (the next word start,
            # since a match must begin at one), so a shorter reading is not lost.
            pos = m.start() + 1
            continue
        value, gran, relative, start, span_end = resolved
        end = m.end() if span_end is None else span_end
        ostart, oend = n.span(start, end)
        out.append(TimeExpression(ostart, oend, n.original[ostart:oend], value, gran, relative))
        scanner.prev_end = end
        pos = end
    return out
