"""Document sets: the embedded default samples, and seeded bulk variants for tests and benchmarks; final
accounts, or budgets derived from their figures (`kind`).

Each set is a folder of PDFs with gold/<name>.csv per PDF and gold/manifest.json saying, per document,
which figures, unit, year and layout it was made from and which pages were scanned.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.budget_figures import budget_figures
from generator.figures import Figures, builtin_names, fictitious_unit_name, load_builtin, renamed
from generator.layout import VARIANTS, Layout, for_kind, random_layout, variant
from generator.render import GoldRow, render, write_gold
from generator.scan import DPI, DPIS, FLAT, Capture, scan_pdf

REPORT_KINDS = ("final", "budget")


@dataclass(frozen=True)
class Sample:
    name: str
    figures: str  # a built-in figure set
    layout: Layout
    unit_name: str = ""  # a fictitious unit to print instead of the real one
    scanned_tables: tuple[str, ...] = ()  # tables whose pages are replaced by scans
    seed: int = 0  # of the scan noise
    kind: str = "final"  # 'budget': the unit's budget for the same year, derived from the final accounts


def figures_of(source: str, kind: str = "final") -> Figures:
    """A built-in figure set (final accounts), or the budget derived from it."""
    final = load_builtin(source)
    return budget_figures(final) if kind == "budget" else final


def document_name(source: str, kind: str, seed: int) -> str:
    """whhp-dsjzx-2022-final-s3, or whhp-dsjzx-2022-budget-s3 for the budget made from those figures."""
    stem = source.removesuffix("-final") + "-budget" if kind == "budget" else source
    return f"{stem}-s{seed}"


# A budget in the manner of the real Shanghai district budgets: ruled, split codes, yuan with separators,
# 预算主管部门 on the cover, 编制部门 over the tables, 07/08 before 06, 三公 with 机关运行经费 beside it.
PUTUO_BUDGET = variant(
    "putuo",
    name="putuo_budget",
    amount_unit="元",
    cover_style=2,
    title_prefix="year",
    dept_line=True,
    table09_style="by_measure",
    class_list="short",  # a budget's short list: only the classes it uses
    table06_groups=1,  # 合计 | 人员经费 | 公用经费 beside one list of subjects
    amount_valign="middle",
    label_width="wide",
    part_heading="none",
    appendix=True,
)


SAMPLES: tuple[Sample, ...] = (
    Sample("whhp-dsjzx-2022-ruled", "whhp-dsjzx-2022-final", VARIANTS["huangpi"]),
    Sample("whhp-sjzyfwzx-2023-unruled-yuan", "whhp-sjzyfwzx-2023-final", VARIANTS["unruled_split_yuan_stacked"]),
    Sample("shpt-czj-2024-putuo", "shpt-czj-2024-final", VARIANTS["putuo"]),
    # One real unit per figure set; the other renderings print invented units, so that in one warehouse
    # no sample supersedes another (same unit, year and kind).
    Sample(
        "fictitious-2024-broken-repeat",
        "shpt-czj-2024-final",
        VARIANTS["broken_repeat_header"],
        unit_name=fictitious_unit_name(3024),
    ),
    Sample(
        "fictitious-2023-broken-plain",
        "whhp-sjzyfwzx-2023-final",
        VARIANTS["broken_no_header"],
        unit_name=fictitious_unit_name(3023),
    ),
    Sample(
        "fictitious-2022-rotated",
        "whhp-dsjzx-2022-final",
        VARIANTS["rotated_page"],
        unit_name=fictitious_unit_name(3022),
    ),
    Sample(
        "fictitious-2024-norules-yuan",
        "shpt-czj-2024-final",
        VARIANTS["no_rules_flat"],
        unit_name=fictitious_unit_name(2024),
    ),
    Sample(
        "fictitious-2023-scanned",
        "whhp-sjzyfwzx-2023-final",
        variant("huangpi", name="huangpi_scanned", font="serif", thousands=True),
        unit_name=fictitious_unit_name(2023),
        scanned_tables=("01", "05"),
        seed=5,
    ),
    # Budgets of two units above, for the years of their final accounts: budget execution has pairs.
    Sample("shpt-czj-2024-budget", "shpt-czj-2024-final", PUTUO_BUDGET, kind="budget"),
    Sample("whhp-dsjzx-2022-budget", "whhp-dsjzx-2022-final", VARIANTS["huangpi"], kind="budget"),
)


@dataclass
class Manifest:
    """What each document of a set was made from; written as gold/manifest.json."""

    documents: list[dict[str, Any]] = field(default_factory=list)

    def add(self, name: str, source: str, figures: Figures, layout: Layout, scanned: list[int]) -> None:
        layout = for_kind(layout, figures.report_kind)  # as printed
        self.documents.append(
            {
                "name": name,
                "figures": source,
                "unit_name": figures.unit_name,
                "fiscal_year": figures.fiscal_year,
                "report_kind": figures.report_kind,
                "amount_unit": layout.amount_unit,
                "scanned_pages": scanned,
                "layout": asdict(layout),
            }
        )

    def write(self, gold_dir: Path) -> None:
        gold_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"documents": self.documents}, ensure_ascii=False, indent=1)
        (gold_dir / "manifest.json").write_text(text + "\n", encoding="utf-8")


def make_document(
    figures: Figures,
    layout: Layout,
    out_dir: Path,
    name: str,
    scanned_tables: tuple[str, ...] = (),
    seed: int = 0,
    every_page: bool = False,
    dpi: int = DPI,
    capture: Capture = FLAT,
) -> tuple[list[GoldRow], list[int]]:
    """Render <out_dir>/<name>.pdf and <out_dir>/gold/<name>.csv; scan the pages of scanned_tables,
    or with every_page (and some scanned_tables) the whole document, cover and narrative too, at dpi,
    taken as `capture` says."""
    pdf_path = out_dir / f"{name}.pdf"
    gold = render(figures, layout, pdf_path)
    write_gold(gold, out_dir / "gold" / f"{name}.csv")
    if not scanned_tables:
        return gold, []
    pages = None if every_page else sorted({g.page for g in gold if g.table_code in scanned_tables})
    return gold, scan_pdf(pdf_path.read_bytes(), pdf_path, pages=pages, seed=seed, dpi=dpi, capture=capture)


def write_samples(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    manifest = Manifest()
    written = []
    for sample in SAMPLES:
        figures = figures_of(sample.figures, sample.kind)
        if sample.unit_name:
            figures = renamed(figures, sample.unit_name)
        _, scanned = make_document(figures, sample.layout, out, sample.name, sample.scanned_tables, sample.seed)
        manifest.add(sample.name, sample.figures, figures, sample.layout, scanned)
        written.append(out / f"{sample.name}.pdf")
    manifest.write(out / "gold")
    return written


def write_variants(
    figure_names: list[str],
    count: int,
    seed: int,
    out_dir: str | Path,
    rename: bool = False,
    scan_share: float = 0.0,
    kind: str = "final",
    scan_all_pages: bool = False,
    capture: Capture = FLAT,
    forced: Mapping[str, Any] | None = None,
) -> list[Path]:
    """count documents with random layouts (seeds seed, seed+1, …), cycling through figure_names.

    rename gives each a fictitious unit; scan_share is the share of documents with some table pages scanned
    (with scan_all_pages, every page of them: a scanned document, not a mixed one), taken as `capture` says;
    kind 'final' or 'budget' renders that report kind, 'mixed' alternates final and budget; forced sets
    layout knobs on every document (outlined_text, header_band, a watermark and its grey).
    """
    out = Path(out_dir)
    manifest = Manifest()
    written = []
    for i in range(count):
        doc_seed = seed + i
        source = figure_names[i % len(figure_names)]
        doc_kind = REPORT_KINDS[i % 2] if kind == "mixed" else kind
        figures = figures_of(source, doc_kind)
        if rename:
            figures = renamed(figures, fictitious_unit_name(doc_seed))
        rng = random.Random(doc_seed)
        scanned_tables = tuple(rng.sample(("01", "02", "03", "05", "06"), 2)) if rng.random() < scan_share else ()
        name = document_name(source, doc_kind, doc_seed)
        layout = replace(random_layout(doc_seed), **(forced or {}))
        dpi = rng.choice(DPIS)
        _, scanned = make_document(figures, layout, out, name, scanned_tables, doc_seed, scan_all_pages, dpi, capture)
        manifest.add(name, source, figures, layout, scanned)
        written.append(out / f"{name}.pdf")
    manifest.write(out / "gold")
    return written


def resolve_figures(name: str) -> list[str]:
    """'all' or one built-in figure set name."""
    if name == "all":
        return builtin_names()
    load_builtin(name)  # fail early on a typo
    return [name]
