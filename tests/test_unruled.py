"""Rows of a table printed without rules, from where its words stand.

The words are placed as OCR boxes them: around the ink, not the font's height, so the two lines of a
wrapped label stand further apart than in a text layer (here 4 pt between lines 8 pt tall).
"""

from __future__ import annotations

import pytest

from pipeline.columns import classify_columns, header_end
from pipeline.rules import Rule
from pipeline.unruled import _Band, _part_at_gutter, words_grid
from pipeline.words import Box
from tests.reading import read_table

HEADER = [Box("项目", 50, 100, 70, 108), Box("决算数", 230, 100, 260, 108), Box("项目", 280, 100, 300, 108)]
HEADER += [Box("决算数", 455, 100, 485, 108)]


def _row(top: float, left: str, amount: str, right: str, right_amount: str) -> list[Box]:
    return [
        Box(left, 52, top, 140, top + 8),
        Box(amount, 239, top, 263, top + 8),
        Box(right, 274, top, 362, top + 8),
        Box(right_amount, 460, top, 486, top + 8),
    ]


WRAPPED = {
    # 一般公共预算财政 | 拨款 wrapped round a centred line of amounts, each half reaching into it by 2.5 pt
    "amounts centred": [
        Box("一、一般公共预算财政", 53, 169, 141.5, 177.5),
        Box("173.61", 239, 175, 263.5, 183.5),
        Box("一、一般公共服务支出", 274, 175, 362.5, 183.5),
        Box("132.37", 460, 175.5, 486, 182.5),
        Box("拨款", 52.5, 181.5, 69.5, 189.5),
    ],
    # amounts top-aligned with the label's first line (its 一、 OCR'd as —), the right half's label centred
    "amounts top-aligned": [
        Box("—", 52.5, 167.5, 61, 176.5),
        Box("一般公共预算财政", 72, 167.5, 141.5, 177),
        Box("173.61", 239, 168, 263.5, 177),
        Box("132.37", 460, 168, 486, 177),
        Box("一、一般公共服务支出", 274, 173.5, 362.5, 183),
        Box("拨款", 52.5, 180.5, 69.5, 190),
    ],
}
# the same with the label's 一、一 lost: its tail starts left of what was read of its head; centred, the
# head, first under the header, has nothing of a row
WRAPPED["amounts top-aligned, numbering lost"] = [
    Box("般公共预算财政", 76, 167.5, 141.5, 177),
    *WRAPPED["amounts top-aligned"][2:],
]
WRAPPED["amounts centred, numbering lost"] = [
    Box("般公共预算财政", 76, 169, 141.5, 177.5),
    *WRAPPED["amounts centred"][1:],
]


@pytest.mark.parametrize("case", sorted(WRAPPED))
def test_label_wrapped_round_the_middle_of_its_row_keys_it(case: str) -> None:
    below = _row(206, "二、政府性基金预算财政拨款", "12.00", "二、外交支出", "3.00")
    last = _row(238, "三、国有资本经营预算财政拨款", "1.00", "三、国防支出", "4.00")
    grid = words_grid(1, HEADER + WRAPPED[case] + below + last, source="ocr")
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    body = rows[rows.index(["项目", "决算数", "项目", "决算数"]) + 1 :]
    numbering = "" if "numbering lost" in case else "一、一"
    assert [text.replace("—", "一、").replace(" ", "") for text in body[0]] == [
        f"{numbering}般公共预算财政\n拨款",
        "173.61",
        "一、一般公共服务支出",
        "132.37",
    ]
    assert [row[1] for row in body[1:]] == ["12.00", "1.00"]


def test_a_continued_page_opening_on_a_row_without_amounts() -> None:
    # 十六、 read as 十六. and the amount blank: the row is the first of the body, not a header over it
    words = [Box("十六.", 51, 55, 68, 62.5), Box("金融支出", 76, 55, 105, 62.5), Box("28", 141, 55.5, 150, 61.5)]
    for r, (label, amount) in enumerate((("十七、援助其他地区支出", "1.00"), ("十八、自然资源海洋气象等支出", "2.00"))):
        top = 73 + 18 * r
        words += [Box(label, 51, top, 130, top + 7.5), Box(str(29 + r), 142, top, 150, top + 6)]
        words.append(Box(amount, 520, top, 540, top + 7.5))
    grid = words_grid(1, words, source="ocr")
    assert grid is not None
    assert [grid.text(0, c) for c in range(grid.n_cols)] == ["十六. 金融支出", "28", ""]


def test_two_halves_labels_wrapped_round_one_line_of_amounts() -> None:
    # 三、国有资本 / 经营预算财政 / 拨款 on the left, 九、卫生健康 / 支出 on the right, the amounts centred:
    # the scan boxed 支出 taller than the line, so it stands in one line with the left's tail 拨款
    words = [
        Box("三、国有资本", 53.5, 229.4, 109.9, 238.4),
        Box("九、卫生健康", 274, 234.9, 330, 243.9),
        Box("经营预算财政", 53.5, 240.9, 109.9, 249.8),
        Box("85.20", 460, 240.9, 486, 248.8),
        Box("拨款", 54.0, 252.8, 72.0, 261.8),
        Box("支出", 274, 246.8, 291, 258.3),
    ]
    last = _row(280, "本年收入合计", "173.61", "本年支出合计", "173.61")
    grid = words_grid(1, HEADER + _row(200, "二、其他收入", "1.00", "八、社会保障和就业支出", "15.52") + words + last)
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert next(row for row in rows if "85.20" in row)[-2:] == ["九、卫生健康\n支出", "85.20"]


def test_a_page_number_under_rows_of_wrapped_labels_is_no_row() -> None:
    # boxes as a text layer's (13.6 pt for 11 pt type): a wrapped label's lines overlap, most lines are
    # such, and the page number 39 pt below the last row is less than three of its heights below it
    labels = [("七、文化旅游", "体育与传媒支", "出"), ("八、社会保障", "和就业支出"), ("十九、住房保", "障支出")]
    words, top = [], 136.0
    for r, label in enumerate(labels):
        words += [Box(line, 274, top + 12 * k, 330, top + 12 * k + 13.6) for k, line in enumerate(label)]
        words.append(Box(f"{r + 1}.00", 460, top + 6, 486, top + 19.6))
        top += 12 * len(label) + 1.6 + 12.2
    words.append(Box("10", 292, top - 12.2 + 39, 303, top - 12.2 + 52.6))
    grid = words_grid(1, HEADER + words)
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert rows[-1] == ["十九、住房保\n障支出", "3.00"]


# Table 05 ruled across only, rows 22 pt tall: amounts set at the top of each row, code and label at
# its foot, so a row's amounts stand nearer the label of the row above than their own
RULED_ROWS = [
    ("201", "一般公共服务支出", "821.73", "104.06", "717.67"),
    ("20137", "网信事务", "821.73", "104.06", "717.67"),
    ("2013704", "信息安全事务", "23.38", "-", "23.38"),
    ("2013750", "事业运行", "760.05", "104.06", "655.99"),
    ("208", "社会保障和就业支出", "10.68", "10.68", "-"),
]
RULED_HEADER = [Box("科目编码", 50, 100, 82, 108), Box("科目名称", 140, 100, 172, 108)]
RULED_HEADER += [Box(h, x, 100, x + 32, 108) for h, x in (("合计", 290), ("基本支出", 380), ("项目支出", 470))]


