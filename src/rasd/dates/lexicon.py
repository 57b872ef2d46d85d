"""The date lexicon and the one combined regex that finds date expressions.

The word lists live in `rasd/data/dates/*.yaml` (month names of every system, weekdays,
number and ordinal words, the relative-expression lexicon); this module loads them once,
normalises every entry the way the text is normalised (`rasd.text.norm`), and compiles a
single regex over the *normalised* text. Word lists become trie-shaped alternations
(ربيع الاول|ربيع الاخر → ربيع\\s+(?:الاول|الاخر)) because Python's regex engine tries
alternatives one by one: sharing prefixes keeps the scan of a whole article cheap.

The regex is a grammar of top-level alternatives, each a named group (`num`, `dm`, `per`,
`yr_alt`, `rel`, `wk`, `ago`); `rasd.dates.find` decides, per match, whether it really is a
date (context checks for ambiguous words) and what it means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from rasd.text.normalize import norm

@dataclass(frozen=True, slots=True)
class Lexicon:
    """Normalised word lists (for resolving matches) and the compiled grammar."""

    regex: re.Pattern[str]
    greg_months: dict[str, int]  # normalised name -> month number
    hijri_months: dict[str, int]
    ambiguous: frozenset[str]  # month names that need context
    strict: frozenset[str]  # ... and for which a day number / context word is not enough
    weekdays: dict[str, int]  # normalised name -> Python weekday (Monday = 0)
    weekday_not_after: dict[int, frozenset[str]]  # weekday -> words after it that unmake it
    weekday_not_before: dict[int, frozenset[str]]
    cardinals: dict[str, int]
    year_numbers: dict[str, int]  # "الفين وخمسه عشر" -> 2015 (space-normalised keys)
    ordinals: dict[str, int]
    day_words: dict[str, int]  # normalised phrase -> offset in days
    not_today_after: frozenset[str]
    not_today_before: frozenset[str]
    modifiers: dict[str, str]  # normalised modifier -> "past" / "current" / "future"
    periods: dict[str, str]  # normalised period word -> "week" / "month" / "year"
    year_adjective_heads: frozenset[str]
    units: dict[str, tuple[str, str]]  # normalised unit word -> (unit, "one"/"two"/"many")
    vague_counts: dict[str, int]  # unit -> count a bare plural stands for
    vague_numbers: frozenset[str]
    context_before: frozenset[str]
    year_context: frozenset[str]  # words before a bare four-digit year that make it one
    named_event_heads: frozenset[str]
    hijri_era: frozenset[str]


def _load(name: str) -> dict[str, Any]:
    path = resources.files("rasd").joinpath("data", "dates", name)
    with path.open("r", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"rasd/data/dates/{name}: expected a mapping at top level")
    return data


def _norm_all(words: Iterable[Any]) -> list[str]:
    return [norm(str(w)) for w in words]


def _numbered(table: dict[Any, list[Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, names in table.items():
        for name in _norm_all(names):
            out[name] = int(number)
    return out


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of `words` shaped as a trie; a space matches any whitespace run.

    Longer words win over their prefixes because an optional continuation is tried first
    (greedy) and callers put a word-end check after the group.
    """
    root: dict[str, Any] = {}
    for w in set(words):
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # end-of-word marker

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            atom = r"\s+" if ch == " " else re.escape(ch)
            branches.append(atom + emit(node[ch]))
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return emit(root)


def _year_numbers(numbers: dict[str, Any], cardinals: dict[str, int]) -> dict[str, int]:
    """Years in words: thousand [و (unit | teen | tens | unit و tens)]."""
    units = {w: v for w, v in cardinals.items() if v < 10}
    teens = _numbered(numbers["teens"])
    tens = _numbered(numbers["tens"])
    below_100: dict[str, int] = {**units, **teens, **tens}
    for u, uv in units.items():
        for t, tv in tens.items():
            if tv >= 20:
                below_100[f"{u} و{t}"] = uv + tv
    out: dict[str, int] = {}
    for thousand, value in _numbered(numbers["year_thousands"]).items():
        out[thousand] = value
        for words, n in below_100.items():
            out[f"{thousand} و{words}"] = value + n
    return out


