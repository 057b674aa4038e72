"""Normalising printed labels so that publisher variants compare equal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

CJK = re.compile(r"[\u4e00-\u9fff]")
_OF_WHICH = re.compile(r"^\s*其中\s*:?")  # before or after the numbering: 其中：(1)公务用车购置费
_DROP = re.compile(r"[\s()\[\]（）【】“”\"'‘’《》<>:：,，;；.。·・]")
# 一、  （一）  (1)  1.  1、  第一  — numbering that publishers put before line labels; a 、 alone is
# numbering whose thin 一 a scan lost
_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[一二三四五六七八九十百\d]+\s*[)）]|[一二三四五六七八九十百]*\s*[、.．]|\d+\s*[、.．](?!\d))\s*"
)
_CN_DIGITS = "一二三四五六七八九十"
MISREAD_LONG = 9  # characters a label needs before OCR may misread a third of them and still name it


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to their ordinary forms."""
    return unicodedata.normalize("NFKC", text)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９　：", "0123456789 :")


def ascii_digits(text: str) -> str:
    """Full-width digits and spaces only, keeping （） and other punctuation as printed."""
    return text.translate(_FULL_WIDTH_DIGITS)


def squash(text: str) -> str:
    """Collapse whitespace (including the line breaks of wrapped cells)."""
    return re.sub(r"\s+", "", nfkc(text))


def strip_numbering(label: str) -> str:
    previous = None
    while previous != label:
        previous, label = label, _NUMBERING.sub("", label, count=1)
    return label


def norm_label(text: str) -> str:
    """The comparable form of a label: no numbering, 其中 (a first sub-line's "of which"), spaces,
    brackets, quotes or punctuation."""
    return _DROP.sub("", strip_numbering(_OF_WHICH.sub("", strip_numbering(nfkc(text)))))


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (enough for table and part numbers)."""
    if not text or any(c not in _CN_DIGITS for c in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_CN_DIGITS.index(ones) + 1 if ones else 0)
    return _CN_DIGITS.index(text) + 1 if len(text) == 1 else None


def in_order(short: str, long: str) -> bool:
    """Every character of `short` stands in `long`, in the same order (what a reading that lost some kept)."""
    rest = iter(long)
    return all(char in rest for char in short)


def edit_distance(a: str, b: str, bound: int | None = None) -> int:
    """Levenshtein distance: how many characters were changed, dropped or added (OCR's misreads).
    Given a `bound`, any distance beyond it comes out as bound + 1, found as soon as a row of the
    table passes it (a page's lines are mostly far from the label they are held against)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if bound is not None and min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1] if bound is None else min(previous[-1], bound + 1)


def substitutions(a: str, b: str) -> int:
    """How many characters two texts as long differ in (OCR reads one glyph as another)."""
    return sum(x != y for x, y in zip(a, b, strict=True))


def read_down(text: str) -> str:
    """A heading written down in columns of characters, the columns right to left (a narrow cell prints
    一般公共预算财政拨款 so in two, 一般公共预 on the right), in reading order; other text as it is. Read a
    line at a time it came out 算一财般政公拨共款预. A column shorter than the others is the last, the
    leftmost: a line holding fewer characters holds those of the columns on the right."""
    rows = [line.split() for line in text.splitlines() if line.strip()]
    columns = max((len(row) for row in rows), default=0)
    if len(rows) < 2 or columns < 2 or any(len(part) != 1 for row in rows for part in row):
        return text
    return "".join(row[-1 - column] for column in range(columns) for row in rows if len(row) > column)


def split_read(text: str, label: str) -> bool:
    """Whether OCR's text is the label with one character read as two, its halves apart (决 as 2次)."""
    return split_halves(text, label) is not None


def split_halves(text: str, label: str) -> str | None:
    """The two characters OCR's text reads for one of the label's (2次 for 决 in 2次算数), if that is all
    that parts them."""
    if len(text) != len(label) + 1:
        return None
    return next(
        (text[i : i + 2] for i in range(len(label)) if text[:i] == label[:i] and text[i + 2 :] == label[i + 1 :]),
        None,
    )


def misread_of(text: str, label: str, others: Iterable[str]) -> bool:
    """Whether OCR's text is a misread of a long label (small type scanned coarsely): at most a third of
    its characters changed, dropped or added, and every other label (of something else) at least twice
    as far from the text."""
    if len(label) < MISREAD_LONG:
        return False
    distance = edit_distance(text, label)
    return 0 < distance <= len(label) // 3 and all(edit_distance(text, other) >= 2 * distance for other in others)


def near_in(label: str, text: str) -> bool:
    """Whether text holds label with at most one character changed, dropped or added."""
    return len(text) >= len(label) - 1 and bool(_one_off(label).search(text))


@cache
def _one_off(label: str) -> re.Pattern[str]:
    """The label, and every variant of it one character off, as one pattern."""
    variants = [re.escape(label[:i]) + ".?" + re.escape(label[i + 1 :]) for i in range(len(label))]
    variants += [re.escape(label[:i]) + "." + re.escape(label[i:]) for i in range(len(label) + 1)]
    return re.compile("|".join(variants))
