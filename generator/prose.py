"""The pages around the tables of final accounts: cover, contents, overview, explanations, glossary.

They quote table names, years and amounts on purpose: an extractor has to find the tables among them.
The cover, the date and the pieces budgets share (Flow, duties, glossary) know both report kinds;
generator.budget_prose writes the rest of a budget's pages.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

from generator.canvas import LEADING, MARGIN, Canvas
from generator.figures import Figures
from generator.layout import Layout
from generator.tables import PrintedTable
from generator.vocab import amount_columns, chinese_numeral, table_title

PART_SIZE, HEADING_SIZE, BODY_SIZE = 16.0, 12.0, 10.5
HUNDRED = Decimal(100)
_REGION = re.compile(r"^[\u4e00-\u9fff]{1,6}?[省市](?:[\u4e00-\u9fff]{1,6}?[区县])?")
DUTIES = (
    "贯彻执行国家有关法律、法规和规章，拟订本行业发展规划、年度计划和政策措施并组织实施。",
    "负责本领域重大事项的统筹协调，组织开展相关监督检查和业务指导。",
    "负责本部门预算、财务和国有资产管理，组织编制部门预决算并按规定公开。",
    "完成区委、区人民政府交办的其他任务。",
)
TERMS = (
    "财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
    "事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
    "年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "项目支出：指在基本支出之外为完成特定行政任务或事业发展目标所发生的支出。",
    "“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
    "机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。",
)
EXPLANATIONS = (
    "收入支出决算总体情况说明",
    "收入决算情况说明",
    "支出决算情况说明",
    "财政拨款收入支出决算总体情况说明",
    "一般公共预算财政拨款支出决算情况说明",
    "一般公共预算财政拨款基本支出决算情况说明",
    "政府性基金预算财政拨款收入支出决算情况说明",
    "国有资本经营预算财政拨款支出决算情况说明",
    "财政拨款“三公”经费支出决算情况说明",
)


class Flow:
    """Running text on portrait pages: headings and paragraphs, continued onto new pages as needed."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.y = canvas.bottom  # the first write opens a page

    def page_break(self) -> None:
        self.canvas.add_page(landscape=False)
        self.y = MARGIN

    def part(self, text: str) -> None:
        self._lines(text, PART_SIZE, centred=True, gap=PART_SIZE)

    def heading(self, text: str) -> None:
        self._lines(text, HEADING_SIZE, gap=HEADING_SIZE * 0.4)

    def paragraph(self, text: str) -> None:
        self._lines("\u3000\u3000" + text, BODY_SIZE, gap=BODY_SIZE * 0.3)

    def _lines(self, text: str, size: float, centred: bool = False, gap: float = 0) -> None:
        width = self.canvas.width - 2 * MARGIN
        for line in self.canvas.wrap(text, width, size):
            if self.y + size * LEADING > self.canvas.bottom:
                self.page_break()
            baseline = self.y + size
            if centred:
                self.canvas.text_centred(self.canvas.width / 2, baseline, line, size)
            else:
                self.canvas.text(MARGIN, baseline, line, size)
            self.y += size * LEADING
        self.y += gap


def publication_date(figures: Figures, layout: Layout) -> str:
    """Final accounts: a day in the year after the fiscal year, which the date must not be taken for.
    A budget is published early in the year it plans (a 2024年部门预算 in February 2024)."""
    rng = random.Random(f"{figures.unit_name}/{figures.fiscal_year}/{layout.cover_style}")
    if figures.report_kind == "budget":
        year, month, day = figures.fiscal_year, rng.randint(1, 3), rng.randint(1, 28)
    else:
        year, month, day = figures.fiscal_year + 1, rng.randint(6, 10), rng.randint(1, 28)
    return f"{year} 年 {month} 月 {day} 日" if layout.cover_style == 0 else f"{year}年{month}月{day}日"


def region_of(unit_name: str) -> str:
    """The city and district a unit's name starts with: 上海市普陀区 of 上海市普陀区财政局, else ''."""
    found = _REGION.match(unit_name)
    return found.group(0) if found else ""


