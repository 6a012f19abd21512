"""Public-safety scan: nothing private may reach a published data file.

Private absolute paths, secrets and API keys, private, loopback or link-local IPv4; the first hit is one error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# The look-behinds keep URL paths (example.com/home/x) out; Chinese text may sit right before a real path.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a private absolute path", re.compile(r"(?<![A-Za-z0-9_.\-/:~])/(?:home|Users|root)/[^\s/]+")),
    ("a private absolute path", re.compile(r"\b[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]", re.I)),
    ("an API key (sk-...)", re.compile(r"\bsk-[A-Za-z0-9_\-]{16,}")),
    ("an AWS access key (AKIA...)", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9\-]{10,}")),
    ("a private key block", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("a secret assignment", re.compile(
        r"\b(?:api[_\-]?key|secret[_\-]?key|access[_\-]?token|auth[_\-]?token|client[_\-]?secret|password|passwd)"
        r"\s*[=:]\s*\S{4,}", re.I)),
    ("a private IPv4 address", re.compile(
        r"(?<![\d.])(?:10\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])|192\.168|127\.\d{1,3}|169\.254)\.\d{1,3}\.\d{1,3}(?![\d])")),
)


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, object keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def finding(value: Any) -> str | None:
    """What private thing a JSON value holds ('a GitHub token: ghp_...'), or None when it is clean."""
    for text in strings(value):
        for what, pattern in PATTERNS:
            m = pattern.search(text)
            if m:
                # Show only the start of the match: the error line must not republish the secret.
                return f"{what} ({m.group(0)[:8]}...)"
    return None
