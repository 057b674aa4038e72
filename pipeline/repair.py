"""Catching OCR misreads with the tables' own arithmetic, and correcting those it pins down.

Every standard table adds up: a row's total column is the sum of the other columns, 合计 = Σ类,
类 = Σ款, 款 = Σ项 in every column, the summary lines of tables 01, 04, 06 and 09 are sums of other
lines. A digit misread by OCR breaks each identity its cell takes part in. When one OCR'd amount
breaks two or more of them and a single value (a few characters away from what was read) makes
every identity it takes part in hold, that value replaces it and the fact says `ocr-corrected: was
<old>`. An amount OCR could not read at all (82 L 73) is recovered so, from its blank, where two
or more identities agree on it. The OCR'd facts of any identity still broken are marked `ocr-unverified`.

Printed documents carry rounding differences (尾数误差): an n-term sum may be off by up to n steps
of the rounding the amounts were printed with (0.01 as a rule; 100 元 where a document prints in 元
figures kept in 万元 to two decimals), so such a difference is never a break. Blank cells count as 0.
Facts from a text layer are never changed, though they take part in the identities.

That tolerance would let a misread last digit through (1,503.5 read for 1,503.52, 6.21 for 6.20).
So an OCR'd amount printed with other decimals than its table's, off the coarse step its table
rounds to (76000.60 among whole hundreds), or in an identity off by a few cents in a table printed
to the cent, is held to its identities exactly: it stands if one holds to
the cent and no other value makes more hold (documents have rounding differences of their own); one
with odd decimals, or in an identity broken past rounding, is corrected if another value makes two
or more hold; any other is `ocr-unverified`. A whole amount of one or two digits there, without
which every identity it takes part in holds, is a speck of the scan read as a digit: it is dropped.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from pipeline.model import Fact, Unreadable
from pipeline.text import edit_distance
from pipeline.vocab import PERSONNEL_CLASSES

Key = tuple[str, str, str]  # table_code, line_key, measure

CENT = Decimal("0.01")
CENTS_PLACES = 2  # decimal places of a table printed to the cent
ROUNDING_STEPS = tuple(Decimal(s) for s in ("100", "10", "1", "0.1", "0.01"))  # coarsest first
ROUNDED_SHARE = 0.95  # of a unit's amounts that must be multiples of a step for it to be the rounding
MIN_AMOUNTS = 20  # fewer amounts in a unit than this say nothing about its rounding: 0.01 it is
MAX_EDITS = 2  # a misread changes, drops or adds at most this many characters
CLASSES = "<classes>"  # stands for every 类 (3-digit code) line of the table
APPROPRIATIONS = "<appropriations>"  # 财政拨款收入 where printed as one line, else its three budget lines
_SPLIT_APPROPRIATIONS = ("inc.gpb_appropriation", "inc.gf_appropriation", "inc.soe_appropriation")
OTHER_CLASSES = "<other classes>"  # every 类 line but the personnel ones (301, 303): 公用经费

# Per table: the total column of each row and the columns that add up to it.
ROW_SUMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "02": (
        "total",
        (
            "fiscal_appropriation",
            "superior_subsidy",
            "public_service",
            "business",
            "affiliate_remittance",
            "other",
        ),
    ),
    "03": ("total", ("basic", "project", "remit_to_superior", "business", "affiliate_subsidy")),
    "04": ("total", ("gpb", "gf", "soe")),
    "05": ("total", ("basic", "project")),
    "06": ("total", ("personnel", "public")),
    "07": ("total", ("basic", "project")),
    "08": ("total", ("basic", "project")),
}

# Per table: summary lines and the lines that add up to them, in every column.
LINE_SUMS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "01": (
        (
            "inc.total",
            (
                APPROPRIATIONS,
                "inc.superior_subsidy",
                "inc.public_service",
                "inc.business",
                "inc.affiliate_remittance",
                "inc.other",
            ),
        ),
        ("inc.fiscal_appropriation", _SPLIT_APPROPRIATIONS),
        ("inc.grand_total", ("inc.total", "inc.nonfiscal_balance_used", "inc.opening_balance")),
        ("exp.total", (CLASSES,)),
        ("exp.grand_total", ("exp.total", "exp.balance_distribution", "exp.closing_balance")),
        ("exp.grand_total", ("inc.grand_total",)),
    ),
    "04": (
        ("inc.total", ("inc.gpb_appropriation", "inc.gf_appropriation", "inc.soe_appropriation")),
        ("inc.opening_balance", ("inc.opening_balance.gpb", "inc.opening_balance.gf", "inc.opening_balance.soe")),
        ("inc.grand_total", ("inc.total", "inc.opening_balance")),
        ("exp.total", (CLASSES,)),
        ("exp.grand_total", ("exp.total", "exp.closing_balance")),
    ),
    "06": (
        ("personnel_total", PERSONNEL_CLASSES),
        ("public_total", (OTHER_CLASSES,)),
        ("total", ("personnel_total", "public_total")),
    ),
    "09": (
        ("total", ("overseas", "vehicle", "reception")),
        ("vehicle", ("vehicle_purchase", "vehicle_operation")),
    ),
}

# Identities across tables (and across the two halves of 04), line by line; CLASSES: for every 类 of the first.
# 01 and 04's income half print 决算数 (actual) in final accounts and 预算数 (budget) in budgets; 01's
# appropriations (财政拨款收入) are 04's income.
CROSS_SUMS: tuple[tuple[Key, tuple[Key, ...]], ...] = (
    *((("01", line, m), (("04", line, m),)) for line in _SPLIT_APPROPRIATIONS for m in ("actual", "budget")),
    (("04", "inc.grand_total", "actual"), (("04", "exp.grand_total", "total"),)),
    (("04", "inc.grand_total", "budget"), (("04", "exp.grand_total", "total"),)),
    (("01", "inc.total", "actual"), (("02", "total", "total"),)),
    (("01", "inc.total", "budget"), (("02", "total", "total"),)),
    (("01", "exp.total", "actual"), (("03", "total", "total"),)),
    (("01", "exp.total", "budget"), (("03", "total", "total"),)),
    (("01", CLASSES, "actual"), (("03", CLASSES, "total"),)),
    (("01", CLASSES, "budget"), (("03", CLASSES, "total"),)),
    (("04", "exp.total", "gpb"), (("05", "total", "total"),)),
    (("04", CLASSES, "gpb"), (("05", CLASSES, "total"),)),
    (("05", "total", "basic"), (("06", "personnel_total", "actual"), ("06", "public_total", "actual"))),
)
HIERARCHY_TABLES = {"02", "03", "05", "06", "07", "08"}  # rows keyed by 类/款/项 codes; their 合计 row is Σ类


@dataclass(frozen=True)
class Identity:
    total: Key
    parts: tuple[Key, ...]
    step: Decimal = CENT  # the rounding of the amounts: each term may be off by this much

    @cached_property
    def terms(self) -> frozenset[Key]:
        return frozenset((self.total, *self.parts))


def repair(facts: list[Fact], unreadable: Iterable[Unreadable] = ()) -> list[Fact]:
    """The facts with pinned-down OCR misreads corrected, unreadable amounts the sums pin down
    recovered (`_recover`), and OCR'd facts in broken identities marked."""
    printed = {_key(f) for f in facts}
    blanks = {_key(u.fact): u for u in unreadable if _key(u.fact) not in printed}
    values = {_key(f): f.amount for f in facts}
    ocr = {_key(f) for f in facts if f.provenance.startswith("ocr")}
    every, doubted = [*facts, *(u.fact for u in blanks.values())], ocr | blanks.keys()
    steps = rounding_steps(every)  # a table may have nothing but unreadable amounts
    # those with an OCR'd term, and those with a blank one: where every identity of a blank cell holds, OCR lost none
    found = [replace(i, step=steps[i.total[0]]) for i in identities(every) if doubted & i.terms or i.terms - printed]
    usual = _usual_places(facts)
    corrected: dict[Key, Decimal | str] = {key: values[key] for key in _points_lost(facts, usual) & ocr}
    for key in sorted(corrected):  # the digits after a lost point lost too (1503 for 1503.52), if the sums say so
        values[key] = _cut_short(key, [i for i in found if key in i.terms], values) or values[key].scaleb(-CENTS_PLACES)
    pending, solved = dict(blanks), set()
    while True:  # a misread put right may let the sums recover an unreadable amount, and that one pin another
        for key, value in _recover(pending, found, values).items():
            corrected[key], values[key] = pending.pop(key).text, value
            facts = [*facts, replace(blanks[key].fact, amount=value)]
            ocr.add(key)
        odd_read = _odd_decimals(facts, usual) | _off_step(facts, steps)
        fixed = _fixes([i for i in found if not pending.keys() & i.terms], values, ocr - solved, odd_read)
        if not fixed:
            break
        for key, value in fixed.items():
            corrected.setdefault(key, values[key])
            values[key] = value
        solved |= fixed.keys()
    odd = odd_read & ocr - corrected.keys()
    specks = _specks(odd, found, values, usual) | _put_right_to_nothing(corrected, values, usual)
    for key in specks:
        del values[key]
    odd -= specks
    unsure = _check_exactly(sorted(odd), found, values, corrected, correct=True)
    off = _off_by_cents(found, values) & ocr - corrected.keys() - odd
    breaking = _broken_terms(found, values)
    unsure |= _check_exactly(sorted(off & breaking), found, values, corrected, correct=True)
    unsure |= _check_exactly(sorted(off - breaking), found, values, corrected, correct=False)
    doubtful = _broken_terms(found, values) & ocr | unsure
    out = []
    for f in facts:
        key = _key(f)
        if key in specks:
            continue
        if key in doubtful:  # a point restored, the sums still broken
            f = replace(f, amount=values[key], provenance="ocr-unverified")
        elif key in corrected:
            f = replace(f, amount=values[key], provenance=f"ocr-corrected: was {corrected[key]}")
        out.append(f)
    return out


