"""`convoscore score`: JSON Lines of threads in, JSON Lines of thread scores out, in order."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from scoring.engine import Engine
from scoring.errors import InvalidInput
from service import convert

# Threads scored together: their texts share length-sorted model batches. Bigger chunks cut
# padding further but delay the first output line.
CHUNK_THREADS = 64


def _error_line(line_no: int, exc: InvalidInput) -> str:
    return json.dumps({"line": line_no, "error": {"code": exc.code, "message": str(exc)}}, ensure_ascii=False)


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        chunk.append((line_no, line))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def score_lines(engine: Engine, lines: Iterable[str], chunk_threads: int = CHUNK_THREADS) -> Iterator[tuple[str, bool]]:
    """Yield (output line, ok) per non-blank input line, in input order."""
    for chunk in _chunks(lines, chunk_threads):
        parsed: list[object] = []
        for line_no, line in chunk:
            try:
                parsed.append(convert.thread_from_proto(convert.thread_from_json(line)))
            except InvalidInput as exc:
                parsed.append(exc)
        good = [p for p in parsed if not isinstance(p, InvalidInput)]
        scored = iter(engine.score_threads(good))
        for (line_no, _), item in zip(chunk, parsed):
            result = item if isinstance(item, InvalidInput) else next(scored)
            if isinstance(result, InvalidInput):
                yield _error_line(line_no, result), False
            else:
                yield convert.message_to_json(convert.thread_score_to_proto(result)), True


def run(engine: Engine, source: TextIO, sink: TextIO, progress: bool | None = None) -> int:
    """Score every line of `source` into `sink`; return the number of failed lines."""
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    failed = 0
    with tqdm(desc="threads", unit=" threads", disable=not show, file=sys.stderr) as bar:
        for out, ok in score_lines(engine, source):
            sink.write(out + "\n")
            failed += not ok
            bar.update(1)
    sink.flush()
    return failed
