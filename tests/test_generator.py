"""The disclosure generator: its gold is the figures whatever the layout, every knob shows in the PDF,
the amounts are in the text layer on the gold's page, and scans have no text layer."""

from __future__ import annotations

import csv
import json
import math
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator.__main__ import main
from generator.budget_figures import budget_figures
from generator.cells import format_amount
from generator.figures import (
    FIGURES_DIR,
    FigureFact,
    Figures,
    builtin_names,
    fictitious_unit_name,
    in_unit,
    load_builtin,
    load_gold,
    renamed,
    to_yuan,
    wan_to_yuan,
)
from generator.layout import VARIANTS, Layout, knob_options, random_layout
from generator.pdf_edit import save
from generator.prose import publication_date
from generator.render import GOLD_COLUMNS, GoldRow, render_bytes, render_with_gold
from generator.scan import Capture, scan_pdf
from generator.table_model import AMOUNT, Column, header_cells
from generator.tables import build_tables
from generator.three_public_table import three_public_table

PUTUO = "shpt-czj-2024-final"
HUANGPI = "whhp-dsjzx-2022-final"


@pytest.fixture(scope="module")
def figures() -> dict[str, Figures]:
    return {name: load_builtin(name) for name in builtin_names()}


@pytest.fixture(scope="module")
def variants(figures: dict[str, Figures]) -> dict[str, tuple[Figures, Layout, bytes, list[GoldRow]]]:
    """Every named layout, each over one of the built-in figure sets in turn."""
    rendered = {}
    names = builtin_names()
    for i, (name, layout) in enumerate(VARIANTS.items()):
        figs = figures[names[i % len(names)]]
        data, gold = render_bytes(figs, layout, name)
        rendered[name] = (figs, layout, data, gold)
    return rendered


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def expected_facts(figures: Figures, layout: Layout) -> dict[tuple[str, str, str], str]:
    return {f.key: f.amount for f in in_unit(figures, layout.amount_unit).facts}


def tall_paths(page: pdfium.PdfPage) -> int:
    """Path objects taller than a stroke: vertical rules or cell rectangles."""
    count = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        _left, bottom, _right, top = obj.get_bounds()
        count += top - bottom > 3
    return count


def table_pages(gold: list[GoldRow], table_code: str) -> list[int]:
    return sorted({g.page for g in gold if g.table_code == table_code})


# --- figures


def test_load_gold_reads_the_corpus_format() -> None:
    figs = load_gold(FIGURES_DIR / f"{HUANGPI}.csv", "武汉市黄陂区大数据中心（本级）", 2022)
    assert len(figs.facts) == 145
    assert figs.amount_unit == "万元"
    assert figs.facts[0].key == ("01", "inc.gpb_appropriation", "actual")
    assert figs.amount("06", "personnel_total", "actual") == Decimal("128.98")
    assert figs == load_builtin(HUANGPI)


def test_yuan_conversion_is_exact(figures: dict[str, Figures]) -> None:
    assert wan_to_yuan("852.68") == "8526800.00"
    assert wan_to_yuan("0.00") == "0.00"
    assert wan_to_yuan("-0.01") == "-100.00"
    yuan = to_yuan(figures[PUTUO])
    assert yuan.amount_unit == "元"
    for wan, y in zip(figures[PUTUO].facts, yuan.facts, strict=True):
        assert Decimal(y.amount) == Decimal(wan.amount) * 10000
        assert y.amount.endswith(".00") or "." in y.amount


def test_fictitious_unit_names_are_stable_and_replace_the_real_one(figures: dict[str, Figures]) -> None:
    name = fictitious_unit_name(7)
    assert name == fictitious_unit_name(7)
    assert name.endswith(("局", "馆", "中心", "（本级）"))
    data, _ = render_bytes(renamed(figures[PUTUO], name), VARIANTS["putuo"], "x")
    texts = page_texts(data)
    assert name in texts[0]
    assert not any("普陀区财政局" in t for t in texts)


def test_publication_date_is_in_the_year_after(figures: dict[str, Figures]) -> None:
    assert publication_date(figures[HUANGPI], VARIANTS["huangpi"]).startswith("2023")


# --- gold follows the layout


@pytest.mark.parametrize("name", list(VARIANTS))
def test_gold_is_the_figures_in_every_named_layout(variants, name: str) -> None:
    figs, layout, _data, gold = variants[name]
    assert {g.key: g.amount for g in gold} == expected_facts(figs, layout)
    assert len(gold) == len(figs.facts)
    assert {g.amount_unit for g in gold} == {layout.amount_unit}


