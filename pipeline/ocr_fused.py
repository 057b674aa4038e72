"""Lines of a piece whose wrapped lines touch: heavy print set tight (a bold header wrapped in its cell,
本年收入 over 合计) joins one line's strokes to the next, so their blobs make one piece two or three lines
tall, which the recogniser, reading one line at a time, makes nothing of.

Such a piece is cut where its ink thins to a few touching strokes across its whole width: between two
lines of text only those cross, where inside a line of characters side by side nearly every row passes
through several of them. Only a cell's pieces are cut so: free text comes in lines from the detector,
and a large title's line may be as tall.
"""

from __future__ import annotations

import numpy as np

from pipeline.ink import Box

FUSED_TALL = 1.6  # × a short line's height: a piece this tall may be lines run together
SHORT_LINES = 25  # percentile of the page's piece heights that is a short line's (the median may be the fused)
VALLEY = 0.4  # × a line's usual ink across the piece: a row with no more is a gap between lines
LINE_SHARE = 0.6  # × a short line's height: the least a line of the piece stands tall …
MOST_LINES = 4  # … and the most lines it is taken to hold
ALIKE = 0.75  # × the tallest line cut: the least the others stand
PITCH_SLACK = 0.25  # × the pitch of its lines: how far from an even pitch a gap between them may lie


def short_line(heights: list[int]) -> int:
    """How tall a short line of the page's pieces stands: on a sparse page, pieces of fused lines may be
    half of them."""
    return int(np.percentile(heights, SHORT_LINES)) if heights else 0


def fused_lines(box: Box, text_ink: np.ndarray, line_height: int) -> list[Box]:
    """The piece's lines, each boxed to its own ink; the piece alone where it holds one. As many lines as
    are cut at gaps, the most the piece may hold first: `line_height` is a short line's (`short_line`),
    amounts' as likely as a header's own."""
    if line_height <= 0 or box.height < FUSED_TALL * line_height:
        return [box]
    ink = text_ink[box.y0 : box.y1, box.x0 : box.x1] > 0
    profile = np.count_nonzero(ink, axis=1)
    most = min(MOST_LINES, int(box.height / (LINE_SHARE * line_height)))
    cuts = next((cuts for lines in range(most, 1, -1) if (cuts := _cuts(profile, lines)) is not None), None)
    if cuts is None:
        return [box]
    bands = zip([0, *cuts], [*cuts, box.height], strict=True)
    lines = [b for top, bottom in bands if (b := _inked_box(ink[top:bottom], box, top)) is not None]
    # lines of one type stand alike; a sliver cut off is a slanting line's end, a speck or a rule's remnant
    tallest = max(b.height for b in lines)
    alike = all(b.height >= max(LINE_SHARE * line_height, ALIKE * tallest) for b in lines)
    return lines if alike else [box]


def _cuts(profile: np.ndarray, lines: int) -> list[int] | None:
    """The rows between the lines: near where each would end at an even pitch (within a quarter of it),
    the thinnest, if it is near-blank; None unless every one is."""
    usual = np.percentile(profile[profile > 0], 75) if profile.any() else 0
    pitch = len(profile) / lines
    reach = max(1, round(PITCH_SLACK * pitch))
    cuts = []
    for k in range(1, lines):
        near = round(k * pitch)
        low, high = max(1, near - reach), min(len(profile) - 1, near + reach + 1)
        cut = low + int(np.argmin(profile[low:high]))
        if profile[cut] > VALLEY * usual:
            return None
        cuts.append(cut)
    return cuts


def _inked_box(ink: np.ndarray, box: Box, top: int) -> Box | None:
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    if not len(rows):
        return None
    return Box(
        box.x0 + int(cols[0]), box.y0 + top + int(rows[0]), box.x0 + int(cols[-1]) + 1, box.y0 + top + int(rows[-1]) + 1
    )
