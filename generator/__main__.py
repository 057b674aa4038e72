"""python -m generator samples --out data/samples
python -m generator variants --figures all --count 200 --seed 1 --out /tmp/variants [--rename] [--scan-share 0.1]
    [--kind final|budget|mixed] [--scan-all-pages] [--keystone 0.03] [--worn 0.1] [--curl 2] [--spine 4]
    [--shadow 0.5] [--desk 0.03]
    [--faded 30] [--ghost 30] [--dropped 0.01] [--streak 120] [--glare 0.7] [--ocr-layer] [--no-unicode]
    [--outlined] [--pictured] [--halftone] [--coloured] [--rules columns] [--header-grey 200] [--screen 71]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import Any

from generator.pdf_edit import pictured_tables, without_unicode_maps
from generator.samples import REPORT_KINDS, resolve_figures, write_samples, write_variants
from generator.scan import Capture


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="generator", description="Render disclosure PDFs with exact gold.")
    commands = parser.add_subparsers(dest="command", required=True)
    samples = commands.add_parser("samples", help="the embedded default sample set")
    samples.add_argument("--out", type=Path, default=Path("data/samples"))
    variants = commands.add_parser("variants", help="random layouts of built-in figures")
    variants.add_argument("--figures", default="all", help="a built-in figure set, or 'all' to cycle through them")
    variants.add_argument("--count", type=int, default=20)
    variants.add_argument("--seed", type=int, default=0)
    variants.add_argument("--out", type=Path, required=True)
    variants.add_argument("--rename", action="store_true", help="print fictitious unit names")
    variants.add_argument("--scan-share", type=float, default=0.0, help="share of documents with scanned pages")
    variants.add_argument(
        "--scan-all-pages", action="store_true", help="scan every page of those documents, not some table pages"
    )
    variants.add_argument(
        "--keystone", type=float, default=0.0, help="scans photographed from below: the top this share narrower"
    )
    variants.add_argument("--worn", type=float, default=0.0, help="scans of worn copies: this share of rules lost")
    variants.add_argument(
        "--dashed", type=float, default=0.0, help="one-bit scans of hairlines: rules in dashes this many pt long"
    )
    variants.add_argument("--dotted", type=float, default=0.0, help="rules printed dotted: a dot every this many pt")
    variants.add_argument(
        "--light", type=int, default=0, help="a copy set light: its blackest print this many grey levels deep"
    )
    variants.add_argument("--curl", type=float, default=0.0, help="scans of curled pages: lines bowed by this many pt")
    variants.add_argument(
        "--spine", type=float, default=0.0, help="a booklet scanned open: lines bent by this many pt by its spine"
    )
    variants.add_argument(
        "--shadow", type=float, default=0.0, help="photos with a hand's shadow over a side, this share darker"
    )
    variants.add_argument("--desk", type=float, default=0.0, help="photos with this share of the width of desk round")
    variants.add_argument("--faded", type=int, default=0, help="copies: rules faded to this many levels under white")
    variants.add_argument("--ghost", type=int, default=0, help="thin paper: the back's rules show through this dark")
    variants.add_argument("--dropped", type=float, default=0.0, help="faxes losing this share of their scan lines")
    variants.add_argument("--streak", type=int, default=0, help="copies: a drum's streak down the page this dark")
    variants.add_argument(
        "--glare", type=float, default=0.0, help="photos: a lamp's glare this share of the way to white"
    )
    variants.add_argument(
        "--ocr-layer", action="store_true", help="searchable scans: an OCR program's text hidden under the image"
    )
    variants.add_argument(
        "--no-unicode", action="store_true", help="fonts without a /ToUnicode map: text extracts as glyph numbers"
    )
    variants.add_argument("--halftone", action="store_true", help="scans in black and white, greys as screen dots")
    variants.add_argument(
        "--coloured", action="store_true", help="scans of a duplicator's print: blue ink on tinted paper"
    )
    variants.add_argument("--outlined", action="store_true", help="text drawn as glyph outlines: none to extract")
    variants.add_argument("--header-band", action="store_true", help="headers printed white on a dark band")
    variants.add_argument("--zebra-grey", type=int, default=0, help="every other table row on a band of this grey")
    variants.add_argument("--header-grey", type=int, default=0, help="headers printed on a light fill of this grey")
    variants.add_argument(
        "--screen", type=float, default=0.0, help="scans of a laser print: its greys a dot screen of this many lpi"
    )
    variants.add_argument("--two-up", action="store_true", help="printed two pages to a landscape sheet")
    variants.add_argument(
        "--watermark-grey", type=int, default=0, help="the unit's name across every page in this grey (0-255)"
    )
    variants.add_argument(
        "--rules",
        choices=["grid", "horizontal", "frame", "none", "columns"],
        help="every table ruled so (columns: down its columns and round its header only, none between rows)",
    )
    variants.add_argument(
        "--amount-align", choices=["L", "C", "R"], help="amounts set flush left, centred or flush right in their cells"
    )
    variants.add_argument(
        "--pictured", action="store_true", help="ruled tables pasted as screenshots under their titles"
    )
    variants.add_argument(
        "--kind",
        choices=[*REPORT_KINDS, "mixed"],
        default="final",
        help="final accounts (部门决算), budgets (部门预算) derived from them, or the two alternating",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if args.command == "samples":
        written = write_samples(args.out)
    else:
        figures = resolve_figures(args.figures)
        capture = Capture(
            keystone=args.keystone,
            worn=args.worn,
            dashed=args.dashed,
            dotted=args.dotted,
            light=args.light,
            curl=args.curl,
            spine=args.spine,
            shadow=args.shadow,
            desk=args.desk,
            faded=args.faded,
            ghost=args.ghost,
            dropped=args.dropped,
            streak=args.streak,
            glare=args.glare,
            ocr_layer=args.ocr_layer,
            halftone=args.halftone,
            coloured=args.coloured,
            screen=args.screen,
        )
        written = write_variants(
            figures,
            args.count,
            args.seed,
            args.out,
            args.rename,
            args.scan_share,
            args.kind,
            args.scan_all_pages,
            capture,
            _forced_layout(args),
        )
        for path in written if args.no_unicode else ():
            path.write_bytes(without_unicode_maps(path.read_bytes()))
        for path in written if args.pictured else ():
            path.write_bytes(pictured_tables(path.read_bytes(), _table_pages(args.out / "gold" / f"{path.stem}.csv")))
    elapsed = time.perf_counter() - started
    print(f"wrote {len(written)} PDFs with gold to {args.out} in {elapsed:.1f} s")


def _forced_layout(args: argparse.Namespace) -> dict[str, Any]:
    """The layout knobs the options set on every document."""
    forced: dict[str, Any] = {"outlined_text": args.outlined, "header_band": args.header_band, "two_up": args.two_up}
    if args.rules:
        forced["rules"] = args.rules
    if args.watermark_grey:
        forced |= {"watermark": True, "watermark_grey": args.watermark_grey}
    if args.zebra_grey:
        forced["zebra_grey"] = args.zebra_grey
    if args.header_grey:
        forced["header_grey"] = args.header_grey
    if args.amount_align:
        forced["amount_align"] = args.amount_align
    return forced


def _table_pages(gold: Path) -> set[int]:
    """The pages a document's gold facts are printed on."""
    with gold.open(encoding="utf-8") as f:
        return {int(row["page"]) for row in csv.DictReader(f)}


if __name__ == "__main__":
    main()