@pytest.mark.parametrize("seed", range(6))
def test_gold_is_the_figures_in_random_layouts(figures: dict[str, Figures], seed: int) -> None:
    figs = figures[builtin_names()[seed % 3]]
    layout = random_layout(seed)
    _data, gold = render_bytes(figs, layout, "x")
    assert {g.key: g.amount for g in gold} == expected_facts(figs, layout)


def test_row_labels_match_the_corpus_gold(variants) -> None:
    figs, _layout, _data, gold = variants["huangpi"]
    assert {g.key: g.row_label for g in gold} == {f.key: f.row_label for f in figs.facts}


def test_funds_tables_new_subjects_and_negative_amounts(figures: dict[str, Figures]) -> None:
    """Figures the corpus lacks: a filled table 07, an unlisted economic code, a negative amount."""
    extra = (
        FigureFact("07", "total", "income", "1200.00", "合计"),
        FigureFact("07", "212", "income", "1200.00", "城乡社区支出"),
        FigureFact("07", "21208", "income", "1200.00", "国有土地使用权出让收入安排的支出"),
        FigureFact("07", "2120899", "income", "1200.00", "其他国有土地使用权出让收入安排的支出"),
        FigureFact("07", "2120899", "closing_balance", "-35.50", "其他国有土地使用权出让收入安排的支出"),
        FigureFact("06", "30905", "actual", "2.00", "基础设施建设"),
    )
    figs = replace(figures[HUANGPI], facts=figures[HUANGPI].facts + extra)
    for layout in (Layout(thousands=True), Layout(code_style="split", table06_groups=1, amount_unit="元")):
        data, gold = render_bytes(figs, layout, "x")
        assert {g.key: g.amount for g in gold} == expected_facts(figs, layout)
        texts = page_texts(data)
        for g in gold:
            assert format_amount(g.amount, layout.thousands, layout.full_width) in texts[g.page - 1], g


def test_yuan_layout_prints_converted_amounts(figures: dict[str, Figures]) -> None:
    layout = Layout(amount_unit="元", thousands=True)
    data, gold = render_bytes(figures[PUTUO], layout, "x")
    row = next(g for g in gold if g.key == ("01", "inc.gpb_appropriation", "actual"))
    assert (row.amount, row.amount_unit) == ("29400500.00", "元")
    assert "29,400,500.00" in page_texts(data)[row.page - 1]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_amount_is_in_the_text_of_its_gold_page(variants, name: str) -> None:
    _figs, layout, data, gold = variants[name]
    texts = page_texts(data)
    for g in gold:
        assert format_amount(g.amount, layout.thousands, layout.full_width) in texts[g.page - 1], g