def _recover(
    unreadable: dict[Key, Unreadable], found: list[Identity], values: dict[Key, Decimal]
) -> dict[Key, Decimal]:
    """Values for unreadable amounts that two or more identities pin down alike, every identity of
    theirs then holding, and that read a few characters from what OCR made of them (821.73 from
    82 L 73), or that the one identity of theirs holds with every digit read; of two such values (the
    sums a rounding difference apart), the one nearer what was read (171.07 from 1.71.07, not
    171.09). Identities with another unreadable term say nothing until it is recovered: one
    recovered may pin down the next (a 款 from its row and its 类, then its 项 from its row and it)."""
    recovered: dict[Key, Decimal] = {}
    progress = True
    while progress:
        progress = False
        for key in sorted(unreadable.keys() - recovered.keys()):
            pending = unreadable.keys() - recovered.keys() - {key}
            own = [i for i in found if key in i.terms and not pending & i.terms]
            known = {**values, **recovered}
            options = {-_gap(i, known) if i.total == key else _gap(i, known) for i in own} | _as_read(unreadable[key])
            pinned = sorted(
                (edits, v)
                for v in options
                if v > 0 and (edits := _pins(key, v, own, known, unreadable[key].text)) is not None
            )
            if pinned and (len(pinned) == 1 or pinned[0][0] < pinned[1][0]):
                recovered[key], progress = pinned[0][1], True
    return recovered