def _ruled_rows(top: float) -> list[Box]:
    words = []
    for r, (code, label, *amounts) in enumerate(RULED_ROWS):
        y = top + 22 * r
        words += [
            Box(code, 50, y + 12, 50 + 5 * len(code), y + 20),
            Box(label, 140, y + 12, 140 + 8 * len(label), y + 20),
        ]
        words += [Box(a, x - 5 * len(a), y + 1, x, y + 9) for a, x in zip(amounts, (320, 410, 500), strict=True)]
    return words


def _body(grid) -> list[list[str]]:
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    return rows[rows.index(["科目编码", "科目名称", "合计", "基本支出", "项目支出"]) + 1 :]


def test_rules_across_part_rows_whose_amounts_stand_at_the_top() -> None:
    top = 120.0
    rules = [Rule(True, top + 22 * r, 45, 505) for r in range(len(RULED_ROWS) + 1)]
    grid = words_grid(1, RULED_HEADER + _ruled_rows(top), "ocr", "05", rules)
    assert grid is not None
    assert _body(grid) == [list(row) for row in RULED_ROWS]


def test_rules_that_do_not_part_every_row_are_not_taken_for_rows() -> None:
    # a rule every other row (and the foot): two lines of amounts share a band, so the rules part groups
    top = 120.0
    rules = [Rule(True, top + 44 * r, 45, 505) for r in range(3)] + [Rule(True, top + 22 * len(RULED_ROWS), 45, 505)]
    grid = words_grid(1, RULED_HEADER + _ruled_rows(top), "ocr", "05", rules)
    assert grid is not None
    assert all(sum(cell.count(".") for cell in row) <= 3 for row in _body(grid))  # never two rows' amounts in one


def _one_row(amounts_at: float) -> list[Box]:
    """RULED_ROWS' 事业运行 row: its code and label at 130–137 pt, its amounts at `amounts_at`."""
    code, label, *amounts = RULED_ROWS[3]
    words = [Box(code, 50, 130, 85, 137), Box(label, 140, 130, 172, 137)]
    xs = (320, 410, 500)
    return words + [Box(a, x - 5 * len(a), amounts_at, x, amounts_at + 7) for a, x in zip(amounts, xs, strict=True)]


@pytest.mark.parametrize("amounts_at", [125.0, 135.0])  # above the label, or below it
def test_amounts_and_label_of_a_row_overlapping_less_than_lines_group_are_one_row(amounts_at: float) -> None:
    # a continued page holding one row, amounts top-aligned in the cell and the label centred: scanned
    # at a low resolution their lines overlap by less than a line's words do, and no rules part rows
    grid = words_grid(1, RULED_HEADER + _one_row(amounts_at), "ocr", "05")
    assert grid is not None
    assert _body(grid) == [list(RULED_ROWS[3])]


def test_a_line_of_amounts_and_a_label_line_apart_stay_two_rows() -> None:
    # a row whose 合计 OCR lost, and a row below it printing no amount: they do not overlap
    grid = words_grid(1, RULED_HEADER + _one_row(121.0), "ocr", "05")
    assert grid is not None
    assert _body(grid) == [list(RULED_ROWS[3][2:]), list(RULED_ROWS[3][:2])]


def test_amounts_right_aligned_beside_their_centred_headings_keep_them_though_some_lost_their_point() -> None:
    # headings centred in wide columns, amounts right-aligned clear of them (8 pt at 110 dpi); 8.52 read
    # as 852 looks like a code, but most of the column is amounts: it joins the heading to its left
    header = [Box("科目名称", 150, 128, 182, 136)]
    header += [
        Box(h, x - 8 * len(h), 128, x + 8 * len(h), 136)
        for h, x in (("小计", 306), ("基本支出", 402), ("项目支出", 499))
    ]
    rows = [("一般公共服务支出", "132.37", "121.37", "11.00"), ("卫生健康支出", "8.52", "852", "")]
    rows += [
        ("行政事业单位医疗", "8.52", "852", ""),
        ("住房保障支出", "17.20", "17.20", ""),
        ("住房公积金", "15.79", "15.79", ""),
    ]
    words = []
    for r, (label, *amounts) in enumerate(rows):
        y = 150 + 20 * r
        words.append(Box(label, 140, y, 140 + 8 * len(label), y + 8))
        words += [Box(a, x - 4.5 * len(a), y, x, y + 8) for a, x in zip(amounts, (350, 446, 543), strict=True) if a]
    grid = words_grid(1, header + words, "ocr", "05")
    assert grid is not None
    table = [[c.text for c in grid.row_cells(r)] for r in range(grid.n_rows)]
    assert table[0] == ["科目名称", "小计", "基本支出", "项目支出"]
    assert [row[2] for row in table[1:]] == ["121.37", "852", "852", "17.20", "15.79"]


def test_a_dash_read_inside_a_heading_does_not_start_the_body() -> None:
    # 行次 read as 行 — 次 (and again as 行次) under 本年支出: a dash tight between two characters is no
    # empty mark, so the headings under it, centred in wide columns with amounts set right, stay headings
    header = [Box("项目", 215, 120, 231, 129), Box("本年支出", 590, 120, 628, 129), Box("功能分类", 54, 137, 86, 146)]
    header += [Box("行", 404, 143.5, 408, 148), Box("—", 408, 142, 413, 149), Box("次", 414, 143.5, 418, 148)]
    header += [Box("行次", 404, 146, 418, 153), Box("科目编码", 54, 150, 86, 159.5)]
    header += [Box(h, x, 152.5, x + 9 * len(h), 161.5) for h, x in (("科目名称", 231), ("合计", 477))]
    header += [Box(h, x, 152.5, x + 9 * len(h), 161.5) for h, x in (("基本支出", 590), ("项目支出", 713))]
    header += [Box(h, x, 167, x + 9, 176.5) for h, x in (("类", 52), ("款", 69), ("项", 86))]
    words = list(header)
    for r, (code, label, *amounts) in enumerate(RULED_ROWS):
        y = 186 + 17 * r
        words += [Box(code, 49, y, 49 + 5 * len(code), y + 8), Box(label, 102, y, 102 + 9 * len(label), y + 9)]
        words.append(Box(str(r + 1), 411, y, 416, y + 8))
        words += [Box(a, x - 5 * len(a), y, x, y + 8) for a, x in zip(amounts, (546, 669, 792), strict=True)]
    grid = words_grid(1, words, "ocr", "05")
    assert grid is not None
    columns = classify_columns(grid, "05", header_end(grid, "05"))
    first = next(r for r in range(grid.n_rows) if grid.text(r, 0) == "201")
    read = {columns[c].measure: grid.text(first, c) for c in range(grid.n_cols) if columns[c].measure}
    assert read == {"total": "821.73", "basic": "104.06", "project": "717.67"}


