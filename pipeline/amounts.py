"""Reading amounts exactly as printed: separators, signs, dashes, full-width digits."""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.text import nfkc

_DASHES = {"-", "—", "–", "－", "——", "--", "/", "—— ", "‐", "−"}
_NUMBER = re.compile(r"^(?P<sign>[-−–]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")
_PAREN_NEGATIVE = re.compile(r"^\((?P<body>[^()]+)\)$")
_ZERO_POINT_LOST = re.compile(r"^0(\d{2})$")  # 0.11 read as 011: no whole amount opens with 0
# 8.72 read as 8 72, its point a blank: no whole amount opens with 0 (06 01 is two codes)
_POINT_READ_AS_GAP = re.compile(r"^(0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*) (\d{2})$")
_DECIMAL_LIKE = re.compile(r"^[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}$|^[-−–]?\d{1,3}(?:,\d{3})+$")


def clean(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text)).replace("，", ",")


def is_dash(text: str) -> bool:
    t = clean(text)
    return bool(t) and (t in _DASHES or set(t) <= set("-—–－‐−"))


def parse_amount(text: str) -> Decimal | None:
    """The printed number, or None for anything that is not one (blank, dash, words)."""
    t = clean(text)
    negative = False
    paren = _PAREN_NEGATIVE.match(t)
    if paren:
        negative, t = True, paren.group("body")
    m = _NUMBER.match(t)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac")
    value = Decimal(f"{digits}.{frac}" if frac is not None else digits)
    if m.group("sign") or negative:
        value = -value
    return value


def looks_like_amount(text: str) -> bool:
    """Printed like money (decimals or thousands separators), not like a line number or a code."""
    t = clean(text)
    paren = _PAREN_NEGATIVE.match(t)
    return bool(_DECIMAL_LIKE.match(paren.group("body") if paren else t))


def _without_specks(text: str) -> str:
    """An amount with marks set apart beside it in one cell (1.41 -, or a quote on the line below) is
    that amount: a dash marks an empty cell only alone, and a mark with no letter or digit beside a
    number is a speck of the scan or a neighbour's mark. Brackets are no specks: ( 1.41 ) is negative."""
    words = text.split()
    kept = [w for w in words if any(ch.isalnum() or ch in "()（）" for ch in w)]
    return kept[0] if len(words) > 1 and len(kept) == 1 and parse_amount(kept[0]) is not None else text


def scanned_amount(text: str) -> str:
    """An OCR'd amount cell as printed: without specks beside the amount (`_without_specks`), and with
    the point put back where OCR lost it, in an amount under 1 (011 for 0.11) or where it left a blank
    before the cents (8 72 for 8.72: no amount ends in a lone two-digit group); the sums restore points
    lost elsewhere."""
    text = _without_specks(text)
    gap = _POINT_READ_AS_GAP.match(" ".join(nfkc(text).split()))
    if gap:
        return f"{gap.group(1)}.{gap.group(2)}"
    lost = _ZERO_POINT_LOST.match(clean(text))
    return f"0.{lost.group(1)}" if lost else text