def _as_read(lost: Unreadable) -> set[Decimal]:
    """The digits read, as an amount with cents: where a sum holds within its rounding either way, the
    amount printed rather than what the other terms leave over."""
    digits = re.sub(r"\D", "", lost.text)
    return {Decimal(digits) / 100} if digits else set()


def _pins(key: Key, value: Decimal, own: list[Identity], values: dict[Key, Decimal], text: str) -> int | None:
    """How many characters the value is from what was read, if it makes every identity of its hold,
    two or more, and is a few characters from it; or the one identity it has (a 项 of table 06), and
    it is every digit read, in order (11.53 from 1.1.53, a speck read as a point)."""
    trial = {**values, key: value}
    held = sum(not broken(i, trial) for i in own)
    # separators aside: the sums place the point, and OCR reads a thousands comma as a point (2.96 L 68)
    read, printed = (re.sub(r"[\s,.]", "", t) for t in (text, _printed(value)))
    edits = edit_distance(read, printed)
    allowed = MAX_EDITS if len(own) >= 2 else 0
    return edits if held == len(own) >= 1 and edits <= allowed else None


def identities(facts: Iterable[Fact]) -> list[Identity]:
    """The arithmetic the document's tables must satisfy, over the lines and columns they print."""
    lines: dict[str, set[str]] = defaultdict(set)
    measures: dict[str, set[str]] = defaultdict(set)
    units: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        lines[f.table_code].add(f.line_key)
        measures[f.table_code].add(f.measure)
        units[f.table_code].add(f.amount_unit)
    found: list[Identity] = []
    for table in sorted(lines):
        found += _row_sums(table, lines[table], measures[table])
        found += _line_sums(table, lines[table], measures[table])
        if table in HIERARCHY_TABLES:
            found += _code_sums(table, lines[table], measures[table])
    found += _cross_sums(lines, measures, units)
    return found


