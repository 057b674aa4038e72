"""Tables keyed by codes and printed without rules, as another renderer lays them out: 类 and 款 in
columns of their own, a class's 款 rows continuing on the next page, a group heading printed narrow.

Word positions are those of a matplotlib-made disclosure (points, 9 pt tall), trimmed to the rows
that matter.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts import TableReader
from pipeline.unruled import words_grid
from pipeline.words import Box


def _line(top: float, *words: tuple[str, float, float]) -> list[Box]:
    return [Box(text, x0, top, x1, top + 9) for text, x0, x1 in words]


def _facts(table_code: str, *pages: list[Box]) -> dict[tuple[str, str], Decimal]:
    reader = TableReader(table_code, "万元", "doc", "final")
    for number, words in enumerate(pages, start=1):
        grid = words_grid(number, words, "text", table_code)
        assert grid is not None
        reader.read(grid)
    return {(f.line_key, f.measure): f.amount for f in reader.reading.facts}


HEADER_06 = [
    *_line(43, ("经济分类科目编码", 203, 263)),
    *_line(51, ("科目名称", 305, 335), ("金额", 377, 392)),
    *_line(59, ("类", 211, 218), ("款", 249, 256)),
]


def test_a_continued_page_opening_with_bare_kuan_codes_inherits_their_class() -> None:
    first = [
        *HEADER_06,
        *_line(75, ("302", 199, 212), ("商品和服务支出", 275, 328), ("6.04", 377, 391)),
        *_line(92, ("01", 237, 246), ("办公费", 275, 298), ("0.11", 377, 391)),
    ]
    # no amount in the first rows: they are still body rows, 15 under 款, not a header line
    second = [
        *HEADER_06,
        *_line(75, ("15", 237, 246), ("会议费", 275, 298)),
        *_line(92, ("16", 237, 246), ("培训费", 275, 298)),
        *_line(108, ("17", 237, 246), ("公务接待费", 275, 313)),
        *_line(124, ("18", 237, 246), ("专用材料费", 275, 313), ("0.87", 377, 391)),
        *_line(140, ("28", 237, 246), ("工会经费", 275, 305), ("1.59", 377, 391)),
        *_line(156, ("310", 199, 212), ("资本性支出", 275, 313)),
        *_line(172, ("01", 237, 246), ("房屋建筑物购建", 275, 328)),
        # the table's own rows, printed across both code columns
        *_line(188, ("人员经费合计", 199, 244), ("128.98", 373, 396)),
        *_line(204, ("公用经费合计", 199, 244), ("6.04", 377, 391)),
    ]
    facts = _facts("06", first, second)
    assert facts[("30218", "actual")] == Decimal("0.87")
    assert facts[("30228", "actual")] == Decimal("1.59")
    assert facts[("public_total", "actual")] == Decimal("6.04")


def test_a_page_continuing_without_its_header_keeps_the_last_class() -> None:
    header = [
        *_line(104, ("经济分类科目编码", 95, 175)),
        *_line(116, ("科目名称", 315, 355), ("金额", 487, 507)),
        *_line(128, ("类", 89, 99), ("款", 171, 181)),
    ]
    first = [
        *header,
        *_line(704, ("39", 145, 156), ("其他交通费用", 237, 297), ("48.49", 507, 532)),
        *_line(728, ("99", 145, 156), ("其他商品和服务支出", 237, 327), ("11.53", 507, 532)),
        *_line(752, ("310", 63, 79), ("资本性支出", 227, 277), ("13.58", 507, 532)),
    ]
    second = [
        *_line(58, ("02", 145, 156), ("办公设备购置", 237, 297), ("13.58", 507, 532)),
        *_line(82, ("人员经费合计", 63, 123), ("2,152.26", 493, 532)),
        *_line(106, ("公用经费合计", 63, 123), ("184.65", 502, 532)),
    ]
    facts = _facts("06", first, second)
    assert facts[("31002", "actual")] == Decimal("13.58")
    assert facts[("personnel_total", "actual")] == Decimal("2152.26")


def test_a_code_line_under_a_wrapped_label_starts_a_row_of_its_own() -> None:
    words = [
        *HEADER_06,
        *_line(75, ("11", 237, 246), ("代缴社会保险费", 275, 340)),
        *_line(95, ("99", 237, 246), ("其他对个人和家庭的", 275, 357)),
        *_line(107, ("补助", 275, 294)),
        *_line(127, ("302", 199, 212), ("商品和服务支出", 275, 340), ("169.62", 373, 396)),
        *_line(149, ("99", 237, 246), ("其他商品和服务支出", 275, 357), ("10.78", 375, 393)),
    ]
    facts = _facts("06", [*HEADER_06, *_line(70, ("303", 199, 212), ("对个人和家庭的补助", 275, 357))], words)
    assert facts[("302", "actual")] == Decimal("169.62")
    assert facts[("30299", "actual")] == Decimal("10.78")


@pytest.mark.parametrize("heading_top", [73.24, 84.04])
def test_a_group_heading_between_the_level_columns_is_no_level(heading_top: float) -> None:
    # as wide as the gap between 类 and 款; alone above 经济分类科目名称, or in its line
    words = [
        Box("部门预算经济分类科目编码", 126.05, heading_top, 228.05, heading_top + 12.22),
        Box("经济分类科目名称", 376.28, 84.04, 444.33, 96.25),
        Box("合计", 564.71, 84.04, 581.71, 96.25),
        Box("人员经费", 637.23, 84.04, 671.44, 96.25),
        Box("公用经费", 718.25, 84.04, 752.46, 96.25),
        Box("类", 117.39, 94.83, 125.89, 107.05),
        Box("款", 228.20, 94.83, 236.70, 107.05),
    ]
    for top, kuan, name, amount in ((116.42, "01", "离休费", "1.00"), (138.01, "02", "退休费", "62.88")):
        words += [Box("303", 114.54, top, 128.74, top + 12.22), Box(kuan, 228.08, top, 236.82, top + 12.22)]
        words += [Box(name, 302.47, top, 328.18, top + 12.22), Box(amount, 562.32, top, 584.09, top + 12.22)]
    facts = _facts("06", words)
    assert facts[("30301", "total")] == Decimal("1.00")
    assert facts[("30302", "total")] == Decimal("62.88")


def test_a_narrow_heading_alone_over_the_whole_header_heads_no_column() -> None:
    words = [
        *_line(74, ("“三公”经费预算数", 327, 390)),
        *_line(87, ("公务用车购置及运行费", 485, 555), ("机关运行经费预算数", 707, 770)),
        *_line(94, ("合计", 70, 84), ("因公出国(境)费", 153, 200), ("公务接待费", 283, 318)),
        *_line(101, ("小计", 408, 422), ("购置费", 509, 530), ("运行费", 613, 634)),
        # amounts right-aligned in wide columns, each far right of its centred heading
        *_line(115, ("3.00", 96, 110), ("1.00", 221, 235), ("2.00", 346, 360), ("0.00", 450, 464)),
        *_line(115, ("0.00", 554, 568), ("0.00", 659, 672), ("89800.00", 768, 797)),
    ]
    reader = TableReader("09", "元", "doc", "budget")
    grid = words_grid(1, words, "text", "09")
    assert grid is not None
    reader.read(grid)
    facts = {f.line_key: f.amount for f in reader.reading.facts}
    assert facts["reception"] == Decimal("2.00")
    assert facts["total"] == Decimal("3.00")
    assert facts["admin_operation"] == Decimal("89800.00")


def test_a_two_halves_page_continued_with_its_left_class_column_blank() -> None:
    # 人员经费 | 公用经费 side by side; the next page repeats no header and prints 303's 款 rows alone
    header = [
        *_line(129, ("人员经费", 233, 272), ("公用经费", 593, 631)),
        *_line(151, ("经济分类科目编码", 87, 163), ("经济分类科目编码", 468, 544)),
        *_line(162, ("科目名称", 263, 301), ("决算数", 394, 423), ("科目名称", 627, 665), ("决算数", 737, 766)),
        *_line(173, ("类", 90, 97), ("款", 154, 161), ("类", 471, 478), ("款", 535, 542)),
    ]
    first = [
        *header,
        *_line(190, ("301", 84, 103), ("工资福利支出", 197, 254), ("91.03", 408, 435), ("302", 465, 484)),
        *_line(190, ("商品和服务支出", 579, 644), ("4.05", 751, 772)),
        *_line(212, ("99", 151, 163), ("其他工资福利支出", 206, 282), ("91.03", 408, 435), ("14", 532, 544)),
        *_line(212, ("租赁费", 588, 616), ("-", 769, 772)),
        *_line(234, ("303", 84, 103), ("对个人和家庭的补助", 197, 282), ("69.41", 408, 435), ("15", 532, 544)),
        *_line(234, ("会议费", 588, 616), ("-", 769, 772)),
    ]
    second = [
        *_line(68, ("01", 151, 163), ("离休费", 206, 235), ("-", 431, 435), ("16", 532, 544), ("培训费", 588, 616)),
        *_line(68, ("4.05", 751, 772)),
        *_line(90, ("02", 151, 163), ("退休费", 206, 235), ("69.10", 408, 435), ("17", 532, 544)),
        *_line(90, ("公务接待费", 588, 635), ("-", 769, 772)),
    ]
    facts = _facts("06", first, second)
    assert facts[("30302", "actual")] == Decimal("69.10")
    assert facts[("30216", "actual")] == Decimal("4.05")


def test_a_page_of_one_row_puts_its_left_aligned_xiang_code_under_xiang() -> None:
    header = [
        *_line(57, ("项目", 245, 266), ("本年支出", 540, 582)),
        *_line(81, ("功能分类科目编码", 98, 182)),
        *_line(92, ("科目名称", 319, 361), ("小计", 477, 498), ("基本支出", 534, 576), ("项目支出", 609, 651)),
        *_line(104, ("类", 78, 88), ("款", 134, 145), ("项", 191, 202)),
    ]
    first = [
        *header,
        *_line(127, ("221", 63, 80), ("住房保障支出", 233, 296), ("12.67", 474, 500), ("12.67", 542, 569)),
        *_line(150, ("02", 120, 132), ("住房改革支出", 233, 296), ("12.67", 474, 500), ("12.67", 542, 569)),
        *_line(173, ("01", 177, 188), ("住房公积金", 233, 286), ("10.49", 474, 500), ("10.49", 542, 569)),
    ]
    second = [*header, *_line(127, ("02", 177, 188), ("提租补贴", 233, 275), ("2.18", 477, 497), ("2.18", 545, 566))]
    facts = _facts("05", first, second)
    assert facts[("2210202", "total")] == Decimal("2.18")
    assert facts[("22102", "total")] == Decimal("12.67")


def test_amounts_wider_than_their_columns_overlapping_by_a_point_stay_apart() -> None:
    words = [
        *_line(106, ("部门预算经济分类科目编码", 63, 195), ("一般公共预算基本支出", 385, 495)),
        *_line(118, ("经济分类科目名称", 228, 316)),
        *_line(131, ("类", 86, 97), ("款", 162, 173), ("合计", 363, 385)),
        *_line(131, ("人员经费", 425, 469), ("公用经费", 490, 535)),
    ]
    for top, code, name, total, personnel in (
        (155, "", "合计", "1,709,200.00", "1,619,400.00"),
        (180, "301", "工资福利支出", "1,619,400.00", "1,619,400.00"),
        (205, "01", "基本工资", "374,600.00", "374,600.00"),
        (229, "02", "津贴补贴", "98,800.00", "98,800.00"),
    ):
        x0 = 81 if len(code) == 3 else 160
        words += _line(top, (code, x0, x0 + 14), (name, 210, 276)) if code else _line(top, (name, 185, 207))
        words += _line(top, (total, 406 - 6.2 * len(total), 406), (personnel, 479 - 6.2 * len(personnel), 479))
    words += _line(155, ("89,800.00", 481, 537))
    facts = _facts("06", words)
    assert facts[("total", "total")] == Decimal("1709200.00")
    assert facts[("total", "personnel")] == Decimal("1619400.00")
    assert facts[("30101", "personnel")] == Decimal("374600.00")


def test_a_continued_page_with_only_its_xiang_column_keeps_the_level() -> None:
    # the page holds the last 项 row and 合计 centred over the code columns: one code column, under 项
    header = [
        *_line(88, ("项目", 138, 160)),
        *_line(113, ("功能分类科目编码", 57, 145), ("本年收入合计", 276, 342), ("财政拨款收入", 360, 426)),
        *_line(125, ("科目名称", 198, 242)),
        *_line(137, ("类", 49, 60), ("款", 96, 107), ("项", 143, 154)),
    ]
    first = [
        *header,
        *_line(161, ("221", 45, 63), ("住房保障支出", 182, 248), ("17.20", 309, 342), ("17.20", 393, 426)),
        *_line(185, ("02", 95, 107), ("住房改革支出", 182, 248), ("17.20", 309, 342), ("17.20", 393, 426)),
        *_line(209, ("01", 143, 155), ("住房公积金", 182, 237), ("15.79", 309, 342), ("15.79", 393, 426)),
    ]
    second = [
        *_line(38, ("02", 143, 155), ("提租补贴", 182, 226), ("1.41", 321, 342), ("1.41", 405, 426)),
        *_line(62, ("合计", 138, 160), ("173.61", 309, 342), ("173.61", 393, 426)),
    ]
    facts = _facts("02", first, second)
    assert facts[("2210202", "total")] == Decimal("1.41")
    assert facts[("total", "fiscal_appropriation")] == Decimal("173.61")


def test_a_continued_page_printing_a_class_among_its_own_rows_keeps_the_class_column() -> None:
    # the class column holds 310 and the table's own rows: more words than codes, still the 类 column;
    # the page's 款 codes stand narrower than the 款 heading made that column on the page before
    first = [
        *_line(107, ("经济分类科目编码", 185, 249)),
        *_line(117, ("科目名称", 304, 336), ("决算数", 389, 413)),
        *_line(127, ("类", 191, 199), ("款", 235, 243)),
        *_line(146, ("302", 179, 192), ("商品和服务支出", 268, 324), ("171.07", 389, 413)),
        *_line(166, ("04", 223, 232), ("手续费", 276, 300), ("0.09", 393, 409)),
    ]
    second = [
        *_line(70, ("05", 223, 231), ("水费", 276, 292)),
        *_line(90, ("07", 223, 231), ("邮电费", 276, 300), ("4.88", 393, 409)),
        *_line(109, ("310", 179, 192), ("资本性支出", 268, 308), ("13.58", 391, 411)),
        *_line(129, ("02", 223, 231), ("办公设备购置", 276, 324), ("13.58", 391, 411)),
        *_line(148, ("人员经费合计", 179, 227), ("2,152.26", 385, 416)),
        *_line(168, ("公用经费合计", 179, 227), ("184.65", 389, 413)),
    ]
    facts = _facts("06", first, second)
    assert facts[("30207", "actual")] == Decimal("4.88")
    assert facts[("31002", "actual")] == Decimal("13.58")
    assert facts[("public_total", "actual")] == Decimal("184.65")
