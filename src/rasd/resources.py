"""Where bundled data lives, and reading YAML data files with errors that name file and line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import DictionaryError


def data_path(*parts: str) -> Path:
    """Path of a bundled data file under src/rasd/data/."""
    return Path(str(resources.files("rasd") / "data")).joinpath(*parts)


def load_yaml(path: Path) -> Any:
    """Parse a YAML data file; a syntax error becomes a DictionaryError with file and line."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=loader)  # noqa: S506 - SafeLoader/CSafeLoader only
    except FileNotFoundError as exc:
        raise DictionaryError("file not found", file=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DictionaryError(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                              file=str(path), line=line) from exc