def rounding_steps(facts: Iterable[Fact]) -> dict[str, Decimal]:
    """Per table: the step its amounts are rounded to, judged over every amount printed in its unit."""
    amounts: dict[str, list[Decimal]] = defaultdict(list)
    units = {}
    for f in facts:
        units[f.table_code] = f.amount_unit
        if f.amount:
            amounts[f.amount_unit].append(f.amount)
    return {table: _step(amounts[unit]) for table, unit in units.items()}


def _step(amounts: list[Decimal]) -> Decimal:
    if len(amounts) < MIN_AMOUNTS:
        return CENT
    return next(s for s in ROUNDING_STEPS if sum(a % s == 0 for a in amounts) >= ROUNDED_SHARE * len(amounts))


def _check_exactly(
    keys: list[Key], found: list[Identity], values: dict[Key, Decimal], corrected: dict[Key, Decimal], correct: bool
) -> set[Key]:
    """Settle each of these amounts by its identities held to the cent (`_settle`): it stands, is
    corrected if `correct` (values and corrected updated), or is returned as unsure.

    Only odd decimals, or an identity of its broken past rounding, are evidence enough to correct: a
    document's own rounding differences can make the sums favour a value one cent off the one printed
    (17.20 where 01 prints 17.19 and 03 17.20).
    """
    unsure = set()
    for key in keys:
        value = _settle(key, [i for i in found if key in i.terms], values)
        if value is None or (value != values[key] and not correct):
            unsure.add(key)
        elif value != values[key]:
            corrected[key], values[key] = values[key], value
    return unsure


def _settle(key: Key, own: list[Identity], values: dict[Key, Decimal]) -> Decimal | None:
    """The value of `key` its identities, held to the cent, speak for; None if they speak for none.

    Only values that keep every identity within rounding count, and each by how many identities it
    makes hold exactly (a document's own rounding differences keep some from holding so). The value
    read stands if one holds exactly and no other value makes more hold; another value, a few characters
    away, replaces it if it makes two or more hold and more than any other: with one, another term of
    that identity may be the misread one.
    """
    old = values[key]
    options = {old} | {old - gap if i.total == key else old + gap for i in own if (gap := _gap(i, values))}
    held = {}
    for _, value in _fitting((key,), own, values, options):
        trial = {**values, key: value}
        held[value] = sum(_gap(i, trial) == 0 for i in own)
    others = sorted((n, v) for v, n in held.items() if v != old)
    best = others[-1] if others else (0, old)
    if held.get(old, 0) >= max(1, best[0]):
        return old
    unique = len(others) < 2 or others[-2][0] < best[0]
    return best[1] if best[0] >= 2 and unique else None


def _specks(odd: set[Key], found: list[Identity], values: dict[Key, Decimal], usual: dict[str, int]) -> set[Key]:
    """Whole amounts of one or two digits in tables printed to the cent whose identities all hold
    without them: a speck of the scan read as a digit (1 beside a blank cell), as no such table prints
    a whole amount. One the sums need (a 1.00 that lost its decimals) stays. Specks down one line (a
    crease across the page read as 1 in a blank column, row after row) may need each other: 合计's 1
    is 210's, 210's is 21011's; together they go where every identity of theirs holds without any."""
    small = {key for key in odd if _small_whole(values[key], usual[key[0]])}
    specks = {key for key in small if _hold_without({key}, found, values)}
    rest = small - specks
    return specks | rest if rest and _hold_without(rest, found, values) else specks