def _group(words: Iterable[str]) -> str:
    return "(?:" + trie_pattern(words) + ")"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the data files and compile the grammar (once per process)."""
    months = _load("months.yaml")
    weekdays_d = _load("weekdays.yaml")
    numbers = _load("numbers.yaml")
    rel = _load("relative.yaml")

    greg = _numbered(months["gregorian"])
    hijri = _numbered(months["hijri"])
    weekdays = _numbered(weekdays_d["weekdays"])
    cardinals = _numbered(numbers["cardinals"])
    ordinals = _numbered(numbers["ordinals"])
    year_numbers = _year_numbers(numbers, cardinals)
    day_words = {norm(str(k)): int(v) for k, v in rel["days"].items()}
    modifiers: dict[str, str] = {}
    for kind, words in rel["modifiers"].items():
        for w in _norm_all(words):
            modifiers[w] = str(kind)
    epithets = _norm_all(rel["month_epithets"])
    periods = {w: str(kind) for kind, words in rel["periods"].items() for w in _norm_all(words)}
    units: dict[str, tuple[str, str]] = {}
    vague_counts: dict[str, int] = {}
    for unit, forms in rel["units"].items():
        for number_form in ("one", "two", "many"):
            for w in _norm_all(forms.get(number_form, [])):
                units[w] = (str(unit), number_form)
        if "vague_count" in forms:
            vague_counts[str(unit)] = int(forms["vague_count"])
    era = rel["era"]
    hijri_era = _norm_all(era["hijri"])
    all_era = hijri_era + _norm_all(era["gregorian"])

    # --- the grammar (over normalised text) -------------------------------------------
    end = r"(?!\w)"
    mon = _group(list(greg) + list(hijri)) + end
    wd = _group(weekdays) + end
    mods = _group(list(modifiers)) + end
    mods_or_epithets = _group(list(modifiers) + epithets) + end
    parts = _group(_norm_all(rel["parts"])) + end
    ords = _group(ordinals) + end
    dayparts = _group(_norm_all(rel["dayparts"])) + end
    this = _group(_norm_all(rel["this"])) + end
    year_words = _group(_norm_all(rel["year_words"])) + end
    year_periods = _group(_norm_all(rel["periods"]["year"])) + end
    era_p = _group(all_era) + end
    period_words = _group(list(periods)) + end
    rel_words = _group(list(day_words)) + end
    ago_words = _group(_norm_all(rel["ago"])) + end
    count_words = _group(list(cardinals) + _norm_all(rel["vague_numbers"])) + end
    unit_words = _group(list(units)) + end
    ago_not_after = _group(_norm_all(rel["ago_not_after"]) + ["امس", "الامس"]
                           + list(weekdays)) + end
    year = r"[0-9]{4}(?![0-9])"
    year_in_words = _group(year_numbers) + end

    alternatives = [
        # 2019/08/06, 06/08/2019, 6-8-2019, 6.8.2019
        rf"(?P<num>(?P<n1>[0-9]{{1,4}})(?P<sep>[/.\-])(?P<n2>[0-9]{{1,2}})(?P=sep)"
        rf"(?P<n3>[0-9]{{1,4}})(?![0-9])(?:\s*(?P<era0>{era_p}))?)",
        # [weekday،] [part] [day [من]] [شهر] month[/month] [year [era] | من العام الماضي] [mod]
        rf"(?P<dm>(?:(?:يوم\s+)?(?P<wd0>{wd})\s*,?\s*(?:الموافق\s+)?)?"
        rf"(?:(?P<pre1>{parts})\s+)?"
        rf"(?:(?:يوم\s+)?(?:(?:ال\s?)?(?P<dnum>[0-9]{{1,2}})(?![0-9])|(?P<dord>{ords}))"
        rf"\s*(?:من\s+)?)?"
        rf"(?:(?P<shahr>شهر|شهري){end}\s*)?"
        rf"(?P<mon>{mon})"
        rf"(?:(?:\s*[/(\-]\s*|\s+)(?P<mon2>{mon})(?:\s*\))?)?"
        rf"(?:\s*,?\s*(?:من\s+)?(?:{year_words}\s*)?(?P<yr>{year})(?:\s*(?P<era>{era_p}))?"
        rf"|\s+(?:من\s+)?{year_words}\s*(?P<yrw>{year_in_words})"
        rf"|\s+(?:من\s+)?(?:(?P<ythis>{this})\s+{year_periods}"
        rf"|{year_periods}\s+(?P<ymod>{mods})))?"
        rf"(?:\s+(?P<mmod>{mods_or_epithets}))?)",
        # [part] [عام] 2014 [era] (before the period words, so "العام 2014" is a year)
        rf"(?P<yr_alt>(?:(?P<pre3>{parts})\s+)?(?:(?P<ykw>{year_words})\s*)?(?P<y>{year})"
        rf"(?:\s*(?P<era2>{era_p}))?|(?:(?P<pre4>{parts})\s+)?{year_words}\s*"
        rf"(?P<yw>{year_in_words}))",
        # [day من] [part] [هذا] الشهر|الاسبوع|العام [mod]
        rf"(?P<per>(?:(?:(?:ال\s?)?(?P<pdnum>[0-9]{{1,2}})(?![0-9])|(?P<pdord>{ords}))"
        rf"\s+(?:من\s+)?)?"
        rf"(?:(?P<pre2>{parts})\s+)?(?:(?P<this>{this})\s+)?(?P<unit>{period_words})"
        rf"(?:\s+(?P<pmod>{mods}))?)",
        # [daypart] أمس|اليوم|… [، الخميس]
        rf"(?P<rel>(?:(?P<dp>{dayparts})\s+)?(?P<rw>{rel_words})"
        rf"(?:\s*,?\s*\(?\s*(?:يوم\s+)?(?P<wd1>{wd})(?:\s*\))?)?)",
        # [daypart] [يوم] الخميس [الماضي]
        rf"(?P<wk>(?:(?P<dp2>{dayparts})\s+)?(?:(?:يوم|يومي){end}\s*)?(?P<wd>{wd})"
        rf"(?:\s+(?P<wmod>{mods}))?)",
        # منذ|قبل [ثلاثة] أيام
        rf"(?P<ago>(?P<agow>{ago_words})\s+(?:(?P<anum>[0-9]{{1,3}}(?![0-9])|{count_words})\s*)?"
        rf"(?P<aunit>{unit_words})(?!\s*[0-9])(?!\s+{ago_not_after})(?!\s+{year_in_words}))",
    ]
    # The first word of every alternative: a lookahead on these (one trie) rejects almost
    # every word of an article at once, before the alternatives are tried one by one.
    heads = {w.split()[0] for w in (
        list(greg) + list(hijri) + list(weekdays) + list(ordinals) + list(day_words)
        + list(periods) + _norm_all(rel["parts"]) + _norm_all(rel["dayparts"])
        + _norm_all(rel["this"]) + _norm_all(rel["year_words"]) + _norm_all(rel["ago"])
        + ["يوم", "يومي", "شهر", "شهري"])}
    head = "(?:" + trie_pattern(heads) + end + r"|(?:ال\s?)?[0-9])"
    # A date starts at a word start; و/ف and ب/ل proclitics are allowed (بتموز، والسبت)
    # and kept out of the span (group `cl`).
    pattern = (r"(?<!\w)(?=[وف]?[بل]?" + head + r")(?P<cl>[وف]?[بل]?)(?:"
               + "|".join(alternatives) + ")")
    regex = re.compile(pattern)

    return Lexicon(
        regex=regex,
        greg_months=greg,
        hijri_months=hijri,
        ambiguous=frozenset(_norm_all(months["ambiguous"])),
        strict=frozenset(_norm_all(months["strict"])),
        weekdays=weekdays,
        weekday_not_after={weekdays[norm(k)]: frozenset(_norm_all(v.get("after", [])))
                           for k, v in weekdays_d["not_a_day"].items()},
        weekday_not_before={weekdays[norm(k)]: frozenset(_norm_all(v.get("before", [])))
                            for k, v in weekdays_d["not_a_day"].items()},
        cardinals=cardinals,
        year_numbers=year_numbers,
        ordinals=ordinals,
        day_words=day_words,
        not_today_after=frozenset(_norm_all(rel["not_today_after"])),
        not_today_before=frozenset(_norm_all(rel["not_today_before"])),
        modifiers=modifiers,
        periods=periods,
        year_adjective_heads=frozenset(_norm_all(rel["year_adjective_heads"])),
        units=units,
        vague_counts=vague_counts,
        vague_numbers=frozenset(_norm_all(rel["vague_numbers"])),
        context_before=frozenset(_norm_all(rel["context_before"])),
        named_event_heads=frozenset(_norm_all(rel["named_event_heads"])),
        year_context=frozenset(_norm_all(rel["context_before"]) + _norm_all(rel["year_context"])
                               + _norm_all(rel["named_event_heads"])),
        hijri_era=frozenset(hijri_era),
    )
