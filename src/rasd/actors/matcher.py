"""Find actor mentions in normalised text: aliases, and agent nouns with a nisba or place.

One Aho-Corasick automaton over the normalised aliases, nisba forms, metonyms (واشنطن),
role phrases, agent nouns (قوات، حكومة، مسلحون …) and action nouns (دعم، قصف …) finds every
candidate in one pass; Python then checks word boundaries and proclitics, builds the
composite mentions and keeps the longest non-overlapping ones.

How a match was made (`ActorMatch.how`):

    alias          a name of the actor (حفتر، حكومة الوفاق، الأمم المتحدة)
    metonym        a capital standing for its state (واشنطن، موسكو), not after a preposition
    agent+nisba    an agent noun, up to two modifiers, a nisba (القوات الخاصة التركية → TUR-MIL)
    agent+place    an agent noun before a state or place name (مليشيات طرابلس → LBY REB)
    agent+actor    an agent noun before an actor's name (قوات حفتر → Haftar, sector MIL)
    action+nisba   a nisba after an action noun names the state (الدعم المصري → EGY)
    nationals      a plural nisba on its own names nationals (السوريين، الأتراك → the state)
    role           with `on=DATE`: a role phrase resolved to its holder (رئيس المجلس الرئاسي)

A bare nisba adjective after any other noun (المدن الليبية) is not an actor.
Spans are original offsets; a one-letter proclitic (و ف ب ل ك) is left out, the article kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import ahocorasick

from rasd.actors.dictionary import ActorDictionary, ActorEntry
from rasd.model import Actor
from rasd.text.normalize import Normalized, norm, normalize

# Kinds of automaton payloads.
_ALIAS, _NISBA, _METONYM, _ROLE, _AGENT, _ACTION = range(6)

_PREFIX_ANY = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك"})
_PREFIX_DEF = frozenset({"", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك"})
_PREFIX_LL = frozenset({"", "و", "ف"})
_MAX_PROCLITICS = max(len(p) for p in _PREFIX_ANY | _PREFIX_DEF | _PREFIX_LL)
# Words that end a chain agent → nisba (prepositions, relatives, conjunctions…).
_STOP = frozenset(norm(w) for w in """في من على إلى الى عن مع أن إن أو ثم حتى منذ بين عند لدى ضد عبر نحو
الذي التي الذين اللذين اللتين اللواتي اللاتي هذا هذه ذلك تلك هؤلاء كل بعض غير سوى قبل بعد خلال أمام
وراء حول دون بدون لم لن قد كان كانت ما لا و أي
برصاص بنيران بقذائف بيد بأيدي بواسطة بقيادة""".split())  # (agent markers: متظاهرين برصاص القوات)
# One space, then a word (letters only): the step of `_next_words`.
_SPACE_WORD = re.compile(r" ([^\W\d_]+)")
# Words after which a metonym is a place, not an actor.
_LOCATIVE = frozenset(norm(w) for w in "في من إلى الى عن داخل خارج نحو قرب بين حول شمال جنوب شرق غرب وسط مدينة العاصمة عاصمة".split())
# Words before which an ambiguous alias (مالي "financial") is the country.
_AMBIG_OK = frozenset(norm(w) for w in """في من إلى الى مع عن بين داخل خارج شمال جنوب شرق غرب وسط دولة جمهورية
حكومة جيش رئيس شعب ب و""".split())
# Words that may follow a name where they could not follow a verbal noun's object (فتح إن…).
_AFTER_A_NAME = frozenset(norm(w) for w in ("إن", "أن", "أنها", "التي", "الذي", "ضد", "على", "لدى"))
# Priority of agent sectors when a chain holds several agents (مسلحي المعارضة → REB).
_SECTOR_RANK = {"REB": 0, "MIL": 1, "GOV": 2, "POL": 3, "IGO": 4, "MED": 5, "CIV": 6, "BUS": 7,
                "REL": 8, "NGO": 9, "OTHER": 10}
_HOW_RANK = {"role": 0, "alias": 1, "agent+actor": 2, "agent+place": 3, "agent+nisba": 4,
             "metonym": 5, "action+nisba": 6, "nationals": 7, "agent": 8}
_MAX_GAP = 2


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor mention: original [start, end), the entry it resolves to (None for an ad-hoc
    actor such as مليشيات طرابلس), its country and sector, and how it was found."""

    start: int
    end: int
    text: str
    entry: ActorEntry | None
    how: str
    country: str | None
    sector: str | None
    agent: str | None = None  # the agent noun of a composite match (normalised)
    alternatives: tuple[ActorEntry, ...] = ()  # other entries with the same alias

    @property
    def id(self) -> str | None:
        return self.entry.id if self.entry else None

    def to_actor(self) -> Actor:
        """As the shared data model's `Actor`."""
        e = self.entry
        if e is None:
            return Actor(self.start, self.end, self.text, None, self.text, self.country,
                         self.sector, None)
        return Actor(self.start, self.end, self.text, e.id, e.name, self.country, self.sector,
                     e.kind)


