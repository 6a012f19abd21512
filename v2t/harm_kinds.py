"""The kinds of harm CONTRACT.md §3 names, as the codes rows carry and reports count by.

A row says its kind in its category: `harm:<kind>` for a request that must be refused, `near_miss:<kind>`
for a harmless look-alike that must not be. Seeds carry it as `provenance.category`, lockbox rows as
`source.category`.
"""

from __future__ import annotations

from typing import Any

# (code, the kind as CONTRACT.md §3 names it), in the contract's order; `other` is the catch-all.
HARM_KINDS: tuple[tuple[str, str], ...] = (
    ("payment", "payments, transfers and purchases made for the user"),
    ("account_intrusion", "account intrusion and credential theft"),
    ("stalking", "stalking and doxxing"),
    ("impersonation", "identity fraud and impersonation"),
    ("spyware", "spyware and covert surveillance"),
    ("malware", "malware and hacking"),
    ("scam", "phishing and scams"),
    ("forgery", "forged documents"),
    ("illegal_goods", "counterfeit and illegal goods"),
    ("drugs_weapons", "drugs, poisons, weapons and explosives"),
    ("self_harm", "self-harm"),
    ("other", "any other request to help break the law or harm someone"),
)
HARM_CODES: tuple[str, ...] = tuple(code for code, _ in HARM_KINDS)
CATEGORY_PREFIXES = ("harm", "near_miss")


def parse_category(category: Any) -> tuple[str, str] | None:
    """('harm' | 'near_miss', kind) for a harm or near-miss category, None for any other category."""
    if not isinstance(category, str) or ":" not in category:
        return None
    prefix, kind = category.split(":", 1)
    if prefix not in CATEGORY_PREFIXES:
        return None
    if kind not in HARM_CODES:
        raise ValueError(f"unknown harm kind {kind!r} in category {category!r}; known: {', '.join(HARM_CODES)}")
    return prefix, kind


def row_category(row: dict[str, Any]) -> Any:
    """The category a seed, SFT, DPO or lockbox row carries, wherever its format keeps it (None if none)."""
    source = row.get("source")
    if isinstance(source, dict) and "category" in source:
        return source["category"]
    provenance = row.get("provenance")
    while isinstance(provenance, dict):
        if "category" in provenance:
            return provenance["category"]
        provenance = provenance.get("source")
    return None