def test_labels_wrapped_over_four_lines_keep_their_rows() -> None:
    # a narrow label column: each label over four lines 2 pt apart, its amount at the top, its code on
    # the third line; rows stand 10 pt apart. Most gaps part lines of one label, not rows.
    header = [Box("科目编码", 50, 100, 90, 110), Box("科目名称", 120, 100, 160, 110), Box("合计", 200, 100, 220, 110)]
    subjects = [("2010601", "行政运行支出事务", "1.00"), ("2010602", "一般行政管理事务", "2.00")]
    subjects += [("2010607", "信息化建设支出项", "3.00")]
    words = list(header)
    for i, (code, label, amount) in enumerate(subjects):
        top = 130 + 58 * i
        parts = [label[k : k + 2] for k in range(0, 8, 2)]
        words += [Box(parts[0], 120, top, 138, top + 10), Box(amount, 200, top, 220, top + 10)]
        words += [Box(parts[1], 120, top + 12, 138, top + 22), Box(parts[2], 120, top + 24, 138, top + 34)]
        words += [Box(code, 50, top + 24, 85, top + 34), Box(parts[3], 120, top + 36, 138, top + 46)]
    grid = words_grid(1, words, source="text", table_code="05")
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(1, grid.n_rows)]
    assert rows == [[c, "\n".join(label[k : k + 2] for k in range(0, 8, 2)), a] for c, label, a in subjects]


def test_labels_wrapped_round_their_codes_in_a_narrow_column_keep_their_rows() -> None:
    # the code and amounts centred in each row, its label wrapped round them; the label's lines stand as
    # close to the rows above and below (1 pt) as to each other (1.5 pt), and the first reaches into
    # its code's line only where that prints no label of its own (as opposed to 机关事业单 | 位基本养老保险)
    placed = [("科目编码", 40, 76, 120), ("科目名称", 121, 157, 117), ("合计", 210, 228, 117)]
    placed += [("合计", 131.7, 149.7, 150), ("2946.25", 201.4, 233.5, 150)]
    placed += [("一般公共服务支", 103.9, 166.9, 160.6), ("201", 39, 53.9, 166.5), ("2112.86", 201.4, 233.5, 166.5)]
    placed += [("出", 103.9, 112.9, 171.6)]
    placed += [("20106", 39, 63.8, 182.5), ("财政事务", 112.9, 148.9, 182.1), ("2112.86", 201.4, 233.5, 182.5)]
    placed += [("2010601", 39, 73.6, 198.5), ("行政运行", 121.9, 157.9, 198.1), ("1511.90", 201.4, 233.5, 198.5)]
    placed += [("一般行政管", 121.9, 166.9, 208.6), ("2010602", 39, 73.6, 214.5), ("16.19", 211.3, 233.5, 214.5)]
    placed += [("理事务", 103.9, 130.9, 219.6)]
    placed += [("行政单位离", 121.9, 166.9, 230.5), ("2080501", 39, 73.6, 236.5), ("84.65", 211.3, 233.5, 236.5)]
    placed += [("机关事业单", 121.9, 166.9, 246.6)]
    placed += [("2080505", 39, 73.6, 258), ("位基本养老保险", 103.9, 166.9, 257.6), ("160.75", 206.3, 233.5, 258)]
    placed += [("缴费支出", 103.9, 139.9, 268.6)]
    grid = words_grid(1, [Box(text, x0, top, x1, top + 9.5) for text, x0, x1, top in placed], "text", "05")
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(1, grid.n_rows)]
    assert rows == [
        ["合计", "2946.25"],
        ["201", "一般公共服务支\n出", "2112.86"],
        ["20106", "财政事务", "2112.86"],
        ["2010601", "行政运行", "1511.90"],
        ["2010602", "一般行政管\n理事务", "16.19"],
        ["2080501", "行政单位离", "84.65"],
        ["2080505", "机关事业单\n位基本养老保险\n缴费支出", "160.75"],
    ]


def _facts(table_code: str, words: list[Box], kind: str = "final") -> dict[tuple[str, str], str]:
    grid = words_grid(1, words, "text", table_code)
    assert grid is not None
    return {(f.line_key, f.measure): str(f.amount) for f in read_table(table_code, grid, unit="元", kind=kind).facts}


def _line(top: float, *words: tuple[str, float, float]) -> list[Box]:
    return [Box(text, x0, top, x1, top + 11) for text, x0, x1 in words]


def test_table_09_by_rows_opening_on_categories_with_blank_amounts() -> None:
    # the first categories print no amount (blank, not 0.00 or —): rows under 预算数 | 决算数, not header lines
    words = _line(94, ("项目", 302, 319), ("预算数", 616, 642), ("决算数", 726, 752))
    for k, (label, x1) in enumerate((("因公出国（境）费", 120), ("公务用车购置及运行维护费", 154))):
        words += _line(113 + 19 * k, (label, 52, x1))
    words += _line(151, ("公务用车购置费", 60, 120)) + _line(170, ("公务用车运行维护费", 60, 137))
    words += _line(189, ("公务接待费", 52, 94), ("9500.00", 613, 645))
    words += _line(208, ("合计", 52, 69), ("9500.00", 613, 645))
    assert _facts("09", words) == {("reception", "budget"): "9500.00", ("total", "budget"): "9500.00"}


def test_table_09_column_headed_high_in_its_tall_cell_keeps_its_heading() -> None:
    # 机关运行经费预算数 stands level with the group over the vehicle columns, the lowest line's
    # 公务用车运行维护费 ends just short of its column: that column is admin_operation, not vehicle_operation
    words = _line(98, ("“三公”经费预算数", 314, 404))
    words += _line(114.5, ("公务用车购置及运行维护费", 456, 576), ("机关运行经费预算数", 687, 777))
    words += _line(122.5, ("合计", 91, 111), ("因公出国（境）费", 165, 245), ("公务接待费", 284, 334))
    words += _line(130.5, ("小计", 403, 423), ("公务用车购置费", 481, 551), ("公务用车运行维护费", 574, 664))
    amounts = [("9,500.00", 82, 120), ("—", 200, 210), ("9,500.00", 290, 328), ("—", 408, 418)]
    amounts += [("—", 511, 521), ("—", 614, 624), ("1,833,000.00", 704, 761)]
    words += _line(146.5, *amounts)
    facts = _facts("09", words, "budget")
    assert facts[("admin_operation", "budget")] == "1833000.00"
    assert ("vehicle_operation", "budget") not in facts
    assert facts[("total", "budget")] == facts[("reception", "budget")] == "9500.00"


def test_table_09_group_label_under_a_wider_one_still_heads_its_subtotal() -> None:
    # 公务用车购置及运行费 over 小计 | 购置费 | 运行费, itself under 财政拨款“三公”经费: its 小计 column is
    # the vehicle line, though the wider group above stands over that column too
    words = _line(75, ("（表9）", 271, 324))  # the title's number, below the title, read as the top line
    words += _line(114, ("财政拨款“三公”经费", 220, 300), ("机关运行经费", 486, 534))
    words += _line(136, ("公务用车购置及运行费", 326, 406))
    words += _line(147, ("合计", 75, 91), ("因公出国（境）费", 122, 186), ("公务接待费", 205, 245))
    words += _line(158, ("小计", 287, 303), ("购置费", 354, 378), ("运行费", 425, 449), ("预算数", 498, 522))
    words += _line(180, *((("预算数", x, x + 24)) for x in (71, 142, 213, 283, 354, 425)))
    amounts = [("0.00", x, x + 16) for x in (75, 146, 217, 287, 358, 429)]  # nothing spent: sums say nothing
    words += _line(202, *amounts, ("67500.00", 493, 527))
    facts = _facts("09", words, "budget")
    assert facts[("vehicle", "budget")] == "0.00"
    assert facts[("admin_operation", "budget")] == "67500.00"