def _put_right_to_nothing(
    corrected: dict[Key, Decimal | str], values: dict[Key, Decimal], usual: dict[str, int]
) -> set[Key]:
    """Small whole amounts the sums put right to 0: a speck (a pen stroke, a stain's rim) read as a
    digit or two beside a blank cell. No printed 0.00 reads as 85, so the cell printed nothing."""
    return {
        key
        for key, was in corrected.items()
        if isinstance(was, Decimal) and values[key] == 0 and _small_whole(was, usual[key[0]])
    }


def _small_whole(amount: Decimal, places: int) -> bool:
    """A whole amount of one or two digits in a table printed to the cent, which prints none."""
    return places == CENTS_PLACES and _places(amount) == 0 and abs(amount) < 10**CENTS_PLACES


def _hold_without(keys: set[Key], found: list[Identity], values: dict[Key, Decimal]) -> bool:
    """The identities the keys take part in (one at least) all hold without them."""
    own = [i for i in found if keys & i.terms]
    without = {k: v for k, v in values.items() if k not in keys}
    return bool(own) and not any(broken(i, without) for i in own)


def _off_by_cents(found: list[Identity], values: dict[Key, Decimal]) -> set[Key]:
    """The terms of identities off by a few cents in tables printed to the cent: a rounding difference,
    or a digit misread by the same few cents (6.20 read as 6.21)."""
    return {k for i in found if i.step == CENT and _gap(i, values) for k in i.terms}


def _odd_decimals(facts: Iterable[Fact], usual: dict[str, int]) -> set[Key]:
    """Non-zero amounts printed with other decimals than most of their table's (`usual`)."""
    return {_key(f) for f in facts if f.amount and _places(f.amount) != usual[f.table_code]}


def _off_step(facts: Iterable[Fact], steps: dict[str, Decimal]) -> set[Key]:
    """Non-zero amounts off the coarse step their table rounds to (76000.60 among 元 kept in 万元, every
    other amount whole hundreds): the step's tolerance would let the misread through."""
    return {_key(f) for f in facts if f.amount and steps[f.table_code] > CENT and f.amount % steps[f.table_code]}


def _points_lost(facts: Iterable[Fact], usual: dict[str, int]) -> set[Key]:
    """Whole amounts of three digits or more in tables printed to the cent: their point was lost (a
    blurred scan reads 15.52 as 1552), which no table printed to the cent prints. The sums cannot pin
    it down where the amounts around it lost theirs too (208 = 20805 = 2080505, all read 1552)."""
    return {
        _key(f)
        for f in facts
        if usual[f.table_code] == CENTS_PLACES and _places(f.amount) == 0 and abs(f.amount) >= 10**CENTS_PLACES
    }


def _usual_places(facts: Iterable[Fact]) -> dict[str, int]:
    """Per table: the decimal places most of its non-zero amounts are printed with."""
    places: dict[str, Counter[int]] = defaultdict(Counter)
    for f in facts:
        if f.amount:
            places[f.table_code][_places(f.amount)] += 1
    return defaultdict(int, {table: counts.most_common(1)[0][0] for table, counts in places.items()})


def _places(amount: Decimal) -> int:
    """Decimal places as printed: Decimal keeps them (1503.5 has one, 1503.50 two)."""
    return -int(amount.as_tuple().exponent)


def _cross_sums(
    lines: dict[str, set[str]], measures: dict[str, set[str]], units: dict[str, set[str]]
) -> list[Identity]:
    """Identities between tables printed in the same unit, over the lines and columns both of them print."""
    found = []
    for total, parts in CROSS_SUMS:
        tables = {total[0], *(p[0] for p in parts)}
        if len(set().union(*(units[t] for t in tables))) != 1:
            continue
        for line in _classes(lines[total[0]]) if total[1] == CLASSES else [total[1]]:
            keys = [(t, line if name == CLASSES else name, m) for t, name, m in (total, *parts)]
            if all(k[1] in lines[k[0]] and k[2] in measures[k[0]] for k in keys):
                found.append(Identity(keys[0], tuple(keys[1:])))
    return found


