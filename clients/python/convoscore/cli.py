"""`convoscore-client`: score JSON Lines against a running convoscore server.

    convoscore-client score threads.jsonl --target 127.0.0.1:50051 -o scores.jsonl
    convoscore-client health --target 127.0.0.1:50051
    convoscore-client info --target 127.0.0.1:50051

`score` reads one Thread per line (protobuf JSON mapping, proto field names; blank lines skipped)
and writes one ThreadScore per line, in input order, every field present, proto field names: the
same format as the server-side `convoscore score`. A line that fails is answered in its place by
``{"line": N, "error": {"code": "INVALID_ARGUMENT", "message": "..."}}`` (N counts every line of
the file from 1). Threads go out in batches (`--batch-size`) over up to `--concurrency` calls at
once, spread over every `--target`. Exit code: 0 all lines scored, 1 some lines failed, 2 the run
stopped (server unreachable, bad credentials, ...; the lines before the failure are written).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TextIO

from google.protobuf import json_format

from convoscore.v1 import convoscore_pb2 as pb

from ._client import Client
from ._config import RetryPolicy, Timeout, TLSConfig
from ._errors import ConvoscoreError, InvalidArgumentError

DEFAULT_TARGET = "127.0.0.1:50051"

# One output line of a batch: (text, ok).
_Out = tuple[str, bool]


def message_to_json(msg) -> str:
    """One compact JSON line, every field present, proto field names, map keys sorted (as `convoscore score`)."""
    data = json_format.MessageToDict(msg, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
    _sort_maps(msg, data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _sort_maps(msg, data: dict) -> None:
    """Sort the keys of every map field in `data` (MessageToDict of `msg`) in place.

    Protobuf maps have no order (upb iterates them in a per-process hash order), so without this
    the same input gives differently ordered `tags` from run to run; sorted, output files diff cleanly.
    """
    for field in msg.DESCRIPTOR.fields:
        value = data.get(field.name)
        if not isinstance(value, (dict, list)) or field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            data[field.name] = dict(sorted(value.items()))
        elif isinstance(value, list):
            for item_msg, item in zip(getattr(msg, field.name), value):
                if isinstance(item, dict):
                    _sort_maps(item_msg, item)
        else:
            _sort_maps(getattr(msg, field.name), value)


def error_line(line_no: int, code: str, message: str) -> str:
    return json.dumps({"line": line_no, "error": {"code": code, "message": message}}, ensure_ascii=False)


def parse_line(line: str) -> pb.Thread:
    """One JSON line as a Thread; InvalidArgumentError with the server's wording when it is not one."""
    try:
        return json_format.Parse(line, pb.Thread())
    except json_format.ParseError as exc:
        raise InvalidArgumentError(f"not a valid Thread in JSON: {exc}") from None


def _chunks(
    lines: Iterable[str], batch_size: int, max_comments: int
) -> Iterator[list[tuple[int, pb.Thread | InvalidArgumentError]]]:
    """Numbered, parsed lines in chunks of at most `batch_size` threads and `max_comments` comments."""
    chunk: list[tuple[int, pb.Thread | InvalidArgumentError]] = []
    comments = 0
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item: pb.Thread | InvalidArgumentError = parse_line(line)
            n = len(item.comments)
        except InvalidArgumentError as exc:
            item, n = exc, 0
        if chunk and (len(chunk) >= batch_size or comments + n > max_comments):
            yield chunk
            chunk, comments = [], 0
        chunk.append((line_no, item))
        comments += n
    if chunk:
        yield chunk


_BATCH_PATH = re.compile(r"^threads\[\d+\]")


def _result_line(line_no: int, result: pb.ThreadResult) -> _Out:
    if result.WhichOneof("result") == "score":
        return message_to_json(result.score), True
    error = result.error
    # In a ScoreThreads batch the server names fields "threads[i]...."; a line holds one thread,
    # so name them as `convoscore score` does: "thread....".
    return error_line(line_no, error.code or "UNKNOWN", _BATCH_PATH.sub("thread", error.message)), False


