"""The pages around a budget's tables, in the order Shanghai district budgets print them:

    cover, 目录, 一、部门主要职能, 二、部门机构设置, 三、名词解释, 四、部门预算编制说明   (front matter)
    五、部门预算表 (the nine tables)
    六、其他相关情况说明, 七、项目绩效目标 (with the appendix knob)                     (back matter)

The explanations quote amounts (万元, with separators) and subject names in sentences, before the tables.
"""

from __future__ import annotations

from decimal import Decimal

from generator.appendix import budget_appendix
from generator.canvas import Canvas
from generator.cells import format_amount
from generator.figures import Figures
from generator.layout import Layout
from generator.prose import Flow, cover, duties, glossary
from generator.tables import PrintedTable
from generator.vocab import chinese_numeral, table_title

SECTIONS = ("部门主要职能", "部门机构设置", "名词解释", "部门预算编制说明", "部门预算表", "其他相关情况说明")
APPENDIX_SECTION = "项目绩效目标"
TERMS = (
    "财政拨款收入：是部门及所属预算单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、"
    "政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    "事业单位经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "其他收入：指除上述“财政拨款收入”“事业收入”“事业单位经营收入”等以外的收入。",
    "基本支出预算：是部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，"
    "包括人员经费和公用经费两部分。",
    "项目支出预算：是部门及所属预算单位为完成特定行政工作任务或事业发展目标，在基本支出之外编制的年度支出计划。",
    "“三公”经费：是部门使用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
    "机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
)
PURPOSES = {  # what a 项 subject's money is for, as the explanations say it
    "行政运行": "行政单位的基本支出",
    "事业运行": "事业单位的基本支出",
    "一般行政管理事务": "行政单位未单独设置项级科目的其他项目支出",
    "机关事业单位基本养老保险缴费支出": "机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出",
    "机关事业单位职业年金缴费支出": "机关事业单位实施养老保险制度由单位实际缴纳的职业年金支出",
    "住房公积金": "按规定比例为职工缴纳的住房公积金",
}
DEFAULT_PURPOSE = "保障本部门相关业务工作的开展"
FUND_NAMES = (("05", "一般公共预算"), ("07", "政府性基金"), ("08", "国有资本经营预算"))
PROCUREMENT_SHARE = Decimal("0.1")  # of project spending, bought through government procurement


def section(i: int) -> str:
    return f"{chinese_numeral(i + 1)}、{SECTIONS[i]}"


def tables_heading(figures: Figures) -> str:
    """五、2024年部门预算表: the heading over the tables (a page of its own, or inline)."""
    return f"{chinese_numeral(5)}、{figures.fiscal_year}年{SECTIONS[4]}"


def front_matter(canvas: Canvas, figures: Figures, tables: list[PrintedTable], layout: Layout) -> None:
    cover(canvas, figures, layout)
    _contents(canvas, figures, tables, layout)
    _organisation(canvas, figures)
    glossary(canvas, section(2), TERMS)
    _explanations(canvas, figures)


def back_matter(canvas: Canvas, figures: Figures, tables: list[PrintedTable], layout: Layout) -> None:
    _other_notes(canvas, figures)
    if layout.appendix:
        budget_appendix(canvas, figures, layout, f"{chinese_numeral(7)}、{APPENDIX_SECTION}")


def _amount(figures: Figures, table_code: str, line_key: str, measure: str) -> str:
    """An amount of the figures as the explanations quote it: 9,101.68 (0 when not printed)."""
    return format_amount(str(figures.amount(table_code, line_key, measure) or 0), thousands=True)


def _contents(canvas: Canvas, figures: Figures, tables: list[PrintedTable], layout: Layout) -> None:
    flow = Flow(canvas)
    flow.page_break()
    flow.part("目  录")
    for i in range(len(SECTIONS)):
        flow.heading(section(i))
        if i == 4:
            for t in tables:
                suffix = f"（表{t.number}）" if layout.title_numbering == "paren" else ""
                title = table_title(t.table.table_code, kind="budget")
                flow.paragraph(f"{t.number}. {figures.fiscal_year}年{title}{suffix}")
    if layout.appendix:
        flow.heading(f"{chinese_numeral(7)}、{APPENDIX_SECTION}")