def test_table_09_group_label_alone_in_the_top_line_heads_only_its_sub_columns() -> None:
    # 合计 | 因公出国（境）费 | 公务接待费 span two header lines, centred between them and lower than the
    # vehicle group above its 小计 | 购置费 | 运行维护费: the group heads those three columns, not the table
    words = _line(81, ("公务用车购置及运行维护费", 431, 539))
    words += _line(93, ("合计", 91, 109), ("因公出国（境）费", 192, 264), ("公务接待费", 719, 764))
    words += _line(105, ("小计", 348, 366), ("公务用车购置费", 454, 517), ("公务用车运行维护费", 573, 654))
    words += _line(129, *(((("预算数", "决算数")[k % 2], 55 + 64 * k, 82 + 64 * k)) for k in range(12)))
    amounts = ("9.50", "8.50", "0.00", "0.00", "3.00", "2.00", "1.00", "0.00", "2.00", "2.00", "6.50", "6.50")
    words += _line(150, *((a, 80 + 64 * k, 97 + 64 * k) for k, a in enumerate(amounts)))
    facts = _facts("09", words)
    assert facts[("vehicle", "budget")] == "3.00"
    assert facts[("vehicle", "actual")] == "2.00"
    assert facts[("vehicle_purchase", "budget")] == "1.00"
    assert facts[("total", "actual")] == "8.50"


def test_a_heading_wrapped_round_a_header_line_keeps_the_header() -> None:
    # 对附属单位补助 | 支出 wrapped round the line of leaf headings, its 支出 (a side heading's word) alone
    # in a line between them and 类 款 项: the lines above the first row (合计) stay the header
    words = _line(95.8, ("单位:元", 764, 794)) + _line(113.6, ("功能分类科目编", 52, 115))
    words += [Box("码", 79, 125.3, 88, 135.1), Box("对附属单位补助", 727, 122.6, 790, 132.4)]
    headings = [("科目名称", 183, 219), ("行次", 285, 303), ("本年支出合计", 325, 379), ("基本支出", 428, 464)]
    headings += [("项目支出", 521, 557), ("上缴上级支出", 591, 645), ("经营支出", 671, 707)]
    words += [Box(text, x0, 128.4, x1, 138.3) for text, x0, x1 in headings] + [Box("支出", 750, 134.3, 768, 144.1)]
    words += [Box(text, x0, 141.6, x1, 151.5) for text, x0, x1 in (("类", 57, 66), ("款", 81, 90), ("项", 103, 112))]
    amounts = [("29,400,500.00", 341, 398), ("23,369,100.00", 436, 492), ("6,031,400.00", 530, 582)]
    words += _line(159.6, ("合计", 157, 175), ("1", 292, 297), *amounts)
    amounts = [("21,066,600.00", 341, 398), ("15,035,200.00", 436, 492), ("6,031,400.00", 530, 582)]
    words += _line(177.6, ("201", 54, 69), ("一般公共服务支出", 120, 192), ("2", 292, 297), *amounts)
    grid = words_grid(1, words, "text", "03")
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert ["类", "款", "项"] in rows  # a header line of its own, not joined with the headings above
    assert _facts("03", words)[("total", "project")] == "6031400.00"


def test_a_continued_page_opening_on_a_known_row_beside_its_line_number() -> None:
    # 二十三、其他支出 with its numbering read as a speck (+), its amount blank: a row, not a header
    # over the line number (which would then span the amount column and read as 35.00)
    words = [Box("+", 61, 53.5, 62, 60.5), Box("其他支出", 80, 53.5, 107, 60.5), Box("35", 440, 54, 448, 60)]
    words += [Box("二十四、抗疫特别国债安排的支出", 61, 71.5, 157, 79.5), Box("36", 441, 73, 448, 78)]
    words += [Box("本年支出合计", 54, 89.5, 93, 96.5), Box("37", 441, 90, 448, 96)]
    words += [
        Box("1,736,100.00", 503, 90, 544, 96.5),
        Box("结余分配", 52, 107.5, 80, 114.5),
        Box("38", 441, 109, 448, 114),
    ]
    grid = words_grid(1, words, "ocr", "01")
    assert grid is not None
    amounts = grid.n_cols - 1
    assert [grid.text(r, amounts) for r in range(grid.n_rows)] == ["", "", "1,736,100.00", ""]


def test_amounts_beside_the_centred_dashes_of_their_column_keep_its_heading() -> None:
    # a continued 06 in three groups, the third empty on this page: blanks print a dash centred under
    # 金额, amounts stand right-aligned beside them, nearer the third group's 编码 than to any heading
    words = _line(100, ("人员经费", 153, 189), ("公用经费", 533, 569))
    words += _line(115, ("经济分类科目编码", 45, 63), ("经济分类科目编码", 322, 340), ("经济分类科目编码", 554, 572))
    heads = (("科目名称", 140, 176), ("金额", 266, 284), ("科目名称", 394, 430), ("金额", 499, 517))
    words += _line(130, *heads, ("科目名称", 635, 671), ("金额", 749, 767))
    rows = (("30308", "助学金", "30228", "工会经费", "1.59"), ("30309", "奖励金", "30229", "福利费", "2.84"))
    rows += (("30310", "个人农业生产补贴", "30231", "公务用车运行维护费", "-"),)
    for k, (code, label, code2, label2, amount) in enumerate(rows):
        at = (505, 510) if amount == "-" else (516, 534)
        line = [(code, 40, 63), (label, 82, 82 + 9 * len(label)), ("-", 273, 278), (code2, 318, 340)]
        words += _line(150 + 19 * k, *line, (label2, 359, 359 + 9 * len(label2)), (amount, *at))
    assert _facts("06", words) == {("30228", "actual"): "1.59", ("30229", "actual"): "2.84"}


def test_a_continued_summary_page_opening_on_line_numbers_alone_keeps_its_label_column() -> None:
    # 04 continued: its first rows print the left half's 行次 only (labels blank), then labels follow;
    # those numbers are no subject codes, so the left labels make a column of their own
    words = _line(80, ("上海市普陀区财政局2024年度部门决算", 45, 175))
    for k, (label, number) in enumerate(
        (("二十一、国有资本经营预算支出", "53"), ("二十二、灾害防治及应急管理支出", "54"))
    ):
        words += _line(100 + 19 * k, (str(21 + k), 225, 235), (label, 324, 324 + 9 * len(label)), (number, 505, 515))
    words += _line(138, ("本年收入合计", 53, 110), ("27", 224, 236), ("2,940.05", 262, 303), ("本年支出合计", 324, 381))
    words += _line(138, ("59", 504, 516), ("2,940.05", 542, 583))
    words += _line(157, ("总计", 118, 137), ("32", 224, 236), ("2,961.68", 262, 303), ("总计", 324, 343))
    words += _line(157, ("64", 504, 516), ("2,961.68", 542, 583))
    grid = words_grid(7, words, "text", "04")
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert ["本年收入合计", "27", "2,940.05", "本年支出合计", "59", "2,940.05"] in rows
    assert ["总计", "32", "2,961.68", "总计", "64", "2,961.68"] in rows