def _classes(lines: set[str]) -> list[str]:
    return sorted(line for line in lines if line.isdigit() and len(line) == 3)


def _row_sums(table: str, lines: set[str], measures: set[str]) -> list[Identity]:
    if table not in ROW_SUMS:
        return []
    total, columns = ROW_SUMS[table]
    parts = [m for m in columns if m in measures]
    if total not in measures or not parts:
        return []  # a table without its breakdown columns (or without a total column) has no row sum
    return [Identity((table, line, total), tuple((table, line, m) for m in parts)) for line in sorted(lines)]


def _line_sums(table: str, lines: set[str], measures: set[str]) -> list[Identity]:
    classes = _classes(lines)
    fiscal = "inc.fiscal_appropriation"
    expand = {
        CLASSES: classes,
        OTHER_CLASSES: [c for c in classes if c not in PERSONNEL_CLASSES],
        APPROPRIATIONS: [fiscal] if fiscal in lines else list(_SPLIT_APPROPRIATIONS),
    }
    found = []
    for total, parts in LINE_SUMS.get(table, ()):
        members = [line for part in parts for line in expand.get(part, [part])]
        if total in lines and any(m in lines for m in members):
            for m in sorted(measures):
                found.append(Identity((table, total, m), tuple((table, line, m) for line in members)))
    return found


def _code_sums(table: str, lines: set[str], measures: set[str]) -> list[Identity]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项, in every column."""
    codes = sorted(line for line in lines if line.isdigit())
    children: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        if len(code) > 3 and code[:-2] in lines:
            children[code[:-2]].append(code)
    if "total" in lines:  # 06's 合计 (a budget's 人员经费合计 and 公用经费合计 in their columns) too
        children["total"] = [c for c in codes if len(c) == 3]
    return [
        Identity((table, parent, m), tuple((table, child, m) for child in kids))
        for parent, kids in sorted(children.items())
        if kids
        for m in sorted(measures)
    ]


def _key(f: Fact) -> Key:
    return (f.table_code, f.line_key, f.measure)


def _gap(identity: Identity, values: dict[Key, Decimal]) -> Decimal:
    return values.get(identity.total, Decimal(0)) - sum((values.get(p, Decimal(0)) for p in identity.parts), Decimal(0))


def _broken_terms(found: list[Identity], values: dict[Key, Decimal]) -> set[Key]:
    """The terms of every identity broken past rounding."""
    return {k for i in found if broken(i, values) for k in i.terms}


def broken(identity: Identity, values: dict[Key, Decimal]) -> bool:
    printed = sum(1 for p in identity.parts if p in values)
    return abs(_gap(identity, values)) > max(1, printed) * identity.step


def _fixes(
    known: list[Identity], values: dict[Key, Decimal], candidates: set[Key], odd: set[Key]
) -> dict[Key, Decimal]:
    """The misreads among the candidates the sums pin down, one after another, each fix counted in the
    next. `known`: the identities with no unreadable term still to recover: those say nothing yet."""
    values, fixed = dict(values), {}
    while True:
        open_keys = candidates - fixed.keys()
        fix = (
            _next_fix(known, values, open_keys)
            or _next_joint_fix(known, values, open_keys, odd)
            or _next_pair_fix(known, values, open_keys)
            or _next_lone_fix(known, values, open_keys)
        )
        if fix is None:
            return fixed
        values.update(fix)
        fixed.update(fix)


def _involved(found: list[Identity]) -> dict[Key, list[int]]:
    """For each term, where in `found` the identities it takes part in stand."""
    involved: dict[Key, list[int]] = defaultdict(list)
    for n, identity in enumerate(found):
        for key in identity.terms:
            involved[key].append(n)
    return involved


def _next_fix(found: list[Identity], values: dict[Key, Decimal], candidates: set[Key]) -> dict[Key, Decimal] | None:
    """The first OCR'd amount in two or more broken identities that one value puts right in all of its own."""
    involved = _involved(found)
    for key in sorted(candidates):
        own = [found[m] for m in involved.get(key, [])]
        if sum(broken(i, values) for i in own) >= 2:
            value = _solve(key, own, values)
            if value is not None:
                return {key: value}
    return None


