"""Safe clean-up of what OCR reads: only runs of text that hold a digit are touched.

Inside such a run, full-width digits and separators become ASCII, O/o beside a digit or separator
is 0 and l/I is 1, spaces around a separator vanish, a separator read twice is one (59..92), and a
comma read for the decimal point (or a point for a thousands comma, a colon for the point or for a
comma) is put right where the grouping shows which is which (2.940,05 → 2,940.05), and a comma
before the last two digits of a number is its point (821,73 → 821.73: thousands groups have three
digits). A head group longer than three digits before well-formed ones lost a comma and is grouped
again (1350,100.00 or 1142.100.00 → 1,142,100.00); a group short of a digit (15,035,00.00) lost a
digit, and stays for the recogniser to read again. A number read alone with a point, comma, quote
or prime at an end, or a hyphen after it, loses it: that was a speck of dust (06. → 06, 02- → 02,
'49.14 → 49.14, 2,106.66” → 2,106.66), and so was a 、 after a label that is not numbering, or such
a mark read alone (nothing is left of it), as is a bar (|) alone. A + in numbering (+九、) is 十,
a 、 read twice (一、、) is one (no label doubles it), and a 。 after numbering (十七。) is its 、.
Roman numerals alone or among digits are ones (a blurred serif 11 reads as Ⅱ): no table prints them.
Chinese text and everything else stays exactly as read.
"""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBERING = re.compile(r"^[一二三四五六七八九十百]+、$")
_TEN = re.compile(r"(?:^|(?<=[一二三四五六七八九]))\+(?=[一二三四五六七八九、])")  # 十 read as +: +九、 二+一、
_DOUBLED_MARK = re.compile(r"、{2,}")
_NUMBERED_STOP = re.compile(r"^([一二三四五六七八九十]+)。")  # 十七。援助…: numbering's 、 read as 。, no sentence
_WIDE = str.maketrans("０１２３４５６７８９，．：；", "0123456789,.:;")
_ROMAN = str.maketrans({"Ⅰ": "1", "Ⅱ": "11", "Ⅲ": "111"})
_ROMAN_NUMBER = re.compile(r"^[\d,.]*[ⅠⅡⅢ][ⅠⅡⅢ\d,.]*$")  # a blurred serif 11 reads as Ⅱ
_RUN = re.compile(r"[0-9０-９OoIl][0-9０-９OoIl,.，．:;：； ]*")
_LOOKALIKE = re.compile(r"(?<=[\d,.])[OoIl]|[OoIl](?=[\d,.])")
_DIGIT_FOR = {"O": "0", "o": "0", "I": "1", "l": "1"}
_SPACED_SEPARATOR = re.compile(r"\s*([,.])\s*")
_DOUBLED_SEPARATOR = re.compile(r"(?<=\d)([,.])\1+(?=\d)")  # 59..92: a speck beside the point read as another
_SPECK = ",.'`′‘’“”´"  # what a speck of dust beside a number reads as
_EDGES = re.compile(rf"^[{_SPECK}]+|[{_SPECK}-]+$")
_SPECK_ALONE = re.compile(rf"^[{_SPECK}:;·″．，：]+$")
BARS = "|丨｜"  # what a worn rule left standing reads as
_BARS_ALONE = re.compile(f"^[{BARS}]+$")  # a rule's piece alone (a 1 read so was made a 1 before)
_SPECKED = re.compile(rf"^[{_SPECK}]+[\d,.]*\d[\d,.]*$|^[\d,.]*\d[\d,.]*[{_SPECK}-]+$")
# 2,940:05 427700:00: a colon before the cents is the point (a speck after them goes later)
_COLON_POINT = re.compile(r"^(\d[\d,]*)[:;](\d{2})(?=[,.]?$)")
_COLON_COMMA = re.compile(r"(?<=\d)[:;](?=\d{3}(?!\d))")  # 4;532,700.00: before a thousands group, the comma
_COMMA_POINT = re.compile(r"^\d{1,3}(?:,\d{3})*,\d{2}$")  # 821,73: groups have three digits, so , is the point
_LOST_COMMA = re.compile(r"^\d{4,}(?:[.,]\d{3})+\.\d{2}$")  # 1350,100.00 1142.100.00: every digit there
_GROUPED = re.compile(r"^(?P<head>\d{1,3})(?P<groups>(?:[.,]\d{3})+)(?:[.,](?P<frac>\d{1,2}))?$")


def normalise(text: str) -> str:
    """OCR output with its numbers written as the text layer prints them."""
    if _ROMAN_NUMBER.match(text.strip()):
        text = text.translate(_ROMAN)
    text = _TEN.sub("十", _RUN.sub(lambda m: _number(m.group(0)), text.strip()))
    text = _NUMBERED_STOP.sub(r"\1、", _DOUBLED_MARK.sub("、", text))
    if _SPECK_ALONE.match(text) or _BARS_ALONE.match(text):
        return ""  # a speck of dust beside an amount (12.47 .), or a piece of a rule, read on its own
    if _SPECKED.match(text):
        text = _EDGES.sub("", text)  # a speck of dust beside a number read as a point: 06. .06 60.99.
    if text.endswith("、") and not _NUMBERING.match(text):
        text = text[:-1]  # a speck after a label read as 、: only numbering (二十二、) ends with it
    return text


def _number(run: str) -> str:
    trailing = run[len(run.rstrip()) :]
    run = run.rstrip().translate(_WIDE)
    if not any(c.isdigit() for c in run):
        return run + trailing  # letters only (Il, oO…): a word, not a misread number
    previous = None
    while previous != run:  # 1OO needs two passes: each O becomes 0 once its neighbour is a digit
        previous, run = run, _LOOKALIKE.sub(lambda m: _DIGIT_FOR[m.group(0)], run)
    run = _DOUBLED_SEPARATOR.sub(r"\1", _SPACED_SEPARATOR.sub(r"\1", run))
    run = _COLON_POINT.sub(r"\1.\2", run)
    if _COMMA_POINT.match(run):
        run = run[:-3] + "." + run[-2:]
    run = _COLON_COMMA.sub(",", run)
    grouped = _GROUPED.match(run)
    if grouped and (grouped.group("frac") or len(grouped.group("groups")) > 4):  # 1.234 alone stays ambiguous
        frac = grouped.group("frac")
        run = grouped.group("head") + grouped.group("groups").replace(".", ",") + (f".{frac}" if frac else "")
    if _LOST_COMMA.match(run):
        run = f"{Decimal(re.sub(r'[.,]', '', run[:-3]) + run[-3:]):,}"
    return run + trailing
