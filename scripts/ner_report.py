"""Measure an NER model: entity scores on a CoNLL file, tagging speed and peak memory.

    .venv/bin/python scripts/ner_report.py [--model PATH] [--conll FILE] [--speed-file FILE]

Speed is tokens per second on one core, feature extraction included, over the sentences
of --speed-file, REPEAT passes: the first with an empty word cache (cold), later ones warm;
wall-clock and CPU-time rates are both given (the CPU rate is the one to trust on a shared
machine). Two modes: `tag_sents` on 10 sentences at a time (an article; both stages) and
`tag` on one sentence at a time (stage 1). With --news N, the pipeline's NER stage over
the first N news articles (ms per article). Peak memory is the process's maximum resident set size after the model
is loaded and the file tagged.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rasd.evaluate.ner import conll_scores  # noqa: E402
from rasd.ner.conll import read_conll, split  # noqa: E402
from rasd.ner.tagger import Tagger  # noqa: E402


def news_stage(tagger, limit: int, root: Path) -> dict:
    """The pipeline's NER stage (rasd.ner.stage.NerStage: only sentences with a trigger
    candidate) over the first `limit` news articles, after the text stage; two passes, the
    first with an empty word cache. CPU-time rates."""
    import json as _json

    from rasd.ner.stage import NerStage
    from rasd.pipeline import to_document
    from rasd.text.stage import TextStage

    arts = []
    with open(root.parent / "shared/data/news/articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            arts.append(_json.loads(line))
            if len(arts) >= limit:
                break
    text = TextStage()
    docs = [text(to_document(a)) for a in arts]
    stage = NerStage(tagger=tagger)
    ntok = sum(len(s) for d in docs for s in (d.tokens[x.token_start : x.token_end] for x in d.sentences)
               if s and stage._wanted(s))
    if hasattr(tagger, "_reset"):
        tagger._reset(1024)
    out = {"articles": len(docs), "tokens_tagged_per_article": round(ntok / len(docs))}
    for name in ("cold", "warm"):
        c = time.process_time()
        for d in docs:
            stage(d)
        c = time.process_time() - c
        out[name] = {"ms_per_article": round(1000 * c / len(docs), 2), "tokens_per_s": round(ntok / c)}
    return out


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument("--conll", action="append", default=[])
    ap.add_argument("--speed-file", default=str(root.parent / "shared/data/anercorp/test.txt"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--news", type=int, default=0,
                    help="also time the pipeline's NER stage on the first N news articles (ms/article)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    tagger = Tagger.load(args.model)
    load_s = time.perf_counter() - t0
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report: dict = {"model": str(tagger.path), "model_bytes": tagger.path.stat().st_size,
                    "load_seconds": round(load_s, 2), "rss_after_load_mb": round(rss_loaded, 1)}

    for f in args.conll:
        toks, gold = split(read_conll(f))
        report[f] = conll_scores(gold, tagger.tag_sents(toks))

    toks, _ = split(read_conll(args.speed_file))
    n = sum(map(len, toks))
    report["speed_tokens"] = n

    def measure(name: str, fn) -> None:
        tagger._reset(1024)  # cold word cache for the first pass
        out = []
        for _ in range(args.repeat):
            w, c = time.perf_counter(), time.process_time()
            fn()
            out.append((round(n / (time.perf_counter() - w)), round(n / (time.process_time() - c))))
        report[name] = {"cold_wall_cpu": out[0], "warm_wall_cpu": out[1:]}

    # an article of ~10 sentences at a time, both stages (what the pipeline does)
    measure("doc10_tokens_per_s", lambda: [tagger.tag_sents(toks[i : i + 10]) for i in range(0, len(toks), 10)])
    # sentence by sentence, stage 1 only
    measure("sentence_tokens_per_s", lambda: [tagger.tag(s) for s in toks])
    if args.news:
        report["pipeline_ner_stage"] = news_stage(tagger, args.news, root)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