def _next_joint_fix(
    found: list[Identity], values: dict[Key, Decimal], candidates: set[Key], odd: set[Key]
) -> dict[Key, Decimal] | None:
    """OCR'd amounts read alike down a chain of sums (208 and its one 款 20805 both read 6,800.00 for
    106,800.00), so that no one of them can be put right alone: the first such chain that one value
    puts right in every identity of theirs, that value a few characters from what was read and pinned
    down by two or more identities holding only one term of the chain (their row sums, here)."""
    for chain in _alike_chains(found, values, candidates, odd):
        own = [i for i in found if chain & i.terms]
        alone = [i for i in own if len(chain & i.terms) == 1]
        old = values[next(iter(chain))]
        options = {old - _gap(i, values) if i.total in chain else old + _gap(i, values) for i in alone}
        fitting = [v for _, v in _fitting(tuple(sorted(chain)), own, values, options - {old})]
        if len(fitting) == 1 and len(alone) >= 2:
            return dict.fromkeys(sorted(chain), fitting[0])
    return None


def _next_pair_fix(
    found: list[Identity], values: dict[Key, Decimal], candidates: set[Key]
) -> dict[Key, Decimal] | None:
    """Two OCR'd amounts misread in one identity (01's 210 and 221 in 本年支出合计 = Σ类), so that neither
    can be put right alone: the first pair whose values, each pinned down by an identity of its own
    without the other (01's class = 03's), put right every identity of theirs, the only such pair values
    there. The shared identity checks them: two unknowns, three identities or more. A sum down one
    column may hold as read: one glyph misread alike in a total and its part (352.68 for 852.68 as
    合计 and 321.73 for 821.73 as its 类) keeps it, and each breaks its own row. A row's may not: its
    total and its one part standing alike hold whatever both are raised by, as a sibling row OCR lost
    leaves them."""
    doubted = _broken_terms(found, values) & candidates
    for identity in found:
        if not broken(identity, values) and not _down_one_column(identity):
            continue
        terms = sorted(identity.terms & doubted)
        for pair in itertools.combinations(terms, 2):
            own = [i for i in found if set(pair) & i.terms]
            options = [_pinned_alone(key, pair, own, values) for key in pair]
            solutions = [
                trial
                for trial in ({pair[0]: a, pair[1]: b} for a in options[0] for b in options[1])
                if not any(broken(i, {**values, **trial}) for i in own)
            ]
            if len(solutions) == 1:
                return solutions[0]
    return None


def _down_one_column(identity: Identity) -> bool:
    """Whether the identity's terms all stand in one column of one table."""
    return len({(table, measure) for table, _, measure in identity.terms}) == 1


def _next_lone_fix(
    found: list[Identity], values: dict[Key, Decimal], candidates: set[Key]
) -> dict[Key, Decimal] | None:
    """An OCR'd amount in one broken identity whose every other term stands in an identity that holds
    (04's class total, its one part gpb checked by 05's class): that identity alone pins it down, where
    the value that makes it hold is a few characters from what was read and breaks none of its own."""
    holds = [not broken(i, values) for i in found]
    involved = _involved(found)
    for n, identity in enumerate(found):
        if holds[n]:
            continue
        unchecked = [
            k
            for k in sorted(identity.terms)
            if not _checked([holds[m] for m in involved[k] if m != n], k in values, k in candidates)
        ]
        if len(unchecked) == 1 and unchecked[0] in candidates:
            key = unchecked[0]
            value = _solve(key, [found[m] for m in involved[key]], values)
            if value is not None:
                return {key: value}
    return None


def _checked(others_hold: list[bool], printed: bool, doubted: bool) -> bool:
    """Whether a term is sure, by whether its other identities hold: read from a text layer or put right
    already; else printed and in one that holds, or blank and in holding ones only (a cell OCR lost
    breaks its column's sum too)."""
    if not printed:
        return bool(others_hold) and all(others_hold)
    return not doubted or any(others_hold)


