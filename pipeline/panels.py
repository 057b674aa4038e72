"""Text set turned on its page, or two pages to a sheet, and the upright frame it reads in.

A landscape table is often drawn turned a quarter on a portrait page, with no /Rotate to say so, and a
sheet printed two pages up holds two pages side by side, one perhaps upright beside another turned.
Such a page is cut into panels along gutters no text or rule crosses: where its text turns, and between
its pages. Each panel is turned upright and the panels are stacked down one canvas, in the order they
stand on the sheet, so that everything downstream reads them as one page of upright text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.glyph import Glyph
from pipeline.rules import Rule

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in display space
TURNED_MIN = 40  # characters: fewer turned ones are labels (a rotated column head, a stamp), not a page's text
TURNED_SHARE = 0.1  # … as are fewer than this share of the panel's characters
GUTTER = 4.0  # points: the narrowest gap between panels no text or rule crosses
FOLD = 16.0  # points: the narrowest gutter between two pages on a sheet (their margins), wider than rows part


@dataclass(frozen=True)
class Panel:
    turn: int  # quarter turns clockwise that set its text upright
    box: Box  # where it stands on the page
    top: float  # where it starts down the canvas

    @property
    def size(self) -> tuple[float, float]:
        x0, top, x1, bottom = self.box
        width, height = x1 - x0, bottom - top
        return (height, width) if self.turn % 2 else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x0, top, x1, bottom = self.box
        u, v, w, h = x - x0, y - top, x1 - x0, bottom - top
        turned = ((u, v), (h - v, u), (w - u, h - v), (v, w - u))[self.turn]
        return turned[0], turned[1] + self.top


@dataclass(frozen=True)
class Frame:
    """The panels a page is read in, stacked down a canvas `size` large."""

    panels: tuple[Panel, ...]
    size: tuple[float, float]

    def glyph(self, glyph: Glyph) -> Glyph:
        panel = self._holding(glyph.cx, glyph.cy)
        (a, b), (c, d) = panel.point(glyph.x0, glyph.top), panel.point(glyph.x1, glyph.bottom)
        return Glyph(glyph.text, min(a, c), min(b, d), max(a, c), max(b, d))

    def rules(self, rules: list[Rule]) -> list[Rule]:
        return [self._rule(rule) for rule in rules]

    def _rule(self, rule: Rule) -> Rule:
        ends = [(rule.a, rule.at), (rule.b, rule.at)] if rule.horizontal else [(rule.at, rule.a), (rule.at, rule.b)]
        panel = self._holding(*(sum(c) / 2 for c in zip(*ends, strict=True)))
        (x0, y0), (x1, y1) = (panel.point(x, y) for x, y in ends)
        if abs(y1 - y0) < abs(x1 - x0):
            return Rule(True, y0, min(x0, x1), max(x0, x1))
        return Rule(False, x0, min(y0, y1), max(y0, y1))

    def _holding(self, x: float, y: float) -> Panel:
        """The panel a point stands in; the panels tile the page, so one does, or the nearest."""
        return min(self.panels, key=lambda p: _distance(p.box, x, y))


def frame_of(
    glyphs: list[tuple[Glyph, int]], rules: list[Rule], width: float, height: float, sheet: bool
) -> Frame | None:
    """The frame a page's glyphs read upright in, each given with the quarter turns that set it upright;
    None where the page's text stands upright as it is. A sheet (its document printed two pages up) is
    cut into its pages first, then each where its own text turns: cut where the sheet's text turned first,
    a few turned lines (a landscape table's last rows) drew the cut inside their page, short of the fold."""
    page = (0.0, 0.0, width, height)
    if sheet:
        panels = [panel for box in _pages_of(page, glyphs, rules) for panel in _panels(*_part(box, glyphs, rules))]
    else:
        panels = _panels(page, glyphs, rules)
    if panels == [(page, 0)]:
        return None
    stacked, top = [], 0.0
    for box, turn in panels:
        stacked.append(Panel(turn, box, top))
        top += stacked[-1].size[1]
    return Frame(tuple(stacked), (max(p.size[0] for p in stacked), top))


def folded(glyphs: list[tuple[Glyph, int]], rules: list[Rule], width: float, height: float) -> bool:
    """Whether a gutter FOLD wide runs down the middle of the page, text each side: two pages side by side,
    or the columns of one table set far apart (a document printed two pages up folds most of its sheets)."""
    return _fold((0.0, 0.0, width, height), width / 2, glyphs, rules) is not None


def _panels(box: Box, glyphs: list[tuple[Glyph, int]], rules: list[Rule]) -> list[tuple[Box, int]]:
    """The box cut where it holds text of more than one turn, each part with the turn most of its text
    takes. Of the gutters, the one parting the turns best (the widest of those): a page's own gutter
    between labels and amounts may be wider than the one between it and the page turned beside it. Where
    no gutter parts them, the box keeps the turn of most of its text."""
    turn = _most(glyphs)
    others = sum(t != turn for _, t in glyphs)
    if others:
        cuts = [cut for cut in _cuts(box, glyphs, rules) if all(part[1] for part in cut)]
        best = min(cuts, key=_mixed, default=None)
        # text of a turn of its own is parted from the rest where no more than a few characters are left
        # among text of the other turn (not a table's headings set upright and turned, all in one block);
        # a few characters (a title bar, a page number upright beside a turned table) where fewer are
        if best and _mixed(best) < min(others, max(TURNED_MIN, TURNED_SHARE * len(glyphs))):
            return [panel for part in best for panel in _panels(*part)]
    return [(box, turn)]


def _mixed(cut: tuple[Part, Part]) -> int:
    """How many characters stand in a part most of whose text is turned otherwise."""
    return sum(len(glyphs) - max(Counter(t for _, t in glyphs).values()) for _, glyphs, _ in cut)


def _most(glyphs: list[tuple[Glyph, int]]) -> int:
    """The turn most of the characters take (none: upright)."""
    turns = Counter(turn for _, turn in glyphs)
    return turns.most_common(1)[0][0] if turns else 0


def _pages_of(sheet: Box, glyphs: list[tuple[Glyph, int]], rules: list[Rule]) -> list[Box]:
    """A sheet as the pages it holds: two, where a gutter FOLD wide runs down its middle, so each is read
    whole, in the order the sheet sets them, and in its own turn (a page of a row or two stands beside one
    turned, too little text to part them by their turns); the sheet whole where none does."""
    parts = _fold(sheet, (sheet[0] + sheet[2]) / 2, glyphs, rules)
    return [part[0] for part in parts] if parts else [sheet]


def _fold(box: Box, middle: float, glyphs: list[tuple[Glyph, int]], rules: list[Rule]) -> tuple[Part, Part] | None:
    """The box parted down `middle` where a gutter FOLD wide runs there, each part holding text."""
    _, glyphs, rules = _part(box, glyphs, rules)
    if not any(a < middle < b and b - a >= FOLD for a, b in _gutters(box, glyphs, rules, False)):
        return None
    first, second = (_part(b, glyphs, rules) for b in _split(box, middle, False))
    return (first, second) if first[1] and second[1] else None


Part = tuple[Box, list[tuple[Glyph, int]], list[Rule]]


def _cuts(box: Box, glyphs: list[tuple[Glyph, int]], rules: list[Rule]) -> Iterator[tuple[Part, Part]]:
    """The box cut in two along each gutter, across or down, widest first; first part left or above."""
    gutters = [(gap, across) for across in (False, True) for gap in _gutters(box, glyphs, rules, across)]
    for (start, end), across in sorted(gutters, key=lambda g: g[0][0] - g[0][1]):
        first, second = _split(box, (start + end) / 2, across)
        yield _part(first, glyphs, rules), _part(second, glyphs, rules)


def _split(box: Box, at: float, across: bool) -> tuple[Box, Box]:
    """The box cut at `at`: across it (a cut at a height) or down it."""
    x0, top, x1, bottom = box
    if across:
        return (x0, top, x1, at), (x0, at, x1, bottom)
    return (x0, top, at, bottom), (at, top, x1, bottom)


def _part(box: Box, glyphs: list[tuple[Glyph, int]], rules: list[Rule]) -> Part:
    return box, [g for g in glyphs if _inside(box, g[0].cx, g[0].cy)], [r for r in rules if _inside(box, *_middle(r))]


def _gutters(box: Box, glyphs: list[tuple[Glyph, int]], rules: list[Rule], across: bool) -> list[tuple[float, float]]:
    """Gaps at least GUTTER wide between what the box holds: from side to side (across: from top to bottom),
    where it may be cut down (across) with nothing cut through."""
    x0, top, x1, bottom = box
    spans = [(g.top, g.bottom) if across else (g.x0, g.x1) for g, _ in glyphs]
    spans += [_span(r, across) for r in rules]
    gaps, reach = [], None
    for start, end in sorted(spans):
        if reach is not None and start - reach >= GUTTER:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    lo, hi = (top, bottom) if across else (x0, x1)
    return [(a, b) for a, b in gaps if lo < a and b < hi]


def _span(rule: Rule, across: bool) -> tuple[float, float]:
    """The stretch of one axis a rule covers: down the page (across) or along it."""
    if rule.horizontal == across:
        return rule.at, rule.at
    return rule.a, rule.b


def _middle(rule: Rule) -> tuple[float, float]:
    along = (rule.a + rule.b) / 2
    return (along, rule.at) if rule.horizontal else (rule.at, along)


def _inside(box: Box, x: float, y: float) -> bool:
    x0, top, x1, bottom = box
    return x0 <= x < x1 and top <= y < bottom


def _distance(box: Box, x: float, y: float) -> float:
    x0, top, x1, bottom = box
    return max(x0 - x, 0.0, x - x1) + max(top - y, 0.0, y - bottom)