def test_render_with_gold_writes_pdf_and_csv(figures: dict[str, Figures], tmp_path: Path) -> None:
    pdf, gold_csv = render_with_gold(figures[HUANGPI], VARIANTS["huangpi"], tmp_path, "doc")
    assert pdf.read_bytes().startswith(b"%PDF")
    with open(gold_csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == GOLD_COLUMNS
    assert len(rows) == 145
    assert {r["doc"] for r in rows} == {"doc"}


def test_rendering_is_deterministic(figures: dict[str, Figures]) -> None:
    layout = VARIANTS["rotated_page"]
    first, _ = render_bytes(figures[HUANGPI], layout, "x")
    second, _ = render_bytes(figures[HUANGPI], layout, "x")
    assert first == second


def test_rendering_is_fast(figures: dict[str, Figures]) -> None:
    started = time.perf_counter()
    for seed in range(3):
        render_bytes(figures[builtin_names()[seed]], random_layout(100 + seed), "x")
    assert (time.perf_counter() - started) / 3 < 1.0


# --- each knob shows


@pytest.fixture(scope="module")
def knob_base(figures: dict[str, Figures]) -> tuple[Layout, bytes, list[GoldRow]]:
    # A base in which every knob has something to act on: a rotated table, tables breaking over pages,
    # rows taller than their text (so vertical alignment shows).
    base = Layout(rotated_table="02", rows_per_page=12, row_height=22.0)
    return (base, *render_bytes(figures[PUTUO], base, "x"))


# Knobs that act only with another knob on, and on a budget's table 09 (one amount column) only.
KNOB_NEEDS: dict[str, dict[str, object]] = {
    "continued_title_form": {"continued_titles": True},
    "list_leaders": {"nine_as_list": True},
    "code_brackets": {"code_in_label": True},
}
BUDGET_ONLY_KNOBS = {"nine_as_list", "list_leaders"}


@pytest.mark.parametrize("knob", list(knob_options()))
def test_every_knob_changes_the_pdf(figures: dict[str, Figures], knob_base, knob: str) -> None:
    base, base_pdf, base_gold = knob_base
    figs = budget_figures(figures[PUTUO]) if knob in BUDGET_ONLY_KNOBS else figures[PUTUO]
    if knob in BUDGET_ONLY_KNOBS or knob in KNOB_NEEDS:
        base = replace(base, **KNOB_NEEDS.get(knob, {}))
        base_pdf, base_gold = render_bytes(figs, base, "x")
    other = next(v for v in knob_options()[knob] if v != getattr(base, knob))
    data, gold = render_bytes(figs, replace(base, **{knob: other}), "x")
    assert data != base_pdf
    assert {g.key for g in gold} == {g.key for g in base_gold}
    if figs is figures[PUTUO]:
        assert len(gold) == len(figs.facts)


def test_ruled_layouts_have_vertical_rules(knob_base) -> None:
    base, base_pdf, gold = knob_base
    assert base.rules == "grid"
    pdf = pdfium.PdfDocument(base_pdf)
    assert all(tall_paths(pdf[p - 1]) > 0 for p in {g.page for g in gold})


@pytest.mark.parametrize("rules", ["frame", "horizontal", "none"])
def test_unruled_layouts_have_no_vertical_rules(figures: dict[str, Figures], rules: str) -> None:
    data, gold = render_bytes(figures[PUTUO], Layout(rules=rules), "x")
    pdf = pdfium.PdfDocument(data)
    assert all(tall_paths(pdf[p - 1]) == 0 for p in {g.page for g in gold})


def _letter_gaps(page: pdfium.PdfPage, word: str) -> list[float]:
    """Where the characters of word are printed one after another (spaces between them aside): the gap
    from each character to the next, in ems of the character's height."""
    text = page.get_textpage()
    chars = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
    chars = [(ch, box) for ch, box in chars if ch.strip()]
    gaps = []
    for i in range(len(chars) - len(word) + 1):
        if "".join(ch for ch, _ in chars[i : i + len(word)]) == word:
            for (_, a), (_, b) in zip(chars[i : i + len(word)], chars[i + 1 : i + len(word)], strict=False):
                gaps.append((b[0] - a[2]) / (a[3] - a[1]))
    return gaps


def test_spaced_headings_print_short_headings_a_character_apart(figures: dict[str, Figures]) -> None:
    layout = Layout(spaced_headings=True)
    data, gold = render_bytes(figures[HUANGPI], layout, "x")
    plain, plain_gold = render_bytes(figures[HUANGPI], Layout(), "x")
    assert {(g.key, g.amount, g.page) for g in gold} == {(g.key, g.amount, g.page) for g in plain_gold}
    page = pdfium.PdfDocument(data)[table_pages(gold, "01")[0] - 1]
    for word in ("项目", "行次"):  # 2 em apart (glyph boxes are a little narrower than their em)
        gaps = _letter_gaps(page, word)
        assert gaps and all(gap > 1.9 for gap in gaps), (word, gaps)
    plain_page = pdfium.PdfDocument(plain)[table_pages(gold, "01")[0] - 1]
    assert all(gap < 0.5 for gap in _letter_gaps(plain_page, "项目"))


@pytest.mark.parametrize("form", ["line", "suffix"])
def test_continued_pages_repeat_the_title_marked_continued(figures: dict[str, Figures], form: str) -> None:
    layout = Layout(rows_per_page=12, continued_titles=True, continued_title_form=form)
    data, gold = render_bytes(figures[PUTUO], layout, "x")
    _plain, plain_gold = render_bytes(figures[PUTUO], replace(layout, continued_titles=False), "x")
    assert {(g.key, g.amount) for g in gold} == {(g.key, g.amount) for g in plain_gold}
    texts = ["".join(t.split()) for t in page_texts(data)]
    titles = {t.table.table_code: t.title.title for t in build_tables(figures[PUTUO], layout)}
    mark = "（续表）" if form == "line" else "（续）"
    continued = 0
    for code, title in titles.items():
        pages = table_pages(gold, code)
        if not pages:
            continue
        assert mark not in texts[pages[0] - 1]
        for page in pages[1:]:
            continued += 1
            assert f"{title}{mark}" in texts[page - 1], (code, page)
    assert continued > 3


def test_split_codes_print_separate_words(figures: dict[str, Figures]) -> None:
    split, gold = render_bytes(figures[HUANGPI], Layout(code_style="split"), "x")
    page = page_texts(split)[table_pages(gold, "02")[0] - 1]
    assert {"201", "37", "50"} <= set(page.split())
    assert "2013750" not in page
    joined, gold = render_bytes(figures[HUANGPI], Layout(code_style="joined"), "x")
    assert "2013750" in page_texts(joined)[table_pages(gold, "02")[0] - 1].split()


def test_rotated_table_pages_carry_rotate_and_read_upright(variants) -> None:
    _figs, layout, data, gold = variants["rotated_page"]
    pdf = pdfium.PdfDocument(data)
    rotated = table_pages(gold, layout.rotated_table)
    for i in range(len(pdf)):
        assert pdf[i].get_rotation() == (layout.rotation if i + 1 in rotated else 0)
    page = pdf[rotated[0] - 1]
    width, height = page.get_size()  # as displayed
    assert width > height
    assert "收入决算表" in page.get_textpage().get_text_range()


@pytest.mark.parametrize("rotation", [90, 270])
def test_a_rotated_table_left_unmarked_stands_turned_on_a_portrait_page(figures, rotation: int) -> None:
    layout = replace(VARIANTS["rotated_page"], rotation=rotation, rotate_marked=False)
    data, gold = render_bytes(figures[HUANGPI], layout, "x")
    pdf = pdfium.PdfDocument(data)
    assert all(pdf[i].get_rotation() == 0 for i in range(len(pdf)))
    page = pdf[table_pages(gold, layout.rotated_table)[0] - 1]
    width, height = page.get_size()
    assert width < height
    textpage = page.get_textpage()
    printed = [i for i in range(textpage.count_chars()) if not chr(pdfium_c.FPDFText_GetUnicode(textpage, i)).isspace()]
    angles = {round(math.degrees(pdfium_c.FPDFText_GetCharAngle(textpage, i))) for i in printed}
    # every character turned against the /Rotate it lacks (pdfium measures clockwise)
    assert angles == {360 - rotation}


@pytest.mark.parametrize("rotation", [90, 270])
def test_two_up_sheets_hold_two_pages_each(figures, rotation: int) -> None:
    layout = VARIANTS["huangpi"]
    single, gold = render_bytes(figures[HUANGPI], layout, "x")
    sheets, sheet_gold = render_bytes(figures[HUANGPI], replace(layout, two_up=True, rotation=rotation), "x")
    pages, pdf = page_texts(single), pdfium.PdfDocument(sheets)
    assert len(pdf) == (len(pages) + 1) // 2
    assert all(tuple(round(v) for v in pdf[i].get_size()) == (842, 595) for i in range(len(pdf)))
    assert [g.page for g in sheet_gold] == [(g.page + 1) // 2 for g in gold]
    for i, text in enumerate(page_texts(sheets)):  # each sheet holds its two pages' characters
        assert sorted("".join(text.split())) == sorted("".join("".join(pages[2 * i : 2 * i + 2]).split()))


def test_tables_break_over_pages(variants) -> None:
    for name in ("broken_repeat_header", "broken_no_header"):
        _figs, _layout, _data, gold = variants[name]
        assert len(table_pages(gold, "02")) > 1, name


def test_empty_tables_as_note_only(figures: dict[str, Figures]) -> None:
    data, _ = render_bytes(figures[HUANGPI], Layout(empty_table="note_only", title_numbering="none"), "x")
    pdf = pdfium.PdfDocument(data)
    texts = page_texts(data)
    page = next(i for i, t in enumerate(texts) if "政府性基金预算财政拨款收入支出决算表" in t and "故本表无数据" in t)
    assert tall_paths(pdf[page]) == 0
    assert not list(pdf[page].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]))