def test_an_indented_label_wrapped_to_the_cells_edge_keeps_its_tail() -> None:
    # 04's sub-lines indented by leading spaces: the wrapped tail (算财政拨款) starts at the cell's
    # edge, left of its head, and reaches under it
    def line(top: float, *words: tuple[str, float, float]) -> list[Box]:
        return [Box(text, x0, top, x1, top + 8.4) for text, x0, x1 in words]

    words = line(76, ("项目", 79, 95), ("决算数", 147, 171))
    words += line(109.4, ("年初财政拨款结转和结余", 56, 150), ("216,300.00", 190, 230))
    words += line(135, ("一般公共预", 72, 112), ("216,300.00", 190, 230)) + line(145, ("算财政拨款", 56, 96))
    words += line(160.6, ("政府性基金", 72, 112)) + line(170.6, ("预算财政拨款", 56, 104))
    words += line(211.8, ("总计", 56, 72), ("29,616,800.00", 184, 236))
    facts = _facts("04", words)
    assert facts[("inc.opening_balance.gpb", "actual")] == "216300.00"
    assert facts[("inc.grand_total", "actual")] == "29616800.00"


def test_a_side_heading_over_an_amount_column_heads_no_column() -> None:
    # 04's 支出 centred over its half stands right above 小计's amounts (right-aligned, right of 小计): the
    # amounts keep 小计's heading, not 支出's
    words = _line(29.5, ("收入", 151, 166), ("支出", 524, 539))
    words += _line(44.1, ("一般公共预算财政", 552, 612), ("政府性基金预算财", 630, 690), ("国有资本经营预算", 709, 769))
    words += _line(48.8, ("项目", 112, 127), ("金额", 237, 252), ("项目", 367, 382), ("小计", 496, 511))
    words += _line(53.5, ("拨款", 574, 589), ("政拨款", 649, 672), ("财政拨款", 724, 754))
    words += _line(82.7, ("总计", 112, 127), ("173.61", 255, 278), ("总计", 290, 305), ("173.61", 514, 536))
    words += _line(82.7, ("173.61", 592, 615), ("-", 659, 662), ("-", 737, 741))
    facts = _facts("04", words)
    assert facts[("exp.grand_total", "total")] == "173.61"
    assert facts[("exp.grand_total", "gpb")] == "173.61"


def test_words_narrower_than_the_gutters_slack_never_leave_a_side_of_it_empty() -> None:
    # three labels ending at a gutter and three narrow words (1, -) just left of it: both counts reach
    # GUTTER_SIDE, yet every word stands left of the cut, so nothing is parted (a scan failed here)
    wide = [_Band(40.0, 100.0, True, (), 1, 1) for _ in range(3)]
    narrow = [_Band(99.0, 100.5, True, (), 1) for _ in range(3)]
    assert _part_at_gutter(wide + narrow) == [wide + narrow]


@pytest.mark.parametrize(
    "note", ["注：本表反映部门本年度的总收支", "注 本表反映部门本年度的总收支", "本表反映部门本年度的总收支"]
)
def test_a_note_under_the_table_ends_it_whether_or_not_its_colon_was_read(note: str) -> None:
    # wide under both halves, the note would otherwise join their columns into one
    words = HEADER + _row(120, "本年收入合计", "173.61", "本年支出合计", "173.61")
    words += _row(134, "总计", "173.61", "总计", "173.61")
    words += [Box(note[:8], 52, 160, 250, 168), Box(note[8:], 256, 160, 486, 168)]
    grid = words_grid(1, words)
    assert grid is not None
    assert grid.n_cols == 4
    assert [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)][-1] == [
        "总计",
        "173.61",
        "总计",
        "173.61",
    ]


def test_a_halfs_label_whose_wrapped_tail_ocr_lost_joins_the_row_beside_it() -> None:
    # 一、一般公共预算财政拨 | 款 with its amount beside the lost 款: the label's line stands a little above
    # the row's, overlapping it, with nothing of the row under it
    words = [*HEADER, Box("—", 52, 138.5, 58, 145.5), Box("一般公共预算财政拨", 62, 138.5, 131, 145.5)]
    words += [Box("2,940.05", 239, 143.5, 263, 151.5), Box("一、一般公共服务支出", 274, 143.5, 362, 151)]
    words += [Box("2,106.66", 460, 144, 486, 151)]
    words += _row(170, "二、政府性基金预算财政拨款", "—", "二、外交支出", "—")
    grid = words_grid(1, words)
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert ["— 一般公共预算财政拨", "2,940.05", "一、一般公共服务支出", "2,106.66"] in rows


def test_an_amount_right_aligned_against_the_next_columns_labels_stays_in_its_own_column() -> None:
    # the half's one amount, wider apart from its centred heading than from the labels beside it, which
    # it overlaps by half a point: words of two kinds touching stand in two columns
    words = [*HEADER, Box("一般公共预算财政拨款", 52, 140, 140, 148), Box("2,940.05", 253.5, 140, 280.5, 148)]
    words += [Box("一般公共服务支出", 304, 140, 356, 148), Box("2,106.66", 460, 140, 486, 148)]
    words += [Box("政府性基金预算财政拨款", 52, 170, 140, 178), Box("三、国防支出", 280, 170, 328, 178)]
    words += [Box("国有资本经营预算财政拨款", 52, 200, 147, 208), Box("四、公共安全支出", 287, 200, 342, 208)]
    grid = words_grid(1, words)
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert ["一般公共预算财政拨款", "2,940.05", "一般公共服务支出", "2,106.66"] in rows


def test_amounts_set_from_their_headings_centre_keep_it() -> None:
    # 合计 centred over its column, the amounts' left edges at its centre: a header leaf is no word of
    # another kind to set apart from them, whatever it touches (labels unheaded, as 科目名称 stands lower)
    words = [Box("合计", 250, 100, 266, 108), Box("财政拨款收入", 300, 100, 350, 108)]
    for top, label, amount in (
        (130, "一般公共服务支出", "821.73"),
        (150, "网信事务", "23.38"),
        (170, "事业运行", "7.60"),
    ):
        left = 286 - 4.5 * len(amount)
        words += [Box(label, 130, top, 200, top + 8), Box(amount, left, top, 286, top + 8)]
        words += [Box(amount, left + 70, top, 355, top + 8)]
    grid = words_grid(1, words, "ocr")
    assert grid is not None
    first = next(c for c in range(grid.n_cols) if grid.at(1, c).text == "821.73")
    assert grid.at(0, first).text == "合计"


