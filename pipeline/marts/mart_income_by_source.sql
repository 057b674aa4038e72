-- mart_income_by_source: income by source (收入来源), from the income side of table 01 (收入支出决算总表), one
-- row per document and source line printed. Balances brought forward and totals are left out.
--   document_id, unit_name, fiscal_year, report_kind   the disclosure
--   source_key         the line key (inc.gpb_appropriation, inc.public_service, …)
--   source_name        its standard label (一般公共预算财政拨款收入, 事业收入, …)
--   source_group       '财政拨款' (fiscal appropriations) or '其他资金' (everything else)
--   source_order       the order the standard table prints the sources in
--   measure            the column: 'actual' in final accounts, 'budget' in budgets
--   amount_yuan        in yuan
--   share              amount / the document's income from all sources
--   validation_status  of the document: 'passed', 'failed' or 'not validated'
--   validation_passed  of the document: TRUE, FALSE, or NULL when not validated
CREATE OR REPLACE VIEW mart_income_by_source AS
WITH sources(source_key, source_group, source_order) AS (
    VALUES ('inc.gpb_appropriation', '财政拨款', 1),
           ('inc.gf_appropriation', '财政拨款', 2),
           ('inc.soe_appropriation', '财政拨款', 3),
           ('inc.superior_subsidy', '其他资金', 4),
           ('inc.public_service', '其他资金', 5),
           ('inc.business', '其他资金', 6),
           ('inc.affiliate_remittance', '其他资金', 7),
           ('inc.other', '其他资金', 8)
)
SELECT f.document_id, f.unit_name, f.fiscal_year, f.report_kind,
       s.source_key, f.line_name AS source_name, s.source_group, s.source_order, f.measure, f.amount_yuan,
       round(f.amount_yuan / nullif(sum(f.amount_yuan) OVER (PARTITION BY f.document_id, f.measure), 0), 4) AS share,
       f.validation_status, f.validation_passed
FROM fact_amount_named f
JOIN sources s ON s.source_key = f.line_key
WHERE f.table_code = '01';