def test_header_paths_merge_across_and_down(figures: dict[str, Figures]) -> None:
    table, _ = three_public_table(figures[PUTUO], Layout(table09_style="by_category", merged_headers=False))
    cells, depth = header_cells(table.columns, column_numbers=False)
    assert depth == 3
    total = next(c for c in cells if c.text == "合计")
    assert (total.row, total.col, total.rowspan, total.colspan) == (0, 0, 2, 2)
    vehicle = next(c for c in cells if c.text == "公务用车购置及运行维护费")
    assert vehicle.colspan == 6
    columns = [
        Column(AMOUNT, ("本年支出", "小计")),
        Column(AMOUNT, ("本年支出", "基本支出")),
        Column(AMOUNT, ("合计",)),
    ]
    cells, depth = header_cells(columns, column_numbers=True)
    assert [(c.text, c.row, c.colspan, c.rowspan) for c in cells] == [
        ("本年支出", 0, 2, 1),
        ("合计", 0, 1, 2),
        ("小计", 1, 1, 1),
        ("基本支出", 1, 1, 1),
        ("1", 2, 1, 1),
        ("2", 2, 1, 1),
        ("3", 2, 1, 1),
    ]


# --- scans and the command line


def test_scanned_pages_have_no_text_layer(variants, tmp_path: Path) -> None:
    _figs, _layout, data, gold = variants["huangpi"]
    pages = table_pages(gold, "01") + table_pages(gold, "02")
    scanned = scan_pdf(data, tmp_path / "scan.pdf", pages=pages, seed=3)
    assert scanned == pages
    pdf = pdfium.PdfDocument(tmp_path / "scan.pdf")
    assert len(pdf) == len(pdfium.PdfDocument(data))
    for i in range(len(pdf)):
        text = pdf[i].get_textpage().get_text_range()
        if i + 1 in pages:
            assert text == ""
            assert list(pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        else:
            assert text
    assert scan_pdf(data, tmp_path / "again.pdf", pages=pages, seed=3) == pages
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "scan.pdf").read_bytes()


