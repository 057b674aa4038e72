"""A dim, blurred, low-resolution scan: grey print on grey paper, read as exactly as a crisp one.

At 110 dpi a serif face's thin strokes scan paler than the ink threshold, so an amount falls apart
into fragments (6.75 read as 6 and 5), a comma hangs below its line's band and drops out of it
(4,380,000.00 read as 4 and 380,000.00), and the recogniser reads a faint 11 as Ⅱ or n, and drops
a character of a short label (总计 read as 计, 小计 as 小).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pylopdf_fonts_zh_cn
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ocr import _with_pale_strokes, read_scanned
from pipeline.pdf import open_pdf
from pipeline.rules import Rule

from .scans import image_pdf

DPI = 110
FONTS = Path(pylopdf_fonts_zh_cn.__file__).parent
SERIF, SANS = FONTS / "NotoSerifSC-Regular.otf", FONTS / "NotoSansSC-Regular.otf"
COLUMNS_PT = (60, 100, 140, 300, 420)
ROWS = (
    ("210", "11", "行政事业单位医疗", "599,200.00", "11.32"),
    ("208", "05", "社会保障", "4,380,000.00", "6.75"),
    ("221", "02", "住房改革支出", "11.21", "1,350,100.00"),
)
LABELS = ("总计", "合计", "小计", "总计", "本年收入合计", "年初结转和结余", "总计")


def _px(pt: float) -> int:
    return round(pt * DPI / 72)


def _read(pdf: Path) -> list[str]:
    with open_pdf(pdf, pdf.stem) as pages:
        return sorted(w.text for w in read_scanned(pages[0]).words)


def _sheet(ink: int, paper: int, blur: float) -> Image.Image:
    sheet = Image.new("L", (_px(595), _px(842)), paper)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SERIF), _px(10))
    for r, row in enumerate(ROWS):
        for x, text in zip(COLUMNS_PT, row, strict=True):
            draw.text((_px(x), _px(100 + 22 * r)), text, fill=ink, font=font)
    return sheet.filter(ImageFilter.GaussianBlur(blur))


@pytest.mark.parametrize(("ink", "paper"), [(70, 215), (90, 215)])
def test_faint_blurred_print_reads_as_printed(tmp_path: Path, ink: int, paper: int) -> None:
    pdf = image_pdf(tmp_path / "faint.pdf", _sheet(ink, paper, blur=0.8))
    assert _read(pdf) == sorted(text for row in ROWS for text in row)


def test_small_blurred_labels_keep_every_character(tmp_path: Path) -> None:
    # 8 pt at 110 dpi: 总计 had read as 总, 本年收入合计 as 本年收入台
    sheet = Image.new("L", (_px(595), _px(842)), 200)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SANS), _px(8))
    for r, label in enumerate(LABELS):
        draw.text((_px(100 + 30 * r), _px(100 + 22 * r)), label, fill=70, font=font)
    pdf = image_pdf(tmp_path / "labels.pdf", sheet.filter(ImageFilter.GaussianBlur(0.8)))
    assert _read(pdf) == sorted(LABELS)


def test_a_label_read_a_character_short_is_read_again_wider(tmp_path: Path) -> None:
    # 8 pt sans blurred at 110 dpi: 小计 reads as 小 at its own width, as 小计 stretched
    sheet = Image.new("L", (_px(595), _px(842)), 205)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SANS), _px(8))
    for r, label in enumerate(("总计", "小计", "合计", "总计", "支出合计", "收入合计", "总计", "小计")):
        draw.text((_px(80 + 40 * (r % 4)), _px(100 + 30 * r)), label, fill=60, font=font)
    pdf = image_pdf(tmp_path / "short.pdf", sheet.filter(ImageFilter.GaussianBlur(1.0)))
    assert "小计" in _read(pdf)


def test_faint_amounts_set_hard_against_a_rule_read_whole(tmp_path: Path) -> None:
    # grey print flush right in its cell at 200 dpi: blurred, its pale strokes touch the rule, and
    # 445.69 had read as 445.6 (the 9, paler than the ink threshold, went with the rule)
    def px(pt: float) -> int:
        return round(pt * 200 / 72)

    sheet = Image.new("L", (px(595), px(842)), 207)
    draw, font = ImageDraw.Draw(sheet), ImageFont.truetype(str(SERIF), px(9))
    amounts = ("60.99", "445.69", "80.38", "187.19", "2,106.66")
    bottom = 95 + 22 * len(amounts)
    for r, amount in enumerate(amounts):
        draw.text((px(300), px(100 + 22 * r)), amount, fill=100, font=font, anchor="ra")
    for y in range(95, bottom + 1, 22):
        draw.line([(px(150), px(y)), (px(450), px(y))], fill=40, width=2)
    for x in (150, 300, 450):
        draw.line([(px(x), px(95)), (px(x), px(bottom))], fill=40, width=2)
    pdf = image_pdf(tmp_path / "flush.pdf", sheet.filter(ImageFilter.GaussianBlur(1.2)))
    assert _read(pdf) == sorted(amounts)


def test_a_faded_rules_stub_between_two_rules_is_no_pale_stroke() -> None:
    # a cell merged across a faded upright: what is left of it between the rules above and below, all
    # pale, had joined the two amounts either side into one (8.10 8.10 read as 8,108.10); a pale stroke
    # flush against one rule only (a faint 9 beside its cell's upright) is print
    ink, pale = np.zeros((100, 200), np.uint8), np.zeros((100, 200), np.uint8)
    pale[[20, 21, 46, 47], :] = 255  # two rules across
    pale[22:46, 100:102] = 255  # the faded upright between them
    pale[28:40, 176:190] = 255  # a pale 9 (its cores dark) flush against…
    ink[30:38, 178:182] = 255
    pale[22:46, 190:192] = 255  # … an upright
    rules = np.zeros_like(pale)
    rules[[20, 21, 46, 47], :] = rules[22:46, 190:192] = 255
    off_rules = cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    upright = [Rule(False, 95.5, 11.0, 23.0)]  # in points, at 2 pixels a point
    added = _with_pale_strokes(ink, pale, off_rules, upright, scale=2.0)
    assert not added[25:43, 100:102].any()
    assert added[28:40, 176:188].all()


@pytest.mark.parametrize(("ink", "hairline"), [(70, None), (90, None), (90, 150)])
def test_faint_print_where_the_light_fell_brighter_reads_as_printed(
    tmp_path: Path, ink: int, hairline: int | None
) -> None:
    # a phone's photo: most of the sheet its usual grey, the table's corner lit brighter; the print there
    # is as dark against the paper about it as a dim scan's, but hardly darker than the page's usual grey.
    # Hairlines between its rows (an unruled table's), as dark there as the print, are no text (no dash).
    sheet = _sheet(ink, paper=235, blur=0.8)
    draw = ImageDraw.Draw(sheet)
    draw.rectangle((0, _px(200), sheet.width, sheet.height), fill=195)
    for r in range(len(ROWS) + 1) if hairline else ():
        y = _px(100 + 22 * r - 5)
        draw.line((_px(55), y, _px(520), y), fill=hairline, width=1)
    pdf = image_pdf(tmp_path / "lit.pdf", sheet)
    assert _read(pdf) == sorted(text for row in ROWS for text in row)
