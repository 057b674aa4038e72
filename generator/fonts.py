"""The three CJK fonts, cut down once to the characters the generator prints, as TrueType.

Embedding a subset of a full CJK font costs fpdf2 about a second per document (the Noto fonts are CFF, whose
glyphs fontTools interprets one by one). A small TrueType font holding only the characters we can print
brings that to a few hundredths. It is built on first use (a second or two) and cached on disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

import paperang_p2_fonts_cjk
import pylopdf_fonts_zh_cn
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

SOURCES = {
    "sans": pylopdf_fonts_zh_cn.sans_path(),
    "serif": pylopdf_fonts_zh_cn.serif_path(),
    "wqy": Path(paperang_p2_fonts_cjk.__file__).parent / "fonts" / "wqy-microhei.ttc",
}
PACKAGE = Path(__file__).parent
CU2QU_MAX_ERR = 1.0  # font units: far below what a rendering at any sane scale can show


@cache
def _static_chars() -> frozenset[str]:
    """Every character the package itself can print: its wording (code and data files), ASCII, CJK punctuation."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF01, 0xFF5F)}
    chars |= set("“”‘’—…·≥≤×")
    for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("data/*.csv"), *PACKAGE.glob("figures_data/*.csv")]:
        chars |= {ch for ch in path.read_text(encoding="utf-8") if ch >= " "}
    return frozenset(chars)


def cache_dir() -> Path:
    configured = os.environ.get("GENERATOR_FONT_CACHE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "disclosure-generator" / "fonts"


def font_file(font: str, text: str = "") -> Path:
    """A TrueType file of `font` covering the package's own wording plus every character of `text`."""
    chars = _static_chars() | set(text)
    digest = hashlib.sha1("".join(sorted(chars)).encode(), usedforsecurity=False).hexdigest()[:12]
    path = cache_dir() / f"{font}-{digest}.ttf"
    if not path.exists():
        _build(SOURCES[font], chars, path)
    return path


@cache
def advance_widths(path: Path) -> dict[str, float]:
    """Character -> advance width at 1 pt, as a PDF viewer will space the glyphs."""
    font = TTFont(str(path), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {chr(code): metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}


def _build(source: Path, chars: frozenset[str] | set[str], path: Path) -> None:
    font = TTFont(str(source), fontNumber=0, recalcTimestamp=False)
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, hinting=False, desubroutinize=True)
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "VORG", "BASE", "vhea", "vmtx", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in chars])
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then renamed: parallel test workers may build the same font at once.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    font.save(tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _cff_to_glyf(font: TTFont) -> None:
    """Cubic CFF outlines to quadratic TrueType ones (after fontTools' otf2ttf snippet)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\000\001\000\000"