def cover_lines(figures: Figures, style: int) -> list[str]:
    unit, year = figures.unit_name, figures.fiscal_year
    if figures.report_kind == "budget":
        styles = [
            [f"{year}年度{unit}", "部门预算公开"],
            [unit, f"{year}年部门预算"],
            [f"{region_of(unit)}{year}年区级部门预算", f"预算主管部门：{unit}"],  # as Shanghai districts print it
        ]
    else:
        styles = [
            [f"{year}年度{unit}", "部门决算公开"],
            [unit, f"{year}年度部门决算"],
            [f"{unit}{year}年度部门决算公开"],
        ]
    return styles[style]


def cover(canvas: Canvas, figures: Figures, layout: Layout) -> None:
    canvas.add_page(landscape=False)
    centre = canvas.width / 2
    lines = cover_lines(figures, layout.cover_style)
    y = canvas.height * 0.32
    for text in lines:
        for line in canvas.wrap(text, canvas.width - 2 * MARGIN, 22):
            canvas.text_centred(centre, y, line, 22)
            y += 22 * 1.8
    date = publication_date(figures, layout)
    canvas.text_centred(centre, canvas.height * 0.78, date if layout.cover_style != 2 else f"公开日期：{date}", 13)


def _part_titles(figures: Figures) -> list[str]:
    unit, year = figures.unit_name, figures.fiscal_year
    return [
        f"第一部分 {unit}概况",
        f"第二部分 {unit}{year}年度部门决算表",
        f"第三部分 {unit}{year}年度部门决算情况说明",
        "第四部分 名词解释",
    ]


def contents(canvas: Canvas, figures: Figures, tables: list[PrintedTable], layout: Layout) -> None:
    flow = Flow(canvas)
    flow.page_break()
    flow.part("目  录")
    parts = _part_titles(figures)
    flow.heading(parts[0])
    flow.paragraph("一、部门主要职能")
    flow.paragraph("二、部门决算单位构成")
    flow.heading(parts[1])
    for t in tables:
        suffix = f"（表{t.number}）" if layout.title_numbering == "paren" else ""
        flow.paragraph(f"{chinese_numeral(t.number)}、{table_title(t.table.table_code)}{suffix}")
    flow.heading(parts[2])
    for i, heading in enumerate(EXPLANATIONS, start=1):
        flow.paragraph(f"{chinese_numeral(i)}、{heading}")
    flow.heading(parts[3])
    if layout.appendix:
        flow.heading("第五部分 附件")


def duties(flow: Flow, unit: str) -> None:
    """The paragraphs of 一、部门主要职能 (its heading is the caller's)."""
    flow.paragraph(
        f"{unit}贯彻落实党中央、国务院和省、市关于本领域工作的方针政策和决策部署，"
        "在履行职责过程中坚持和加强党的集中统一领导。主要职能是："
    )
    for i, duty in enumerate(DUTIES, start=1):
        flow.paragraph(f"{i}. {duty}")


def overview(canvas: Canvas, figures: Figures) -> None:
    unit = figures.unit_name
    flow = Flow(canvas)
    flow.page_break()
    flow.part(_part_titles(figures)[0])
    flow.heading("一、部门主要职能")
    duties(flow, unit)
    flow.heading("二、部门决算单位构成")
    flow.paragraph(f"从单位构成看，{unit}部门决算由纳入独立核算的单位本级决算组成。")


def part_two_title(figures: Figures) -> str:
    return _part_titles(figures)[1]


def part_page(canvas: Canvas, title: str) -> None:
    """A part heading (第二部分 … 部门决算表) on a page of its own, before the tables."""
    canvas.add_page(landscape=False)
    canvas.text_centred(canvas.width / 2, canvas.height * 0.4, title, PART_SIZE)


def _pct(part: Decimal, whole: Decimal | None) -> str:
    if not whole:
        return "0%"
    return f"{(part / whole * HUNDRED).quantize(Decimal('0.01'))}%"