def default_places() -> dict[str, str]:
    """Normalised place name → ISO3 (most populous reading) from rasd's packed gazetteer:
    cities of 100,000 and more, towns of 50,000 and more, admin1 regions, countries."""
    from rasd.geo.packed import read_entries, read_stopnames
    from rasd.resources import data_path

    # Names the gazetteer itself refuses as places (شمال، السلام …) name no place here either.
    stop = {s.key for s in read_stopnames(data_path("geo", "stopnames.tsv"))}
    best: dict[str, tuple[int, str]] = {}
    for e in read_entries(data_path("geo", "places.tsv.gz")):
        if e.kind not in ("city", "admin1", "country", "town") or not e.country:
            continue
        pop = e.population or 0
        if e.kind == "town" and pop < 50_000:
            continue
        if e.kind in ("admin1", "country"):
            pop = max(pop, 10_000_000 if e.kind == "country" else 1_000_000)
        for name_ar in e.names_ar:
            name = norm(name_ar)
            if len(name) >= 3 and name not in stop and (name not in best or pop > best[name][0]):
                best[name] = (pop, e.country)
    return {k: v[1] for k, v in best.items()}


class ActorMatcher:
    """Compiled once from a dictionary; `find` is then cheap and thread-safe."""

    def __init__(self, dictionary: ActorDictionary | None = None, *,
                 places: Mapping[str, str] | None = None, ambiguous: Iterable[str] | None = None,
                 bare_agents: bool = False):
        """`places`: normalised place name → ISO3 for agent + place (default: the gazetteer);
        `bare_agents`: also report agent nouns standing alone (المسلحين → REB, no country)
        with `how='agent'`, for callers that resolve them from context."""
        self.dictionary = d = dictionary or ActorDictionary.default()
        self.bare_agents = bare_agents
        places = default_places() if places is None else places
        # A place name that is also an agent or action noun (الداخلية) is not a place here.
        common = set(d.agents) | set(d.actions)
        common |= {"ال" + w for w in common}
        self.places: Mapping[str, str] = {k: v for k, v in places.items() if k not in common}
        self._max_place_words = max((k.count(" ") + 1 for k in self.places), default=1)
        self._max_place_words = min(self._max_place_words, 3)
        self.ambiguous = frozenset(norm(a) for a in (ambiguous if ambiguous is not None
                                                     else getattr(d, "ambiguous", ())))
        self._not_before_adj = getattr(d, "not_before_adjective", frozenset())
        self._not_before_noun = getattr(d, "not_before_noun", frozenset())
        table: dict[str, list[tuple[int, object]]] = {}

        def add(key: str, kind: int, data: object) -> None:
            if len(key) < 2:
                return
            lst = table.setdefault(key, [])
            if (kind, data) not in lst:
                lst.append((kind, data))

        for e in d:
            for n in e.names:
                add(norm(n), _ALIAS, e.id)
            for m in e.metonyms:
                add(norm(m), _METONYM, e.country)
            for r in e.roles:
                add(r.norm, _ROLE, r.norm)
        for form, iso in d.nisba_forms().items():
            add(form, _NISBA, iso)
        for word, agent in d.agents.items():
            add(word, _AGENT, agent)
            if not word.startswith("ال") and " " not in word:
                add("ال" + word, _AGENT, agent)
        for word in d.actions:
            add(word, _ACTION, word)
            if not word.startswith("ال"):
                add("ال" + word, _ACTION, word)
                if " " not in word and not word.endswith(("ه", "ا", "ى")):
                    add(word + "ا", _ACTION, word)  # indefinite accusative: دعما روسيا
        auto = ahocorasick.Automaton()
        for key, payloads in table.items():
            grouped = self._group(payloads)
            auto.add_word(key, (len(key), 0, key.startswith("ال"), grouped))
            if key.startswith("ال") and len(key) > 3:
                ll = "لل" + key[2:]
                if ll not in table:  # ل + ال is written لل
                    auto.add_word(ll, (len(ll), 1, True, grouped))
        auto.make_automaton()
        self._auto = auto

    def _group(self, payloads: list[tuple[int, object]]) -> tuple:
        """(alias entries, nisba iso, metonym iso, role key, agent, action) for one key."""
        aliases = tuple(self.dictionary.entries[i] for k, i in payloads if k == _ALIAS)  # type: ignore[index]
        nisba = next((x for k, x in payloads if k == _NISBA), None)
        meton = next((x for k, x in payloads if k == _METONYM), None)
        role = next((x for k, x in payloads if k == _ROLE), None)
        agent = next((x for k, x in payloads if k == _AGENT), None)
        action = next((x for k, x in payloads if k == _ACTION), None)
        return aliases, nisba, meton, role, agent, action

    # ------------------------------------------------------------------------------------

    def find_text(self, text: str, on: str | date | None = None,
                  country: str | None = None) -> list[ActorMatch]:
        """`find` on a plain string."""
        return self.find(normalize(text), on=on, country=country)

    def find(self, n: Normalized, on: str | date | None = None,
             country: str | None = None) -> list[ActorMatch]:
        """Actor mentions in `n`, longest first then left to right, without overlaps, sorted
        by start. With `on` (the event or article date) role phrases resolve to their holder;
        `country` (the article's country) restricts role phrases to that country's holders."""
        t = n.text
        size = len(t)
        cands: list[tuple[int, int, int, str, ActorEntry | None, str | None, str | None, str | None, tuple]] = []
        agents: list[tuple[int, int, object, bool]] = []  # (start, end, agent, definite)
        actions: list[tuple[int, int]] = []
        alias_at: dict[int, tuple[int, tuple]] = {}  # start → (end, aliases)
        nisba_hits: list[tuple[int, int, str, str]] = []
        d = self.dictionary
        for end1, (klen, skip, is_def, grouped) in self._auto.iter(t):
            end = end1 + 1
            if end < size and (t[end].isalnum() and t[end] != "_"):
                continue
            s = end - klen
            j = s
            while j > 0 and t[j - 1].isalpha():
                j -= 1
                if s - j > _MAX_PROCLITICS:
                    break
            if s - j > _MAX_PROCLITICS:
                continue  # inside a longer word: no proclitic string is this long
            prefix = t[j:s]
            if skip:
                if prefix not in _PREFIX_LL:
                    continue
            elif is_def:
                if prefix not in _PREFIX_DEF:
                    continue
            elif prefix not in _PREFIX_ANY:
                continue
            s += skip
            aliases, nisba, meton, role, agent, action = grouped
            if aliases:
                surface = t[s:end] if not skip else "ا" + t[s:end]
                if surface in self.ambiguous and not self._ambig_ok(t, j):
                    pass
                elif (surface in self._not_before_adj and self._adjective_follows(t, end)) or (
                        surface in self._not_before_noun and self._object_follows(t, end)):
                    pass
                else:
                    e0 = aliases[0]
                    cands.append((s, end, _HOW_RANK["alias"], "alias", e0, e0.country, e0.sector,
                                  None, aliases[1:]))
                    prev = alias_at.get(s)
                    if prev is None or prev[0] < end:
                        alias_at[s] = (end, aliases)
            if agent is not None and not (agent.not_before and any(
                    w[2] in agent.not_before for w in self._next_words(t, end, 1))) \
                    and not (agent.not_after and self._after_one_of(t, j, prefix,
                                                                     agent.not_after)):
                agents.append((s, end, agent, is_def or bool(skip)))
            if action is not None:
                actions.append((s, end))
            if nisba is not None:
                nisba_hits.append((s, end, nisba, t[s:end] if not skip else "ال" + t[s + 1:end]))
            if meton is not None and prefix in ("", "و", "ف", "ل") and not self._after_locative(t, j):
                st = d.country_entry(meton)  # type: ignore[arg-type]
                cands.append((s, end, _HOW_RANK["metonym"], "metonym", st, meton, None, None, ()))  # type: ignore[arg-type]
            if role is not None and on is not None:
                holder = d.role_holder(role, on, country)  # type: ignore[arg-type]
                if holder is not None:
                    cands.append((s, end, _HOW_RANK["role"], "role", holder, holder.country,
                                  holder.sector, None, ()))
        used_nisba: set[int] = set()
        for s, e, agent, definite_ in agents:
            self._chain(t, s, e, agent, definite_, alias_at, cands, used_nisba, on)
            if self.bare_agents and agent.bare:
                cands.append((s, e, _HOW_RANK["agent"], "agent", None, None,
                              agent.sector, agent.ar, ()))  # type: ignore[attr-defined]
        for s, e in actions:
            self._action(t, e, cands, used_nisba)
        for s, e, ident, form in nisba_hits:
            if s not in used_nisba and d.is_nationals(form):
                ne = d.entries[ident]
                cands.append((s, e, _HOW_RANK["nationals"], "nationals", ne, ne.country, ne.sector,
                              None, ()))
        return self._select(n, cands)

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _prev_word(t: str, j: int) -> str | None:
        """The word before position j (start of a word), or None at a clause boundary."""
        i = j
        while i > 0 and t[i - 1] == " ":
            i -= 1
        if i == j or i == 0 or not t[i - 1].isalpha():
            return None
        k = i
        while k > 0 and t[k - 1].isalpha():
            k -= 1
        return t[k:i]

    def _after_locative(self, t: str, j: int) -> bool:
        if j > 0 and t[j] in "ب" and False:
            return True
        w = self._prev_word(t, j)
        return w is not None and (w in _LOCATIVE)

    def _adjective_follows(self, t: str, end: int) -> bool:
        """True when the next word is an adjective: a nisba or a definite -يه word."""
        nxt = self._next_words(t, end, 1)
        if not nxt:
            return False
        w = nxt[0][2]
        return w in self.dictionary.nisba_forms() or (w.startswith("ال") and w.endswith(("يه", "ي")))

    def _object_follows(self, t: str, end: int) -> bool:
        """Whether a word other than a preposition or a conjunct follows at once: the alias
        is a verbal noun with its object (فتح الممرات، فتح النار), not the name (فتح وحماس،
        فتح في الضفة)."""
        nxt = self._next_words(t, end, 1)
        return bool(nxt) and nxt[0][0] == end + 1 and nxt[0][2] not in _AMBIG_OK \
            and nxt[0][2] not in _AFTER_A_NAME and not nxt[0][2].startswith("و")

    def _ambig_ok(self, t: str, j: int) -> bool:
        """An ambiguous alias counts at a clause start, after a preposition or a word such
        as شمال / جمهورية, or after an agent noun (عناصر القاعدة)."""
        w = self._prev_word(t, j)
        if w is None or w in _AMBIG_OK:
            return True
        ag = self.dictionary.agents
        for x in (w, w[1:] if len(w) > 3 and w[0] in "وفبل" else w):
            if x in ag or (x.startswith("ال") and x[2:] in ag) or x in ("تنظيم", "زعيم", "فرع"):
                return True
        return False

    @staticmethod
    def _after_one_of(t: str, j: int, prefix: str, words: frozenset[str]) -> bool:
        """Whether the word before position j (where a mention's proclitics begin) is one of
        `words`, or its proclitic is one of them written with a dash (ب-)."""
        if prefix and prefix.removesuffix("ال") + "-" in words:
            return True
        if j < 2 or t[j - 1] != " ":
            return False
        return t[t.rfind(" ", 0, j - 1) + 1:j - 1] in words

    def _next_words(self, t: str, pos: int, k: int) -> list[tuple[int, int, str]]:
        """Up to k words after pos separated by single spaces (no punctuation between)."""
        out: list[tuple[int, int, str]] = []
        size = len(t)
        i = pos
        while len(out) < k:
            m = _SPACE_WORD.match(t, i)
            if m is None:
                break
            s, i = m.span(1)
            if i < size and t[i].isdigit():
                break
            out.append((s, i, m.group(1)))
        return out

    def _chain(self, t: str, s: int, e: int, agent: object, definite_: bool,
               alias_at: dict[int, tuple[int, tuple]], cands: list, used: set[int],
               on: str | date | None) -> None:
        d = self.dictionary
        words = self._next_words(t, e, _MAX_GAP + 2)
        if not words:
            return
        chain_agents = [agent]
        nisba_words = d.nisba_forms()
        # Agent + actor name / state name / place, adjacent (idafa): قوات حفتر، مليشيات طرابلس.
        # A definite agent is in no idafa: in "اتهم الوزير إيران" the name is the object.
        hit = None if definite_ else alias_at.get(words[0][0])
        if hit is not None:
            aend, aliases = hit
            ent = aliases[0]
            sector = agent.sector  # type: ignore[attr-defined]
            if ent.type == "state":
                g = d.generic(ent.country, agent.suffix or _default_suffix(sector))  # type: ignore[attr-defined]
                cands.append((s, aend, _HOW_RANK["agent+place"], "agent+place", g, ent.country,
                              sector, agent.ar, ()))  # type: ignore[attr-defined]
            elif not agent.person:  # type: ignore[attr-defined]
                cands.append((s, aend, _HOW_RANK["agent+actor"], "agent+actor", ent, ent.country,
                              sector, agent.ar, ()))  # type: ignore[attr-defined]
        elif self.places and not definite_:
            key = ""
            for k, (ws, we, w) in enumerate(words[: self._max_place_words]):
                key = w if k == 0 else key + " " + w
                iso = self.places.get(key)
                if iso is not None and key not in nisba_words and key not in _STOP:
                    sector = agent.sector  # type: ignore[attr-defined]
                    g = d.generic(iso, agent.suffix or _default_suffix(sector))  # type: ignore[attr-defined]
                    cands.append((s, we, _HOW_RANK["agent+place"], "agent+place", g, iso, sector,
                                  agent.ar, ()))  # type: ignore[attr-defined]
        # Agent + modifiers + nisba: القوات الخاصة التركية، وزير الخارجية الأمريكي.
        gap = 0
        seen_def = definite_
        for k, (ws, we, w) in enumerate(words):
            ident = nisba_words.get(w)
            if ident is None and k + 1 < len(words):
                two = w + " " + words[k + 1][2]  # a two-word nisba: الكوري الجنوبي
                if two in nisba_words:
                    ident, we = nisba_words[two], words[k + 1][1]
            if ident is not None and definite_ and k == 0 and w.endswith(("ين", "ون")) \
                    and t[s:e].endswith(("ه", "ة", "ات")):
                # الوكالة الحوثيين: a masculine plural does not agree with a feminine or
                # non-human head, so it is the verb's next argument (اتهمت الوكالة الحوثيين)
                return
            if ident is not None:
                ne = d.entries[ident]
                best = min(chain_agents, key=lambda a: _SECTOR_RANK.get(a.sector, 99))  # type: ignore[attr-defined]
                sector = best.sector  # type: ignore[attr-defined]
                suffix = next((a.suffix for a in reversed(chain_agents)  # type: ignore[attr-defined]
                               if a.sector == sector and a.suffix), None)  # type: ignore[attr-defined]
                if ne.type == "state":
                    g = d.generic(ne.country, suffix or _default_suffix(sector))
                else:
                    g, sector = ne, ne.sector
                used.add(ws)
                cands.append((s, we, _HOW_RANK["agent+nisba"], "agent+nisba", g, ne.country, sector,
                              agent.ar, ()))  # type: ignore[attr-defined]
                return
            if w in _STOP:
                return
            a2 = d.agents.get(w) or (d.agents.get(w[2:]) if w.startswith("ال") else None)
            is_def_w = w.startswith("ال")
            if a2 is not None:
                chain_agents.append(a2)
            else:
                gap += 1
                if gap > _MAX_GAP:
                    return
            if is_def_w:
                seen_def = True
            elif seen_def:
                return

    def _action(self, t: str, e: int, cands: list, used: set[int]) -> None:
        d = self.dictionary
        nisba_words = d.nisba_forms()
        words = self._next_words(t, e, _MAX_GAP + 1)
        for k, (ws, we, w) in enumerate(words):
            ident = nisba_words.get(w)
            if ident is not None:
                if ws in used:
                    return
                used.add(ws)
                ne = d.entries[ident]
                cands.append((ws, we, _HOW_RANK["action+nisba"], "action+nisba", ne, ne.country,
                               ne.sector, None, ()))
                return
            if w in _STOP or not w.startswith("ال") or d.agents.get(w[2:]) or d.agents.get(w):
                return

    @staticmethod
    def _select(n: Normalized, cands: list) -> list[ActorMatch]:
        if not cands:
            return []
        cands.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
        taken = bytearray(len(n.text) + 1)  # 1 where a chosen match lies
        out: list[ActorMatch] = []
        orig = n.original
        for s, e, _rank, how, entry, country, sector, agent, alts in cands:
            if taken.find(1, s, e) != -1:
                continue
            taken[s:e] = b"\x01" * (e - s)
            os_, oe = n.span(s, e)
            out.append(ActorMatch(os_, oe, orig[os_:oe], entry, how, country, sector, agent, alts))
        out.sort(key=lambda m: m.start)
        return out


def _default_suffix(sector: str | None) -> str | None:
    """Agents of these sectors resolve to the generated organ ISO3-MIL / ISO3-GOV."""
    return sector if sector in ("MIL", "GOV") else None