def test_samples_command_writes_pdfs_gold_and_manifest(tmp_path: Path) -> None:
    main(["samples", "--out", str(tmp_path)])
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert 6 <= len(pdfs) <= 10
    manifest = json.loads((tmp_path / "gold" / "manifest.json").read_text(encoding="utf-8"))
    documents = {d["name"]: d for d in manifest["documents"]}
    assert set(documents) == {p.stem for p in pdfs}
    for pdf in pdfs:
        with open(tmp_path / "gold" / f"{pdf.stem}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        doc = documents[pdf.stem]
        assert rows and {r["amount_unit"] for r in rows} == {doc["amount_unit"]}
        texts = page_texts(pdf.read_bytes())
        for page in doc["scanned_pages"]:
            assert texts[page - 1] == ""
        if not doc["scanned_pages"]:
            assert doc["unit_name"] in "".join(texts[0].split())  # a long name wraps on the cover
    assert any(d["scanned_pages"] for d in documents.values())
    # a budget for a unit and year with final accounts among the samples: budget execution has a pair
    identities = {(d["unit_name"], d["fiscal_year"], d["report_kind"]) for d in documents.values()}
    budgets = {(unit, year) for unit, year, kind in identities if kind == "budget"}
    assert budgets and budgets <= {(unit, year) for unit, year, kind in identities if kind == "final"}


def test_variants_command(tmp_path: Path) -> None:
    main(["variants", "--figures", PUTUO, "--count", "2", "--seed", "9", "--out", str(tmp_path), "--rename"])
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [f"{PUTUO}-s10.pdf", f"{PUTUO}-s9.pdf"]
    assert len(list((tmp_path / "gold").glob("*.csv"))) == 2


def test_a_laser_printers_screen_scanned_coarser_than_its_dots_averages_to_its_grey(tmp_path: Path) -> None:
    # a grey fill screened at 71 lpi, scanned at 110 dpi: drawn at the scan's own pixels its dots aliased
    # into black blots a point wide that hid the print on the fill; printed finer and averaged by the
    # scanner, it is the grey it stands for, a little mottled
    source = pdfium.PdfDocument.new()
    page = source.new_page(200, 200)
    fill = pdfium_c.FPDFPageObj_CreateNewRect(20, 20, 160, 160)
    pdfium_c.FPDFPageObj_SetFillColor(fill, 205, 205, 205, 255)
    pdfium_c.FPDFPath_SetDrawMode(fill, pdfium_c.FPDF_FILLMODE_ALTERNATE, False)
    pdfium_c.FPDFPage_InsertObject(page.raw, fill)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    scan_pdf(save(source), tmp_path / "screened.pdf", pages=[1], seed=1, dpi=110, capture=Capture(screen=71))
    (image,) = pdfium.PdfDocument(tmp_path / "screened.pdf")[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    pixels = np.asarray(image.get_bitmap(render=False).to_pil().convert("L"))
    middle = pixels[pixels.shape[0] // 3 : 2 * pixels.shape[0] // 3, pixels.shape[1] // 3 : 2 * pixels.shape[1] // 3]
    assert abs(float(middle.mean()) - 205) < 20
    assert (middle < 128).mean() < 0.01