def explanations(canvas: Canvas, figures: Figures, tables: list[PrintedTable]) -> None:
    """第三部分, quoting the figures in the figures' own unit (usually 万元, whatever unit the tables use)."""
    unit, year, u = figures.unit_name, figures.fiscal_year, figures.amount_unit
    amount = figures.amount
    numbers = {t.table.table_code: t.number for t in tables}
    flow = Flow(canvas)
    flow.page_break()
    flow.part(_part_titles(figures)[2])

    def heading(i: int) -> None:
        flow.heading(f"{chinese_numeral(i + 1)}、{EXPLANATIONS[i]}")

    heading(0)
    grand = amount("01", "inc.grand_total", "actual") or Decimal(0)
    flow.paragraph(
        f"{year}年度收、支总计{grand}{u}。与{year - 1}年度相比，收、支总计变动的主要原因是业务工作量变化"
        f"（详见表{numbers['01']}{table_title('01')}）。"
    )

    heading(1)
    income = amount("02", "total", "total") or Decimal(0)
    parts = [
        f"{c.header}{v}{u}，占本年收入{_pct(v, income)}"
        for c in amount_columns("02")[1:]
        if (v := amount("02", "total", c.measure)) is not None
    ]
    flow.paragraph(f"{year}年度收入合计{income}{u}。其中：" + "；".join(parts) + "。")

    heading(2)
    spending = amount("03", "total", "total") or Decimal(0)
    parts = [
        f"{c.header}{v}{u}，占本年支出{_pct(v, spending)}"
        for c in amount_columns("03")[1:]
        if (v := amount("03", "total", c.measure)) is not None
    ]
    flow.paragraph(f"{year}年度支出合计{spending}{u}。其中：" + "；".join(parts) + "。")

    heading(3)
    appropriation = amount("04", "inc.grand_total", "actual") or Decimal(0)
    flow.paragraph(f"{year}年度财政拨款收、支总计{appropriation}{u}。")

    heading(4)
    gpb = amount("05", "total", "total") or Decimal(0)
    flow.paragraph(
        f"（一）总体情况。{year}年度一般公共预算财政拨款支出{gpb}{u}，占本年支出合计的{_pct(gpb, spending)}。"
    )
    rows = {f.line_key: f for f in figures.table("05") if f.measure == "total" and f.line_key != "total"}
    names = {code: f.row_label for code, f in rows.items()}
    classes = [
        f"{f.row_label}（类）支出{f.amount}{u}，占{_pct(Decimal(f.amount), gpb)}"
        for code, f in rows.items()
        if len(code) == 3
    ]
    flow.paragraph(f"（二）结构情况。{year}年度一般公共预算财政拨款支出主要用于：" + "；".join(classes) + "。")
    for code, f in rows.items():
        if len(code) == 7:
            path = f"{names.get(code[:3], '')}（类）{names.get(code[:5], '')}（款）{f.row_label}（项）"
            flow.paragraph(f"{path}：支出决算为{f.amount}{u}。")

    heading(5)
    personnel = amount("06", "personnel_total", "actual") or Decimal(0)
    public = amount("06", "public_total", "actual") or Decimal(0)
    flow.paragraph(
        f"{year}年度一般公共预算财政拨款基本支出{personnel + public}{u}，其中：人员经费{personnel}{u}，"
        f"主要包括基本工资、津贴补贴等；公用经费{public}{u}，主要包括办公费、印刷费、差旅费等。"
    )
    for i, code in enumerate(("07", "08", "09"), start=6):
        subject = table_title(code).removesuffix("决算表")
        heading(i)
        if code == "09":
            budget = amount("09", "total", "budget") or Decimal(0)
            actual = amount("09", "total", "actual") or Decimal(0)
            flow.paragraph(
                f"{year}年度“三公”经费财政拨款支出预算为{budget}{u}，支出决算为{actual}{u}，"
                f"完成预算的{_pct(actual, budget)}。"
            )
        elif figures.table(code):
            flow.paragraph(f"{year}年度{subject}合计{amount(code, 'total', 'total') or 0}{u}。")
        else:
            flow.paragraph(f"{unit}{year}年度没有{subject}，故表{numbers[code]}为空表。")


def glossary(canvas: Canvas, heading: str = "第四部分 名词解释", terms: tuple[str, ...] = TERMS) -> None:
    flow = Flow(canvas)
    flow.page_break()
    flow.part(heading)
    for i, term in enumerate(terms, start=1):
        flow.paragraph(f"（{chinese_numeral(i)}）{term}")