def _pinned_alone(key: Key, pair: tuple[Key, ...], own: list[Identity], values: dict[Key, Decimal]) -> set[Decimal]:
    """Values of `key` that its broken identities without the other of the pair make hold, a few
    characters from what was read (no minus sign appearing)."""
    old = values[key]
    alone = [i for i in own if key in i.terms and len(set(pair) & i.terms) == 1]
    options = {old - _gap(i, values) if i.total == key else old + _gap(i, values) for i in alone if broken(i, values)}
    return {v for v in options if _plausible(old, v)}


def _alike_chains(
    found: list[Identity], values: dict[Key, Decimal], candidates: set[Key], odd: set[Key]
) -> list[set[Key]]:
    """Sets of two or more candidates of one value in broken identities, each sharing a sum down the
    lines of one column, or across tables (01's class and 03's), with another (the sum between two
    links of a chain holds: both were misread alike). A row's columns chain only amounts read with
    odd decimals (60 for 7.60 as total and as its one part), misread for certain: a row whose amounts
    stand alike as printed (its total, one part) would take up the amounts of a sibling row OCR lost."""
    doubted = _broken_terms(found, values) & candidates
    chains: list[set[Key]] = []
    for identity in found:
        terms = identity.terms
        row = len({k[:2] for k in terms}) == 1
        links = terms & (doubted & odd if row else doubted)
        for value in {values[k] for k in links}:
            alike = {k for k in links if values[k] == value}
            touching = [c for c in chains if c & alike]
            chains = [c for c in chains if not c & alike] + [alike.union(*touching)]
    return [c for c in chains if len(c) >= 2]


def _cut_short(key: Key, own: list[Identity], values: dict[Key, Decimal]) -> Decimal | None:
    """The value the sums solve an amount read without its point for, where what was read is how that
    value starts (1503 of 1503.52): its digits after the point were lost with the point. Otherwise the
    point alone was lost: 1153 is 11.53, though the sums, off by a slip of the document's own, say 11.51."""
    solved = _solve(key, own, values)
    if solved is None or not _digits(solved).startswith(_digits(values[key])):
        return None
    return solved


def _digits(amount: Decimal) -> str:
    return _printed(abs(amount)).replace(".", "")


def _solve(key: Key, own: list[Identity], values: dict[Key, Decimal]) -> Decimal | None:
    """The one plausible value of `key` that makes every identity it takes part in hold, if there is one."""
    old = values[key]
    options = set()
    for identity in own:
        if broken(identity, values):
            gap = _gap(identity, values)
            options.add(old - gap if identity.total == key else old + gap)
    fitting = sorted(_fitting((key,), own, values, options))
    if not fitting or (len(fitting) > 1 and fitting[0][0] == fitting[1][0]):
        return None  # no value fits, or two fit equally well: the arithmetic does not pin it down
    return fitting[0][1]


def _fitting(
    keys: tuple[Key, ...], own: list[Identity], values: dict[Key, Decimal], options: set[Decimal]
) -> list[tuple[int, Decimal]]:
    """(edits, value) for each option a misread could have hidden (a few characters off, no minus sign
    appearing) that, taken by every one of these amounts read alike, makes every identity of theirs
    hold within rounding."""
    old = values[keys[0]]
    fitting = []
    for value in options:
        trial = {**values, **dict.fromkeys(keys, value)}
        if _plausible(old, value) and not any(broken(i, trial) for i in own):
            fitting.append((edit_distance(_printed(old), _printed(value)), value))
    return fitting


def _plausible(old: Decimal, value: Decimal) -> bool:
    """Whether OCR could have read `value` as `old`: a few characters changed, dropped or added, or
    any number dropped from around a point it lost (a faint 6.0 of 6.04 leaves 4); no minus sign
    appearing."""
    read, printed = _printed(old), _printed(value)
    dropped = _places(old) == 0 < _places(value) and _subsequence(read, printed.replace(".", ""))
    return (edit_distance(read, printed) <= MAX_EDITS or dropped) and (value >= 0 or old < 0)


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(c in rest for c in short)


def _printed(amount: Decimal) -> str:
    """The amount's characters as printed, its decimal places kept: 141 is one lost point from 1.41."""
    return f"{amount:f}"
