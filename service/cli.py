"""The `convoscore` command: serve, score, train, eval."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _score(args: argparse.Namespace) -> int:
    from scoring.engine import Engine
    from scoring.text_model import TextModel
    from service import bulk

    engine = Engine(TextModel(backend=args.backend))
    source = sys.stdin if args.input in (None, "-") else open(args.input, encoding="utf-8")
    sink = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    try:
        failed = bulk.run(engine, source, sink)
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    if failed:
        print(f"convoscore score: {failed} line(s) failed", file=sys.stderr)
    return 1 if failed else 0


def _train(args: argparse.Namespace) -> int:
    from scoring.training.train import refit_readers, train

    if args.readers_only:
        summary = refit_readers(Path(args.data), Path(args.out), seed=args.seed, device=args.device)
    else:
        summary = train(Path(args.data), Path(args.out), seed=args.seed, device=args.device)
    for key, value in summary.items():
        print(f"{key}: {value}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from scoring.training.evaluate import print_table

    return print_table(Path(args.data), args.heads_dir, args.backend, "convoscore eval")


def _serve(args: argparse.Namespace) -> int:
    from service.server import main as serve_main

    return serve_main(args)


def build_parser() -> argparse.ArgumentParser:
    from scoring.text_model import ARTIFACTS_DIR

    parser = argparse.ArgumentParser(prog="convoscore", description="Score online conversations for quality.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the gRPC service", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    try:
        from service.config import add_serve_arguments
    except ImportError:  # the server is not part of this build
        add_serve_arguments = None
    if add_serve_arguments is not None:
        add_serve_arguments(serve)
    serve.set_defaults(func=_serve)

    score = sub.add_parser("score", help="score JSON Lines of threads (stdin/stdout by default)")
    score.add_argument("input", nargs="?", help="JSON Lines file of Thread messages; '-' or absent = stdin")
    score.add_argument("-o", "--output", help="where to write ThreadScore lines; '-' or absent = stdout")
    score.add_argument("--backend", default="auto", help="auto, fp32, bf16 or cuda-fp16 (default: auto)")
    score.set_defaults(func=_score)

    train = sub.add_parser("train", help="train the text heads on ../shared/data")
    train.add_argument("--data", required=True, help="folder of the labelled data sets")
    train.add_argument("--out", default=str(ARTIFACTS_DIR), help="where to write the artifacts")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda")
    train.add_argument("--readers-only", action="store_true",
                       help="refit only the linear readers of the heads in --out, in place (minutes, not a training run)")
    train.set_defaults(func=_train)

    ev = sub.add_parser("eval", help="evaluate the model on held-out data")
    ev.add_argument("--data", required=True, help="folder of the labelled data sets")
    from scoring.training.evaluate import add_eval_arguments

    add_eval_arguments(ev)
    ev.set_defaults(func=_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
