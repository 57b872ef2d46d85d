"""The pipeline in one screen: text → entities → places → actors → time → events.

Places come before actors because the article's country (given, or inferred from its
places) resolves role phrases such as محافظ المصرف المركزي.

Each stage is a callable `Document -> Document` with a `name`; stages load their
dictionaries and models once, when the pipeline is built. `Pipeline.pipe` streams records,
records per-record failures (id, stage, reason) in `Pipeline.failures`, and goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rasd.errors import InputError, RasdError
from rasd.model import Document


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


def default_stages(actor_dirs: Sequence[Path] = ()) -> list[Stage]:
    """The stages of the full pipeline, in data-flow order."""
    from rasd.events import EventStage
    from rasd.text.stage import TextStage

    stages: list[Stage] = [TextStage()]
    for factory in _MIDDLE_STAGES:
        stages.append(factory(actor_dirs))
    stages.append(EventStage())
    return stages


def _ner(_: Sequence[Path]) -> Stage:
    from rasd.ner.stage import NerStage
    return NerStage()


def _actors(actor_dirs: Sequence[Path]) -> Stage:
    from rasd.actors.stage import ActorStage
    return ActorStage(actor_dirs)


def _geo(_: Sequence[Path]) -> Stage:
    from rasd.geo.stage import GeoStage
    return GeoStage()


def _dates(_: Sequence[Path]) -> Stage:
    from rasd.dates.stage import DateStage
    return DateStage()


_MIDDLE_STAGES = (_ner, _geo, _actors, _dates)


@dataclass(frozen=True, slots=True)
class Failure:
    id: str
    stage: str
    reason: str


def to_document(record: str | Mapping[str, Any], country: str | None = None) -> Document:
    """A Document from a string or a record with `text` (+ id, published, source, url)."""
    if isinstance(record, str):
        return Document(text=record, country=country)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("record has no 'text' string")
    return Document(
        text=text, id=str(record.get("id") or ""), published=record.get("published") or None,
        source=record.get("source"), url=record.get("url"),
        country=record.get("country") or country,
    )


class Pipeline:
    """Loads every dictionary and model once; call it on a text, or `pipe` many records."""

    def __init__(self, stages: Sequence[Stage] | None = None, *,
                 actor_dirs: Sequence[str | Path] = ()) -> None:
        self.stages: list[Stage] = (list(stages) if stages is not None
                                    else default_stages([Path(d) for d in actor_dirs]))
        self.failures: list[Failure] = []

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, record: str | Mapping[str, Any] | Document, *,
                 published: str | None = None, country: str | None = None) -> Document:
        doc = record if isinstance(record, Document) else to_document(record, country)
        if published and not doc.published:
            doc = Document(text=doc.text, id=doc.id, published=published, source=doc.source,
                           url=doc.url, country=doc.country)
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(self, records: Iterable[str | Mapping[str, Any] | Document], *,
             batch_size: int = 64, country: str | None = None) -> Iterator[Document]:
        """Stream documents; a record that fails is recorded in `failures` and skipped."""
        del batch_size  # stages work per document; kept for spaCy-style call sites
        for n, record in enumerate(records):
            try:
                doc = record if isinstance(record, Document) else to_document(record, country)
            except RasdError as exc:
                rid = record.get("id", str(n)) if isinstance(record, Mapping) else str(n)
                self.failures.append(Failure(str(rid), "input", str(exc)))
                continue
            stage_name = "input"
            try:
                for stage in self.stages:
                    stage_name = stage.name
                    doc = stage(doc)
            except RasdError as exc:
                self.failures.append(Failure(doc.id or str(n), stage_name, str(exc)))
                continue
            yield doc


_DEFAULT: Pipeline | None = None


def extract(text: str, published: str | None = None, country: str | None = None,
            *, id: str = "", source: str | None = None) -> Document:
    """Code one article: `rasd.extract(text, published="2019-08-06", country="LBY")`."""
    global _DEFAULT  # one lazily built default pipeline, so repeated calls load nothing twice
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT(Document(text=text, id=id, published=published, source=source,
                             country=country))
