"""Turn Internet Argument Corpus (4forums) discussions into convoscore JSON Lines threads.

Usage: python benchmarks/iac_to_jsonl.py ../shared/data/iac_4forums_threads -o iac.jsonl [--limit N]

Each IAC file is `[posts, {}, meta]`, a post being `[id, side, author, text, annotations, parent_id,
category, timestamp]`; the first post opens the discussion. The output is a realistic load for
`convoscore score` and the serving benchmarks; it is written outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path


def _timestamp(value) -> str | None:
    if not isinstance(value, (int, float)):
        return None
    return datetime.fromtimestamp(value, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iac_thread(path: Path) -> dict:
    posts, _, meta = json.loads(path.read_text(encoding="utf-8"))
    first, rest = posts[0], posts[1:]
    thread = {
        "id": f"iac-{path.stem}",
        "platform": "forum",
        "language": "en",
        "post": {"id": str(first[0]), "author_id": str(first[2] or ""), "text": first[3] or ""},
        "comments": [],
    }
    if ts := _timestamp(first[7] if len(first) > 7 else None):
        thread["post"]["created_at"] = ts
    for post in rest:
        comment = {
            "id": str(post[0]),
            "parent_id": "" if post[5] is None else str(post[5]),
            "author_id": str(post[2] or ""),
            "text": post[3] or "",
        }
        if ts := _timestamp(post[7] if len(post) > 7 else None):
            comment["created_at"] = ts
        thread["comments"].append(comment)
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="first N discussions only (0 = all)")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.json"))
    if args.limit:
        files = files[: args.limit]
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    for path in files:
        out.write(json.dumps(iac_thread(path), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