def test_a_scanned_rules_pieces_read_as_dashes_in_a_line_of_headings_do_not_start_the_body() -> None:
    # a worn short rule under 功能分类科目编码 read as two dashes level with the headings beside it, the
    # headings centred clear of the amounts set right beneath them
    header = [Box("项目", 198, 102, 215, 110), Box("收入预算", 568, 102, 604, 110)]
    header += [Box("功能分类科目编码", 60, 118, 132, 127), Box("—", 124, 128, 132, 136), Box("—", 134, 128, 148, 136)]
    header += [Box(h, x, 127, x + 9 * len(h), 136) for h, x in (("功能分类科目名称", 226), ("合计", 406))]
    header += [Box(h, x, 127, x + 9 * len(h), 136) for h, x in (("财政拨款收入", 474), ("事业收入", 568))]
    header += [Box("类款款", 44, 132, 123, 144), Box("项", 128, 136, 136, 144)]  # 类 款 read with the rule's ends
    words = list(header)
    for r, (code, label, amount, *_) in enumerate(RULED_ROWS):
        y = 154 + 17 * r
        words += [Box(code, 46, y, 46 + 5 * len(code), y + 8), Box(label, 153, y, 153 + 9 * len(label), y + 9)]
        words += [Box(amount, x - 26, y, x, y + 8) for x in (454, 540)]
    grid = words_grid(1, words, "ocr", "02")
    assert grid is not None
    columns = classify_columns(grid, "02", header_end(grid, "02"))
    first = next(r for r in range(grid.n_rows) if grid.text(r, 0) == "201")
    read = {columns[c].measure: grid.text(first, c) for c in range(grid.n_cols) if grid.text(first, c)}
    assert read == {None: "一般公共服务支出", "total": "821.73", "fiscal_appropriation": "821.73"}


def test_amounts_set_at_the_top_of_a_tall_row_above_its_centred_code_join_that_row() -> None:
    # 06 in three groups, amounts at the top of each row, codes and labels centred: 机关事业单位基本养老保险缴费
    # wraps over five lines, its code on the third, its amount on the first (as is 电费's 0.09, two lines
    # above its code, beside nothing of its own group), another group's label wrapped between them
    words = [Box("人员经费", 90, 100, 130, 110), Box("公用经费", 280, 100, 320, 110)]
    words += [Box(h, x, 115, x + 20, 125) for h, x in (("编码", 54), ("金额", 200), ("编码", 234), ("金额", 366))]
    words += [Box(h, x, 115, x + 20, 125) for h, x in (("编码", 394), ("金额", 526))]
    words += [Box("科目名称", x, 115, x + 40, 125) for x in (113, 293, 453)]
    words += [Box("绩效工", 113, 364, 143, 374), Box("62.53", 201, 364, 226, 374)]
    words += [Box("30107", 54, 370, 79, 381), Box("30205", 234, 370, 259, 381), Box("水费", 293, 370, 313, 381)]
    words += [Box("资", 113, 377, 123, 387)]
    words += [Box("机关事", 113, 393, 143, 403), Box("13.07", 201, 393, 226, 403), Box("0.09", 366, 393, 386, 403)]
    words += [Box("业单位", 113, 406, 143, 416), Box("其他交", 453, 406, 483, 416)]
    words += [Box("30108", 54, 419, 79, 429), Box("基本养", 113, 419, 143, 429)]
    words += [Box("30206", 234, 419, 259, 429), Box("电费", 293, 419, 313, 429)]
    words += [Box("31019", 394, 419, 419, 429), Box("通工具", 453, 419, 483, 429)]
    words += [Box("老保险", 113, 432, 143, 442), Box("购置", 453, 432, 473, 442), Box("缴费", 113, 445, 133, 455)]
    words += [Box("职业年", 113, 461, 143, 471), Box("9.12", 206, 461, 226, 471)]
    words += [Box("30109", 54, 467, 79, 478), Box("金缴费", 113, 474, 143, 484)]
    grid = words_grid(1, words, "text", "06")
    assert grid is not None
    rows = {grid.text(r, 0): [grid.text(r, c) for c in range(grid.n_cols)] for r in range(grid.n_rows)}
    assert "13.07" in rows["30108"]
    assert "0.09" in rows["30108"]
    assert "9.12" in rows["30109"]


def test_table_09_measures_on_top_each_over_its_own_vehicle_group_head_all_their_columns() -> None:
    # 预算数 | 决算数 each over six columns, a 公务用车购置及运行维护费 wider than itself under each: 合计 and
    # 因公出国（境）费 beside the second vehicle group stand under 决算数, not beside a group of its own
    lines = [
        [("预算数", 168, 192, 461), ("决算数", 414, 438, 461)],
        [("公务用车购置及运行维护费", 155, 251, 477), ("公务用车购置及运行维护费", 397, 493, 477)],
        [("合计", 62, 78, 490), ("因公出国", 98, 130, 485), ("公务接待", 271, 303, 485), ("合", 315, 323, 485)],
        [("因公出国", 340, 372, 485), ("公务接", 514, 538, 485), ("（境）费", 98, 130, 496), ("小", 147, 155, 492)],
        [("公务用车购", 165, 205, 492), ("公务用车运行", 213, 261, 492), ("费", 283, 291, 496), ("计", 315, 323, 496)],
        [("（境）费", 340, 372, 496), ("小", 389, 397, 492), ("公务用车购", 407, 447, 492), ("待费", 518, 534, 496)],
        [("公务用车运行", 455, 503, 492), ("计", 147, 155, 504), ("置费", 177, 193, 504), ("维护费", 225, 249, 504)],
        [("计", 389, 397, 504), ("置费", 419, 435, 504), ("维护费", 467, 491, 504)],
    ]
    words = [Box(text, x0, top, x1, top + 12) for line in lines for text, x0, x1, top in line]
    amounts = [("9,500.00", 54, 85), ("0.00", 121, 137), ("0.00", 143, 159), ("0.00", 190, 206), ("0.00", 247, 263)]
    amounts += [("9,500.00", 274, 305), ("1.00", 312, 327), ("0.00", 363, 379), ("0.00", 385, 401)]
    amounts += [("0.00", 432, 448), ("0.00", 489, 505), ("1.00", 526, 541)]
    words += [Box(text, x0, 519, x1, 531) for text, x0, x1 in amounts]
    grid = words_grid(8, words, "text", "09")
    assert grid is not None
    columns = classify_columns(grid, "09", header_end(grid, "09"))
    read = {(c.line, c.measure): grid.text(grid.n_rows - 1, c.index) for c in columns}
    assert read[("total", "actual")] == "1.00"
    assert read[("reception", "actual")] == "1.00"
    assert read[("reception", "budget")] == "9,500.00"
    assert {measure for _, measure in read} == {"budget", "actual"}


def test_the_narrative_after_a_table_run_on_into_it_is_no_part_of_the_table() -> None:
    # the last table ends mid-page and the explanations follow: a part heading, numbered headings (一、…
    # reads as a row's numbering) and sentences quoting amounts
    words = list(RULED_HEADER)
    for r, (code, label, *amounts) in enumerate(RULED_ROWS):
        y = 120 + 16 * r
        words += [Box(code, 50, y, 85, y + 8), Box(label, 140, y, 140 + 8 * len(label), y + 8)]
        words += [Box(a, x - 5 * len(a), y, x, y + 8) for a, x in zip(amounts, (320, 410, 500), strict=True)]
    prose = ["第三部分 2024年度部门决算情况说明", "一、收入支出决算总体情况说明", "2024年度收、支总计2995.39万元。"]
    words += [Box(line, 52, 230 + 20 * i, 52 + 9 * len(line), 240 + 20 * i) for i, line in enumerate(prose)]
    grid = words_grid(1, words, "text", "05")
    assert grid is not None
    assert [row[0] for row in _body(grid)] == [code for code, *_ in RULED_ROWS]


