"""Appendix pages, ruled tables that hold no facts: the final accounts' performance self-evaluation forms
(绩效自评表), a budget's project performance targets (项目绩效目标表)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from generator.canvas import Canvas
from generator.draw_table import draw_table
from generator.figures import Figures
from generator.layout import Layout
from generator.prose import Flow, publication_date
from generator.table_model import AMOUNT, LABEL, Cell, Column, Row, Table
from generator.tables import PrintedTable, TitleBlock

FUNDS_HEADER = ("项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
BUDGET_FUNDS_HEADER = ("项目名称", "项目预算数", "其中：财政拨款", "其他资金")
PROJECTS = 5  # rows of a budget's project form
OTHER_SOURCES = ("public_service", "business", "other")  # a budget's income other than 财政拨款 (table 02)
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
INDICATORS = (
    ("产出指标", "数量指标", "保障在职人员正常履职", "≥95%", "100%", "20", "20"),
    ("产出指标", "质量指标", "资金使用合规率", "100%", "100%", "20", "20"),
    ("产出指标", "时效指标", "资金支付及时率", "≥90%", "98%", "10", "9.5"),
    ("效益指标", "社会效益指标", "公共服务水平提升", "有效提升", "有效提升", "20", "19"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "96%", "20", "20"),
)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    columns = [Column(LABEL if i == 0 else AMOUNT, (h,)) for i, h in enumerate(header)]
    body = [Row([Cell(v, LABEL if i == 0 else AMOUNT) for i, v in enumerate(r)]) for r in rows]
    return Table("", columns, body)


def appendix(canvas: Canvas, figures: Figures, layout: Layout) -> None:
    unit, year = figures.unit_name, figures.fiscal_year
    forms = [f"{year}年度{unit}部门整体绩效自评表", f"{year}年度{unit}项目支出绩效自评表"]
    flow = Flow(canvas)
    flow.page_break()
    flow.part("第五部分 附件")
    for i, form in enumerate(forms, start=1):
        flow.paragraph(f"附件{i}：{form}")

    total = str(figures.amount("03", "total", "total") or Decimal(0))
    project = str(figures.amount("03", "total", "project") or Decimal(0))
    funds = [
        ("年度资金总额", total, total, total, "10", "100%", "10"),
        ("其中：当年财政拨款", total, total, total, "—", "—", "—"),
        ("上年结转资金", "", "", "", "—", "—", "—"),
        ("其他资金", "", "", "", "—", "—", "—"),
    ]
    project_funds = [("项目资金总额", project, project, project, "10", "100%", "10")]
    # Appendix forms are always fully ruled, whatever the financial tables look like.
    ruled = replace(layout, rules="grid", rows_per_page=0, repeat_header=True, amount_valign="middle")
    filled = f"填报日期：{publication_date(figures, layout)}"
    for i, (form, money) in enumerate(zip(forms, (funds, project_funds), strict=True), start=1):
        for table in (_table(FUNDS_HEADER, money), _table(INDICATOR_HEADER, list(INDICATORS))):
            title = TitleBlock(form, f"附件{i}", filled, f"单位：{figures.amount_unit}")
            draw_table(canvas, PrintedTable(i, title, table), ruled, landscape=False)


def budget_appendix(canvas: Canvas, figures: Figures, layout: Layout, heading: str) -> None:
    """A budget's 项目绩效目标表: the projects of table 03 with their funds, and the indicators they aim at."""
    unit, year = figures.unit_name, figures.fiscal_year
    flow = Flow(canvas)
    flow.page_break()
    flow.part(heading)
    form = f"{year}年{unit}项目绩效目标表"
    flow.paragraph(f"附件：{form}")
    projects = [f for f in figures.table("03") if f.measure == "project" and len(f.line_key) == 7][:PROJECTS]
    funds = []
    for p in projects:
        other = sum(Decimal(figures.amount("02", p.line_key, m) or 0) for m in OTHER_SOURCES)
        funds.append((f"{p.row_label}项目", p.amount, str(Decimal(p.amount) - other), str(other) if other else ""))
    ruled = replace(layout, rules="grid", rows_per_page=0, repeat_header=True, amount_valign="middle")
    title = TitleBlock(form, "", f"预算主管部门：{unit}", f"单位：{figures.amount_unit}")
    for table in (_table(BUDGET_FUNDS_HEADER, funds), _table(INDICATOR_HEADER[:4], [i[:4] for i in INDICATORS])):
        draw_table(canvas, PrintedTable(1, title, table), ruled, landscape=False)