def _score_chunk_one(client: Client, thread: pb.Thread, timeout: Timeout) -> list[pb.ThreadResult]:
    try:
        return list(client._call(client._stub.ScoreThreads, pb.ScoreThreadsRequest(threads=[thread]), timeout).results)
    except InvalidArgumentError as exc:
        return [pb.ThreadResult(id=thread.id, error=pb.ItemError(code=exc.code, message=exc.message))]


def _score_chunk(client: Client, chunk: list[tuple[int, pb.Thread | InvalidArgumentError]], timeout: Timeout) -> list[_Out]:
    good = [(n, t) for n, t in chunk if isinstance(t, pb.Thread)]
    by_line: dict[int, _Out] = {}
    if good:
        request = pb.ScoreThreadsRequest(threads=[t for _, t in good])
        try:
            results = list(client._call(client._stub.ScoreThreads, request, timeout).results)
        except InvalidArgumentError as exc:
            if len(good) == 1:
                results = [pb.ThreadResult(id=good[0][1].id, error=pb.ItemError(code=exc.code, message=exc.message))]
            else:
                # The batch as a whole was refused (e.g. over a size limit): one call per thread,
                # so that each line gets its own answer.
                results = [r for _, t in good for r in _score_chunk_one(client, t, timeout)]
        if len(results) != len(good):
            raise ConvoscoreError(f"the server answered {len(results)} of {len(good)} threads", code="INTERNAL")
        for (n, _), r in zip(good, results):
            by_line[n] = _result_line(n, r)
    out: list[_Out] = []
    for n, item in chunk:
        if isinstance(item, InvalidArgumentError):
            out.append((error_line(n, item.code, item.message), False))
        else:
            out.append(by_line[n])
    return out


class _Progress:
    """A one-line progress report on stderr, redrawn at most 5 times a second; silent when off."""

    def __init__(self, enabled: bool, stream: TextIO = sys.stderr) -> None:
        self.enabled = enabled
        self.stream = stream
        self.start = time.monotonic()
        self.last = 0.0
        self.done = 0
        self.failed = 0

    def update(self, done: int, failed: int, final: bool = False) -> None:
        self.done += done
        self.failed += failed
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        text = f"\rthreads: {self.done} scored, {self.failed} failed, {rate:.1f}/s"
        self.stream.write(text + ("\n" if final else ""))
        self.stream.flush()


def score_lines(
    client: Client,
    lines: Iterable[str],
    sink: TextIO,
    *,
    concurrency: int = 4,
    batch_size: int = 32,
    max_comments: int = 50_000,
    timeout: Timeout = Timeout(total=300.0),
    progress: _Progress | None = None,
) -> int:
    """Score every non-blank line of `lines` into `sink`, in order; return the number of failed lines.

    Raises ConvoscoreError when a call fails as a whole (after retries), having written every line
    before the failed batch.
    """
    progress = progress or _Progress(False)
    failed = 0
    window: deque[Future[list[_Out]]] = deque()

    def drain_one() -> None:
        nonlocal failed
        outs = window.popleft().result()
        bad = sum(1 for _, ok in outs if not ok)
        failed += bad
        sink.write("".join(text + "\n" for text, _ in outs))
        progress.update(len(outs) - bad, bad)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="convoscore-client") as pool:
        try:
            for chunk in _chunks(lines, batch_size, max_comments):
                window.append(pool.submit(_score_chunk, client, chunk, timeout))
                while len(window) > concurrency or (window and window[0].done()):
                    drain_one()
            while window:
                drain_one()
        finally:
            for future in window:
                future.cancel()
    sink.flush()
    progress.update(0, 0, final=True)
    return failed


# -- the command -----------------------------------------------------------------------------------


def _client_from_args(args: argparse.Namespace) -> Client:
    targets = [t for value in args.target for t in value.split(",") if t.strip()] or [DEFAULT_TARGET]
    token = args.token or os.environ.get("CONVOSCORE_TOKEN")
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as fh:
            token = fh.read().strip()
    tls = None
    if args.tls or args.tls_ca or args.tls_cert:
        tls = TLSConfig(ca_cert=args.tls_ca, client_cert=args.tls_cert, client_key=args.tls_key,
                        server_name=args.tls_server_name)
    return Client(
        targets if len(targets) > 1 else targets[0],
        timeout=Timeout(total=args.timeout),
        retry=RetryPolicy(max_attempts=args.max_attempts),
        tls=tls,
        token=token or None,
    )


