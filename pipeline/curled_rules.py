"""A rule's end that a bound page's curl bends off its line, traced on through its ink.

Near a book's spine the page lifts from the glass and each rule bends away from its line: the long
level run that finds a rule (`pipeline.image_rules`) stops where the bend begins, short of the
table's side. The grid then loses the border between those rows in the last column, and the rules
stopping together read as a side of their own, which cuts the column's amounts in two. The bent end
is still one thin unbroken line of ink (dark or pale): followed a pixel at a time from where the bend
may begin, drifting a little with each step, it reaches the rule across, off its own line by then.
"""

from __future__ import annotations

import numpy as np

from pipeline.rules import Rule

REACH_PT = 72.0  # furthest a bent end is followed: a curl lifts the last column or two of a page
BACK_PT = 30.0  # a bend begins up to a level run's shortest length before the run stops (image_rules' 30 pt)
START_PT = 1.5  # where the run stopped, its line is looked for this far either side of the rule's centre
DRIFT_PX = 2  # each step, the line is looked for this many pixels either side of where it was
SLOPE = 0.25  # the furthest a bent end leaves its line for each step along: a curl's, not a stroke's
GAP_PT = 1.0  # longest break a scan leaves in a thin line that is stepped over
BEND_PT = 1.0  # a curled end leaves its line by this much at least: one going on level is a worn rule's, and
# whether its pale pieces make a rule is for bridging (`pipeline.image_rules`) to judge, not this


def curled_on(
    rules: list[Rule], across: list[Rule], ink: np.ndarray, scale: float, meet: float
) -> tuple[list[Rule], np.ndarray]:
    """The rules, each end that stops short of a rule across it (by more than `meet`, the distance at
    which rules count as meeting) traced on to it where its ink bends on unbroken; and the traced
    ends' pixels (255), for taking out of the text."""
    mask = np.zeros_like(ink)
    traced = []
    for rule in rules:
        image, painted = (ink, mask) if rule.horizontal else (ink.T, mask.T)
        ends = [rule.a, rule.b]
        for side, end in enumerate(ends):
            stop = _next_across(rule, end, across, meet, forward=side == 1)
            back = max(rule.a, end - BACK_PT) if side == 1 else min(rule.b, end + BACK_PT)
            path = None if stop is None else _followed(image, rule.at, (back, stop), meet, scale)
            if path:
                for x, y in path:
                    painted[max(0, y - 1) : y + 2, x] = 255
                ends[side] = stop
        traced.append(Rule(rule.horizontal, rule.at, ends[0], ends[1]))
    return traced, mask


def _next_across(rule: Rule, end: float, across: list[Rule], meet: float, forward: bool) -> float | None:
    """The nearest rule across the rule's line beyond its end, if the end stops short of it by more
    than `meet` and no more than REACH_PT."""
    gaps = [
        (other.at - end) * (1 if forward else -1) for other in across if other.a - meet <= rule.at <= other.b + meet
    ]
    gap = min((g for g in gaps if g > meet), default=None)
    if gap is None or gap > REACH_PT:
        return None
    return end + gap if forward else end - gap


def _followed(
    image: np.ndarray, line: float, span: tuple[float, float], meet: float, scale: float
) -> list[tuple[int, int]] | None:
    """The pixels of a thin line of ink followed along the image's rows over `span` (points, from where
    the rule's bend may begin to within `meet` of the rule across), first found within START_PT of `line`; None where
    it breaks off, leaves its line faster than a curl, or does not leave it at all."""
    width = image.shape[1]
    start, stop = (round(at * scale) for at in span)
    if min(start, stop) < 0 or max(start, stop) >= width:
        return None
    step = 1 if stop > start else -1
    x, last = start, stop
    reach = max(1, round(START_PT * scale))
    first = _centre(image, x, round(line * scale), reach)
    if first is None:
        return None
    y, path, gap = first, [], 0
    while abs(x - last) > meet * scale:
        x += step
        found = _centre(image, x, y, DRIFT_PX)
        if found is None:
            gap += 1
            if gap > GAP_PT * scale:
                return None
            continue
        y, gap = found, 0
        if abs(y - first) > DRIFT_PX + SLOPE * abs(x - start):
            return None
        path.append((x, y))
    return path if path and abs(path[-1][1] - first) >= BEND_PT * scale else None


def _centre(image: np.ndarray, x: int, y: int, reach: int) -> int | None:
    """The middle row of the ink in column x within `reach` rows of y, or None if there is none."""
    low = max(0, y - reach)
    rows = np.flatnonzero(image[low : y + reach + 1, x])
    return None if rows.size == 0 else low + round(float(rows.mean()))
