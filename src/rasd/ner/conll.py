"""Read and write CoNLL files: one token per line (first column), tag in the second, blank
lines between sentences; further tab-separated columns are ignored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from rasd.errors import InputError

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
_VALID = frozenset(TAGS)


def read_conll(path: str | Path, *, require_tags: bool = True) -> list[list[tuple[str, str]]]:
    """Sentences of (token, gold tag) from a CoNLL file.

    With `require_tags=False` a line may hold the token alone (its tag is then "O"), which
    is how unlabelled input for `rasd ner --format conll` is read.
    Raises InputError (with file and line) on a file that is not UTF-8, a line without a
    token, or a tag outside IOB2 PER/LOC/ORG/MISC.
    """
    p = Path(path)
    try:
        fh = p.open(encoding="utf-8", newline="")
    except OSError as e:
        raise InputError(f"cannot read CoNLL file: {e.strerror or e}", file=str(p)) from e
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with fh:
        lineno = 0
        try:
            for lineno, raw in enumerate(fh, 1):
                line = raw.rstrip("\r\n")
                if not line.strip():
                    if cur:
                        sents.append(cur)
                        cur = []
                    continue
                cols = line.split("\t")
                if len(cols) == 1 and " " in line.strip():
                    cols = line.split()  # tolerate space-separated "token tag"
                token = cols[0].strip()
                if not token:
                    raise InputError("line has no token in its first column", file=str(p), line=lineno)
                if len(cols) < 2 or not cols[1].strip():
                    if require_tags:
                        raise InputError("line has no tag (expected token<TAB>tag)", file=str(p), line=lineno)
                    tag = "O"
                else:
                    tag = cols[1].strip()
                    if tag not in _VALID:
                        raise InputError(
                            f"unknown tag {tag!r} (expected one of {', '.join(TAGS)})", file=str(p), line=lineno
                        )
                cur.append((token, tag))
        except UnicodeDecodeError as e:
            raise InputError(f"not UTF-8 ({e.reason})", file=str(p), line=lineno + 1) from e
    if cur:
        sents.append(cur)
    return sents


def write_conll(
    out: str | Path | IO[str],
    tokens: Sequence[Sequence[str]],
    *tag_columns: Sequence[Sequence[str]],
) -> None:
    """Write sentences as `token<TAB>col1<TAB>col2…` lines with a blank line after each.

    `write_conll(path, tokens, pred)` gives `rasd ner --format conll` output;
    `write_conll(path, tokens, gold, pred)` gives `rasd ner-eval --predictions` output.
    `out` is a path or an open text stream.
    """
    def emit(fh: IO[str]) -> None:
        for si, sent in enumerate(tokens):
            cols = [c[si] for c in tag_columns]
            for ti, tok in enumerate(sent):
                fh.write("\t".join([tok, *(c[ti] for c in cols)]) + "\n")
            fh.write("\n")

    if isinstance(out, (str, Path)):
        with Path(out).open("w", encoding="utf-8", newline="\n") as fh:
            emit(fh)
    else:
        emit(out)


def split(sents: Iterable[list[tuple[str, str]]]) -> tuple[list[list[str]], list[list[str]]]:
    """(tokens, tags) of (token, tag) sentences."""
    toks, tags = [], []
    for s in sents:
        toks.append([t for t, _ in s])
        tags.append([g for _, g in s])
    return toks, tags