def _score(args: argparse.Namespace) -> int:
    if args.concurrency < 1 or args.batch_size < 1:
        raise SystemExit("convoscore-client score: --concurrency and --batch-size must be at least 1")
    source = sys.stdin if args.input in (None, "-") else open(args.input, encoding="utf-8")
    sink = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    show = sys.stderr.isatty() if args.progress is None else args.progress
    try:
        with _client_from_args(args) as client:
            batch_size, max_comments = args.batch_size, 50_000
            try:
                limits = client.model_info().limits
                if limits.max_threads_per_request:
                    batch_size = min(batch_size, limits.max_threads_per_request)
                if limits.max_comments_per_request:
                    max_comments = limits.max_comments_per_request
            except ConvoscoreError as exc:
                print(f"convoscore-client score: {exc}", file=sys.stderr)
                return 2
            try:
                failed = score_lines(
                    client, source, sink, concurrency=args.concurrency, batch_size=batch_size,
                    max_comments=max_comments, timeout=Timeout(total=args.timeout), progress=_Progress(show),
                )
            except ConvoscoreError as exc:
                print(f"\nconvoscore-client score: stopped: {exc}", file=sys.stderr)
                return 2
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    if failed:
        print(f"convoscore-client score: {failed} line(s) failed", file=sys.stderr)
    return 1 if failed else 0


def _health(args: argparse.Namespace) -> int:
    try:
        with _client_from_args(args) as client:
            status = client.health(args.service)
    except ConvoscoreError as exc:
        print(f"convoscore-client health: {exc}", file=sys.stderr)
        return 2
    print(status.value)
    return 0 if status == "SERVING" else 1


def _info(args: argparse.Namespace) -> int:
    try:
        with _client_from_args(args) as client:
            info = client.model_info()
    except ConvoscoreError as exc:
        print(f"convoscore-client info: {exc}", file=sys.stderr)
        return 2
    print(message_to_json(info.to_proto()))
    return 0


def _add_connection_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--target", action="append", default=[], metavar="HOST:PORT",
                   help=f"server address; repeat or comma-separate for several (round robin); "
                        f"also a gRPC target such as dns:///name:port (default {DEFAULT_TARGET})")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per call, retries included (default 300)")
    p.add_argument("--max-attempts", type=int, default=5,
                   help="attempts per call on UNAVAILABLE or RESOURCE_EXHAUSTED (default 5)")
    p.add_argument("--token", help="bearer token (default: $CONVOSCORE_TOKEN)")
    p.add_argument("--token-file", help="file holding the bearer token")
    p.add_argument("--tls", action="store_true", help="use TLS with the system root certificates")
    p.add_argument("--tls-ca", help="PEM file of the CA that signed the server certificate (implies --tls)")
    p.add_argument("--tls-cert", help="PEM client certificate, for mutual TLS (with --tls-key)")
    p.add_argument("--tls-key", help="PEM private key of --tls-cert")
    p.add_argument("--tls-server-name", help="name to check the server certificate against")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="convoscore-client", description="Client of a convoscore server.")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score a JSON Lines file of threads against a server")
    score.add_argument("input", nargs="?", help="JSON Lines of Thread messages; '-' or absent = stdin")
    score.add_argument("-o", "--output", help="where to write ThreadScore lines; '-' or absent = stdout")
    score.add_argument("--concurrency", type=int, default=4, help="calls in flight at once (default 4)")
    score.add_argument("--batch-size", type=int, default=32, help="threads per call (default 32)")
    bar = score.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress line on stderr (default: only on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    _add_connection_arguments(score)
    score.set_defaults(func=_score)

    health = sub.add_parser("health", help="print the server's health status (exit 0 when SERVING)")
    health.add_argument("--service", default="", help="service name to check ('' = the whole server)")
    _add_connection_arguments(health)
    health.set_defaults(func=_health)

    info = sub.add_parser("info", help="print the server's model information as JSON")
    _add_connection_arguments(info)
    info.set_defaults(func=_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