def test_a_sentence_quoting_amounts_above_a_tables_rows_is_no_row() -> None:
    # a page opening with the sentence that introduces the next table: OCR'd, its amounts could be placed
    # as rows of the table continued from the page before
    sentence = [("以下为部门收入预算总表。", 93, 210), ("2022", 219, 244), ("年收入合计", 248, 299)]
    sentence += [("861.60", 302, 338), ("万元，", 341, 365), ("其中：财政拨款收入", 372, 466), ("861.60", 469, 505)]
    words = [Box(text, x0, 72, x1, 82) for text, x0, x1 in sentence]
    assert words_grid(6, words, "ocr", "01") is None
    row = [("1。因公出国（境）费", 60, 150), ("0.20", 300, 320), ("0.10", 400, 420)]  # a numbering's dot as 。
    words += [Box(text, x0, 100, x1, 110) for text, x0, x1 in row]
    grid = words_grid(6, words, "ocr", "09")
    assert grid is not None and [grid.text(r, 0) for r in range(grid.n_rows)] == ["1。因公出国（境）费"]


def test_a_label_printed_after_its_code_in_one_cell_wraps_under_the_code_and_keeps_its_row() -> None:
    # 科目编码及名称 in one column: 机关事业单位基本养老保险 | 缴费支出 wraps to the cell's edge, under the
    # code, its amounts centred between the two lines
    header = [Box("科目编码及名称", 57, 120, 127, 134), Box("本年支出合计", 240, 120, 300, 134)]
    header += [Box("基本支出", 300, 120, 340, 134)]
    lines = [
        [("208", 57, 74, 292, 307), ("社会保障和就业支出", 76, 166, 292, 307), ("10.68", 258, 283, 292, 307)],
        [("20805", 57, 85, 315, 330), ("行政事业单位养老支出", 87, 187, 315, 330), ("10.68", 258, 283, 315, 330)],
        [("2080505", 57, 96, 339, 353), ("机关事业单位基本养老保险", 99, 219, 339, 353)],
        [("缴费支出", 57, 97, 353, 367), ("10.68", 258, 283, 346, 361)],
        [("210", 57, 73, 376, 391), ("卫生健康支出", 75, 135, 376, 391), ("7.60", 263, 283, 376, 391)],
    ]
    words = header + [Box(t, x0, top, x1, bottom) for line in lines for t, x0, x1, top, bottom in line]
    amounts = [w for w in words if "." in w.text]
    words += [Box(a.text, a.x0 + 48, a.top, a.x1 + 48, a.bottom) for a in amounts]  # 基本支出 alike
    grid = words_grid(1, words, "text", "03")
    assert grid is not None
    body = [[c.text for c in grid.row_cells(r) if c.text] for r in range(1, grid.n_rows)]
    assert body[2] == ["2080505 机关事业单位基本养老保险\n缴费支出", "10.68", "10.68"]
    assert len(body) == 4


def test_codes_wrapped_in_a_narrow_code_column_are_read_whole() -> None:
    # 201060 | 1 and 208050 | 5: the last digit centred on the line below, beside the label or its tail
    header = [Box("科目编码", 57, 120, 90, 131), Box("科目名称", 98, 120, 138, 131), Box("合计", 270, 120, 290, 131)]
    lines = [
        [("20106", 59, 87, 175, 186), ("财政事务", 98, 138, 175, 186), ("2112.86", 259, 295, 175, 186)],
        [("201060", 57, 90, 192, 203)],
        [("1", 70, 76, 203, 214), ("行政运行", 98, 138, 198, 209), ("1511.90", 259, 295, 198, 209)],
        [("208050", 57, 90, 334, 345), ("行政单位离退休", 98, 168, 339, 350), ("84.65", 270, 295, 339, 350)],
        [("1", 70, 76, 345, 356)],
        [("208050", 57, 90, 361, 372), ("机关事业单位基本养老保险缴费", 98, 238, 361, 372)],
        [("160.75", 264, 295, 366, 377), ("5", 70, 76, 372, 383), ("支出", 98, 118, 372, 383)],
    ]
    words = header + [Box(t, x0, top, x1, bottom) for line in lines for t, x0, x1, top, bottom in line]
    grid = words_grid(1, words, "text", "02")
    assert grid is not None
    assert [grid.text(r, 0) for r in range(1, grid.n_rows)] == ["20106", "2010601", "2080501", "2080505"]


def test_a_budgets_09_listed_with_dot_leaders_reads_its_amounts() -> None:
    # label …… amount: leaders run to each amount, right-aligned, and reach under the wider ones by a dash
    rows = [
        ("“三公”经费合计", 116, 520, "0.95"),
        ("因公出国（境）", 108, 536, "-"),
        ("公务接待费", 92, 520, "0.95"),
        ("公务用车购置及运行维护费", 148, 536, "-"),
        ("机关运行经费", 100, 512, "183.30"),
    ]
    words = _line(76.6, ("单位:万元", 513.1, 547.3))
    for k, (label, x1, leaders_end, amount) in enumerate(rows):
        width = {"-": 2.6, "0.95": 15.4, "183.30": 24.2}[amount]
        words += _line(97 + 22 * k, (label, 52, x1), ("…" * 50, x1 + 4, leaders_end), (amount, 543.3 - width, 543.3))
    assert _facts("09", words, kind="budget") == {
        ("total", "budget"): "0.95",
        ("reception", "budget"): "0.95",
        ("admin_operation", "budget"): "183.30",
    }


def test_a_fax_transmission_line_atop_a_continued_page_is_no_row() -> None:
    # the fax's header line (date, time, sender, page) above the next table's title: read as a row of
    # the table continued, 2023-01- 14 was a 类 and 款, and the time (10:41, read 10.41) an amount
    line = [("2023-01-", 35, 66), ("14", 68, 76), ("10.41", 80, 104), ("FROM:+86", 110, 147), ("731", 150, 162)]
    line += [("4272", 165, 181), ("9876", 184, 200)]
    words = [Box(text, x0, 20, x1, 28) for text, x0, x1 in line]
    words += [Box("P 007/", 429, 20, 455, 28), Box("013", 458, 20, 470, 28)]
    assert words_grid(7, words, "ocr", "03") is None


def test_amounts_a_photos_curl_set_below_their_row_in_its_blanks_are_its_own() -> None:
    # the last column stands half a line lower than the rest: each 公用经费 amount is a line of its own,
    # under a blank of its row, over a blank (or an amount) of the next, the last under no row at all
    words = _line(100, ("科目编码", 60, 100), ("科目名称", 160, 200), ("合计", 390, 410))
    words += _line(100, ("人员经费", 500, 540), ("公用经费", 690, 730))
    rows = [
        ("301", "工资福利支出", "958,100.00", "958,100.00", ""),
        ("302", "商品和服务支出", "75,600.00", "", "75,600.00"),
    ]
    rows += [("30201", "办公费", "56,100.00", "", "56,100.00"), ("30216", "培训费", "19,500.00", "", "19,500.00")]
    for k, (code, label, total, personnel, public) in enumerate(rows):
        top = 120 + 15 * k
        words += _line(top, (code, 60, 90), (label, 160, 160 + 10 * len(label)), (total, 380, 421))
        words += _line(top, (personnel, 500, 541)) if personnel else []
        words += [Box(public, 690, top + 8, 731, top + 16)] if public else []
    facts = _facts("06", words, kind="budget")
    assert {key: amount for key, amount in facts.items() if key[1] == "public"} == {
        ("302", "public"): "75600.00",
        ("30201", "public"): "56100.00",
        ("30216", "public"): "19500.00",
    }