def _organisation(canvas: Canvas, figures: Figures) -> None:
    unit = figures.unit_name
    flow = Flow(canvas)
    flow.page_break()
    flow.part(f"{unit}概况")
    flow.heading(section(0))
    duties(flow, unit)
    flow.heading(section(1))
    flow.paragraph(f"{unit}部门预算是包括{unit}本部及所属预算单位的综合收支计划。")
    flow.paragraph("本部门中，行政单位1家，具体包括（列示至基层预算单位）：")
    flow.paragraph(f"1. {unit}本部。")


def _explanations(canvas: Canvas, figures: Figures) -> None:
    unit, year, u = figures.unit_name, figures.fiscal_year, figures.amount_unit
    flow = Flow(canvas)
    flow.page_break()
    flow.part(f"{chinese_numeral(4)}、{year}年{SECTIONS[3]}")
    income = [
        ("财政拨款收入", "fiscal_appropriation"),
        ("事业收入", "public_service"),
        ("事业单位经营收入", "business"),
        ("其他收入", "other"),
    ]
    parts = "；".join(f"{name}{_amount(figures, '02', 'total', m)}{u}" for name, m in income)
    flow.paragraph(f"{year}年，{unit}收入预算{_amount(figures, '02', 'total', 'total')}{u}，其中：{parts}。")
    fiscal = _amount(figures, "02", "total", "fiscal_appropriation")
    funds = "；".join(f"{name}拨款支出预算{_amount(figures, t, 'total', 'total')}{u}" for t, name in FUND_NAMES)
    flow.paragraph(
        f"支出预算{_amount(figures, '03', 'total', 'total')}{u}，其中：财政拨款支出预算{fiscal}{u}。"
        f"财政拨款支出预算中，{funds}。"
    )
    flow.paragraph("财政拨款支出主要内容如下：")
    names = {f.line_key: f.row_label for t, _ in FUND_NAMES for f in figures.table(t)}
    items = [(t, c) for t, _ in FUND_NAMES for c in sorted(names) if len(c) == 7 and figures.amount(t, c, "total")]
    for i, (t, code) in enumerate(items, start=1):
        path = f"{names[code[:3]]}-{names[code[:5]]}-{names[code]}"
        purpose = PURPOSES.get(names[code], DEFAULT_PURPOSE)
        flow.paragraph(f"{i}. “{path}”科目{_amount(figures, t, code, 'total')}{u}，主要用于{purpose}。")


def _other_notes(canvas: Canvas, figures: Figures) -> None:
    unit, year, u = figures.unit_name, figures.fiscal_year, figures.amount_unit
    three_public = {line: _amount(figures, "09", line, "budget") for line in ("total", "overseas", "vehicle")}
    flow = Flow(canvas)
    flow.page_break()
    flow.part(section(5))
    flow.heading(f"（一）{year}年“三公”经费预算情况说明")
    flow.paragraph(
        f"{year}年“三公”经费预算数为{three_public['total']}{u}。其中：因公出国（境）费{three_public['overseas']}{u}；"
        f"公务用车购置及运行费{three_public['vehicle']}{u}；"
        f"公务接待费{_amount(figures, '09', 'reception', 'budget')}{u}。"
    )
    flow.heading("（二）机关运行经费预算")
    flow.paragraph(f"{year}年{unit}机关运行经费预算为{_amount(figures, '09', 'admin_operation', 'budget')}{u}。")
    project = figures.amount("03", "total", "project") or Decimal(0)
    procurement = format_amount(str((project * PROCUREMENT_SHARE).quantize(Decimal("0.01"))), thousands=True)
    flow.heading("（三）政府采购预算情况")
    flow.paragraph(f"{year}年本部门政府采购预算{procurement}{u}，其中：政府采购服务预算{procurement}{u}。")
    projects = sum(1 for f in figures.table("03") if f.measure == "project" and len(f.line_key) == 7)
    flow.heading("（四）绩效目标设置情况")
    flow.paragraph(
        f"按照预算绩效管理工作的总体要求，本部门开展了{year}年项目预算绩效目标编报工作，"
        f"编报绩效目标的项目{projects}个，涉及项目预算资金{format_amount(str(project), thousands=True)}{u}。"
    )
    flow.heading("（五）国有资产占有使用情况")
    flow.paragraph(
        f"截至{year - 1}年8月31日，{unit}共有车辆0辆；单价100万元（含）以上设备（不含车辆）0台（套）。"
        f"{year}年部门预算安排购置车辆0辆。"
    )
