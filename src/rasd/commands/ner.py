"""`rasd ner`, `rasd ner-eval`, `rasd train-ner`: the named-entity tagger from the command line."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table


class NerFormat(str, Enum):
    conll = "conll"
    jsonl = "jsonl"


def ner(
    input: Annotated[str, typer.Argument(help="CoNLL (a token first on each line, blank lines "
                                              "between sentences) or, with --format jsonl, "
                                              "articles as for `rasd extract`.")],
    format: Annotated[NerFormat, typer.Option("--format", "-f", help="conll or jsonl")
                      ] = NerFormat.conll,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="Write here instead of stdout.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="A model from train-ner.")
                     ] = None,
) -> None:
    """Tag names: PER, LOC, ORG, MISC (IOB2 in CoNLL; spans with offsets in JSONL).

    Example: [bold]rasd ner ../shared/data/anercorp/test.txt --format conll > tagged.conll[/]
    """
    from rasd.cli import _output, _say
    from rasd.errors import InputError
    from rasd.ner.tagger import Tagger

    tagger = Tagger.load(model)
    with _output(output) as out:
        if format is NerFormat.conll:
            from rasd.ner.conll import read_conll, write_conll

            sents = [[tok for tok, _ in s] for s in read_conll(input, require_tags=False)]
            write_conll(out, sents, tagger.tag_sents(sents))
            return
        from rasd.io import iter_records
        from rasd.ner.extract import text_entities

        read = 0
        for rec in iter_records([input]):
            if isinstance(rec, InputError):
                _say(str(rec))
                continue
            read += 1
            ents = text_entities(rec["text"], tagger)
            out.write(json.dumps({"id": rec["id"], "entities": ents}, ensure_ascii=False) + "\n")
        if read == 0:
            raise InputError("nothing could be read")


def ner_eval(
    test: Annotated[Path, typer.Argument(help="Gold CoNLL: token<TAB>tag lines.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    predictions: Annotated[Optional[Path], typer.Option(
        "--predictions", help="Write token<TAB>gold<TAB>predicted here.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="A model from train-ner.")
                     ] = None,
) -> None:
    """CoNLL entity-level precision, recall and F1 (exact span and type), overall and per type.

    Example: [bold]rasd ner-eval ../shared/data/anercorp/test.txt[/]
    """
    from rasd.cli import _output
    from rasd.evaluate.ner import conll_scores
    from rasd.ner.conll import read_conll, write_conll
    from rasd.ner.tagger import Tagger

    sents = read_conll(test)
    tokens = [[t for t, _ in s] for s in sents]
    gold = [[g for _, g in s] for s in sents]
    pred = Tagger.load(model).tag_sents(tokens)
    scores = conll_scores(gold, pred)
    if predictions is not None:
        with _output(predictions) as out:
            write_conll(out, tokens, gold, pred)
    if as_json:
        typer.echo(json.dumps(scores))
        return
    table = Table("type", "P", "R", "F1", "TP", "FP", "FN", header_style="bold")
    for key in ("overall", "PER", "LOC", "ORG", "MISC"):
        v = scores[key]
        table.add_row(key, f"{100 * v['p']:.1f}", f"{100 * v['r']:.1f}", f"{100 * v['f1']:.1f}",
                      str(v["tp"]), str(v["fp"]), str(v["fn"]))
    Console().print(table)


def train_ner(
    train: Annotated[Path, typer.Argument(help="Training CoNLL: token<TAB>IOB2 tag.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the model.")],
    no_gazetteer: Annotated[bool, typer.Option("--no-gazetteer",
                                               help="Train without gazetteer features.")] = False,
    dev_fraction: Annotated[float, typer.Option(
        "--dev-fraction", help="Hold out this last fraction of the sentences and score it.")
        ] = 0.0,
    crf: Annotated[bool, typer.Option("--crf", help="Train the older two-stage CRF tagger "
                                                     "(python-crfsuite) instead.")] = False,
    workers: Annotated[int, typer.Option("--workers", help="Processes for --crf training.")] = 1,
) -> None:
    """Train the NER model. Without options this reproduces the shipped one: the neural
    tagger (CNN-CRF, src/rasd/data/ner/ner-cnn.model) on ANERcorp train, about 10 minutes on
    one core. PyTorch is needed for training only (pip install torch==2.13.0, a CPU build);
    tagging runs in numpy.

    Example: [bold]rasd train-ner ../shared/data/anercorp/train.txt --out ner-cnn.model[/]
    then [bold]rasd ner-eval ../shared/data/anercorp/test.txt --model ner-cnn.model[/]
    """
    if crf:
        from rasd.ner.train import train as train_model

        stats = train_model(train, out, use_gazetteer=not no_gazetteer, dev_fraction=dev_fraction,
                            workers=workers)
    else:
        from rasd.ner.train_nn import train as train_model

        stats = train_model(train, out, use_gazetteer=not no_gazetteer, dev_fraction=dev_fraction)
    summary = {k: v for k, v in stats.items() if k in ("sentences", "tokens", "seconds", "dev")}
    typer.echo(json.dumps(summary, ensure_ascii=False, default=str))
    print(f"model written to {out}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("ner")(ner)
    app.command("ner-eval")(ner_eval)
    app.command("train-ner")(train_ner)
