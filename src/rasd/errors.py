"""Every error rasd raises on purpose.

    RasdError            base: catch this to catch anything rasd means to raise
    ├── InputError       bad input text/file/line (carries file and line when known)
    ├── DictionaryError  a lexicon, gazetteer or actor dictionary file is malformed
    ├── ModelError       a trained model is missing, corrupt or incompatible
    ├── StoreError       the database cannot be opened, migrated or written
    └── ConfigError      an option or environment setting is invalid

Messages say what happened and what to do. Each interface (CLI, API) turns these into
output in exactly one place; deep code never prints.
"""

from __future__ import annotations


class RasdError(Exception):
    """Base of every error rasd raises on purpose."""


class _Located(RasdError):
    """An error that can point at a file and line."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None):
        self.reason = reason
        self.file = file
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.reason}"


class InputError(_Located):
    """Input that rasd cannot read: not UTF-8, malformed JSON, a line without text, …"""


class DictionaryError(_Located):
    """A data file (lexicon, gazetteer, actor dictionary) is malformed."""


class ModelError(RasdError):
    """A trained model is missing, corrupt or was saved by an incompatible version."""


class StoreError(RasdError):
    """The event store cannot be opened, migrated or written."""


class ConfigError(RasdError):
    """An option or environment setting is invalid."""