def test_a_halfs_label_wrapped_over_two_lines_with_its_amounts_beside_the_second_keys_them() -> None:
    # 一般公共服务支 | 出: the right half's label wraps, its amounts on its second line; the left half's
    # label wraps too, its amount on its first: each line is a row of both halves
    amount, total = ("29,323,000.00", 190, 250), ("20,908,500.00", 410, 470)
    words = _line(100, ("项目", 60, 80), ("预算数", 200, 230), ("项目", 300, 320), ("合计", 430, 450))
    words += _line(100, ("一般公共预算", 510, 570))
    words += _line(120, ("一、一般公共预", 60, 130), amount, ("一般公共服务支", 300, 370))
    words += _line(135, ("算资金", 60, 90), ("出", 300, 310), total, ("20,908,500.00", 510, 570))
    words += _line(150, ("二、政府性基金", 60, 130), ("二、外交支出", 300, 360))
    words += _line(165, ("三、国有资本经营预算", 60, 160), ("三、国防支出", 300, 360))
    words += _line(180, ("收入总计", 60, 100), amount, ("支出总计", 300, 340))
    words += _line(180, ("29,323,000.00", 410, 470), ("29,323,000.00", 510, 570))
    facts = _facts("04", words, kind="budget")
    assert facts[("201", "total")] == facts[("201", "gpb")] == "20908500.00"


def test_a_bracketed_code_over_three_lines_with_its_line_number_centred_and_amounts_at_the_foot_is_one_row() -> None:
    # [2080505]机关事 | 业单位基本养老保 11 | 险缴费支出 160.75 160.75: the code opens the label's first line,
    # the 行次 stands centred beside its second and the amounts at the foot, beside its third
    placed = [("项目", 90.5, 110.5, 99.5), ("行次", 155.5, 175.5, 108.5), ("合计", 220.2, 240.2, 108.5)]
    placed += [("基本支出", 314.5, 354.5, 108.5)]
    placed += [("[2080501]行政单", 70.5, 145.1, 388.5), ("10", 160, 171, 395), ("位离退休", 70.5, 110.5, 401.5)]
    placed += [("84.65", 255.1, 279.8, 401.5), ("84.65", 359.4, 384.1, 401.5)]
    placed += [("[2080505]机关事", 70.5, 145.1, 419.5), ("业单位基本养老保", 70.5, 150.5, 432.5)]
    placed += [("11", 160, 171, 432.5), ("险缴费支出", 70.5, 120.5, 445.5)]
    placed += [("160.75", 249.6, 279.8, 445.5), ("160.75", 353.9, 384.1, 445.5)]
    placed += [("[2080506]机关事", 70.5, 145.1, 463.5), ("业单位职业年金缴", 70.5, 150.5, 476.5)]
    placed += [("12", 160, 171, 476.5), ("费支出", 70.5, 100.5, 489.5)]
    placed += [("80.38", 255.1, 279.8, 489.5), ("80.38", 359.4, 384.1, 489.5)]
    grid = words_grid(1, [Box(text, x0, top, x1, top + 11) for text, x0, x1, top in placed], "text", "03")
    assert grid is not None
    rows = [[c.text for c in grid.row_cells(r) if c.text] for r in range(grid.n_rows)]
    assert rows[-3:] == [
        ["[2080501]行政单\n位离退休", "10", "84.65", "84.65"],
        ["[2080505]机关事\n业单位基本养老保\n险缴费支出", "11", "160.75", "160.75"],
        ["[2080506]机关事\n业单位职业年金缴\n费支出", "12", "80.38", "80.38"],
    ]


def test_a_name_wrapped_whole_under_its_code_joins_the_codes_row() -> None:
    # 科目编码及名称 in one narrow column: 2010601 on its own line, 行政运行 under it, the amounts and 行次
    # centred between the two
    placed = [("科目编码及名", 51.8, 99.8, 111.4), ("行", 105.2, 113.2, 116.6), ("次", 129.2, 137.2, 116.6)]
    placed += [("本年支出合计", 168.2, 216.2, 116.6), ("基本支出", 283.2, 315.2, 116.6), ("称", 71.8, 79.8, 121.8)]
    placed += [("20106", 57.5, 79.7, 208.2), ("财政", 81.5, 97.5, 208.2), ("3", 119, 123.4, 213.4)]
    placed += [("21,066,600.00", 140.2, 244.2, 213.4), ("15,035,200.00", 247.2, 351.2, 213.4)]
    placed += [("事务", 57.5, 73.5, 218.6), ("2010601", 65.5, 96.6, 232), ("4", 119, 123.4, 237.2)]
    placed += [("15,118,900.00", 140.2, 244.2, 237.2), ("15,035,200.00", 247.2, 351.2, 237.2)]
    placed += [("行政运行", 65.5, 97.5, 242.4), ("2010602", 65.5, 96.6, 255.8), ("一般行政", 65.5, 97.5, 266.2)]
    placed += [("5", 119, 123.4, 266.2), ("100,000.00", 164.2, 244.2, 266.2), ("管理事务", 65.5, 97.5, 276.6)]
    grid = words_grid(1, [Box(text, x0, top, x1, top + 11.6) for text, x0, x1, top in placed], "text", "03")
    assert grid is not None
    rows = [" ".join(c.text for c in grid.row_cells(r) if c.text) for r in range(grid.n_rows)]
    assert rows[-3:] == [
        "20106 财政\n事务 3 21,066,600.00 15,035,200.00",
        "2010601\n行政运行 4 15,118,900.00 15,035,200.00",
        "2010602\n一般行政\n管理事务 5 100,000.00",
    ]


def test_a_total_under_a_subject_printing_no_amount_is_a_row_of_its_own() -> None:
    # 合计 with its amounts, under a bracketed subject's row printing none (a photo's curl set that row's
    # amounts a line up), is no tail of its label
    placed = [("科目编码及名称", 120, 180, 100), ("行次", 270, 290, 100), ("合计", 340, 360, 100)]
    placed += [("基本支出", 420, 460, 100), ("[2210201]住房公积金", 90, 200, 130), ("14", 275, 285, 130)]
    placed += [("10.49", 340, 365, 130), ("10.49", 430, 455, 130), ("[2210202]提租补贴", 90, 190, 148)]
    placed += [("15", 275, 285, 148), ("合计", 90, 110, 166), ("852.68", 335, 365, 166), ("135.01", 425, 455, 166)]
    grid = words_grid(1, [Box(text, x0, top, x1, top + 9) for text, x0, x1, top in placed], "ocr", "03")
    assert grid is not None
    rows = [" ".join(c.text for c in grid.row_cells(r) if c.text) for r in range(grid.n_rows)]
    assert rows[-2:] == ["[2210202]提租补贴 15", "合计 852.68 135.01"]
