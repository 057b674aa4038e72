"""OCR's readings written as the text layer prints them; Chinese text left as read."""

from __future__ import annotations

import pytest

from pipeline.ocr_text import normalise

CASES = {
    "１２３．４５": "123.45",  # full-width digits and point
    "1O0.5O": "100.50",  # O beside digits is 0
    "l,234.56": "1,234.56",  # l before a separator is 1
    "1 , 234 . 56": "1,234.56",  # spaces around separators
    "2.940,05": "2,940.05",  # point and comma swapped: the grouping shows which is which
    "821,73": "821.73",  # a comma before the last two digits is the point
    "2,940:05": "2,940.05",
    "59..92": "59.92",  # a speck beside a separator read as another
    "1,,234.00": "1,234.00",
    "4;532,700.00": "4,532,700.00",  # a semicolon read for a comma
    "2，932：30.": "2,932.30",  # a full-width point read as a colon, a speck after the cents
    "1350,100.00": "1,350,100.00",  # a lost comma: every group after it whole, so are the digits
    "1142.100.00": "1,142,100.00",  # … and the other read as a point
    "15,035,00.00": "15,035,00.00",  # a lost digit: left for the recogniser to read again  # a colon read for the point
    "06.": "06",  # a speck of dust read as a point
    "02-": "02",  # … or as a hyphen after the number (a sign comes before it)
    "-12.50": "-12.50",
    "'49.14": "49.14",  # … or as a quote or prime
    "2,106.66”": "2,106.66",
    ".": "",  # … or read alone beside an amount: nothing is left of it
    "′": "",
    "．": "",
    "|": "",  # … as is a piece of a worn rule
    "住房公积金、": "住房公积金",  # … or as a 、 after a label
    "二十二、": "二十二、",  # numbering keeps its 、
    "+九、农林水支出": "十九、农林水支出",  # 十 read as +
    "一、、一般公共服务支出": "一、一般公共服务支出",  # a 、 read twice
    "十七。援助其他地区支出": "十七、援助其他地区支出",  # … or as a full stop: no sentence, that would end the table
    "十七。": "十七、",
    "Ⅱ": "11",  # a blurred serif 11, read as the Roman numeral
    "Ⅱ.32": "11.32",
    "Il": "Il",  # letters only: a word, not a number
    "一般公共预算财政拨款": "一般公共预算财政拨款",
}


@pytest.mark.parametrize(("read", "printed"), list(CASES.items()))
def test_reading_is_written_as_printed(read: str, printed: str) -> None:
    assert normalise(read) == printed
