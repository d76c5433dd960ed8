"""A reply's addressing: the @handles a platform puts before what the reply says.

Replies on X/Twitter, Threads, Mastodon and Bluesky start with the handles of the people they
answer, often several ("@mike_r @transit_ops the 7 bus was late 11 times..."). The platform shows
them as metadata; the model reads them as words, and a run of them reads like the bare @mentions
that are micro-posts: three handles before a 25-word account of volunteering took its substance
from 0.38 to 0.07 and its low_effort from 0.03 to 0.42. The engine reads a reply without them
(`without_addressing`) when words follow; a reply that is only handles ("@amy @bob") is read as it
is, a micro-post. Handles later in the text are part of what is said and stay.
"""

from __future__ import annotations

import re

# One or more handles at the start ("@name", "@name@server.social"), each followed by white space,
# an optional ":" or "," after the last. Handle characters as X and Mastodon allow them.
_HANDLE = r"@[\w.]+(?:@[\w.-]+)?"
_LEADING_HANDLES = re.compile(rf"^\s*(?:{_HANDLE}[:,]?\s+)+")
_HANDLES = re.compile(_HANDLE)
_WORD = re.compile(r"\w")


def without_addressing(text: str) -> str:
    """`text` without the run of @handles it starts with, when words follow them."""
    match = _LEADING_HANDLES.match(text)
    if match is None:
        return text
    rest = text[match.end() :]
    return rest if _WORD.search(_HANDLES.sub("", rest)) else text
