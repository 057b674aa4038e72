-- mart_economic_detail: basic expenditure by economic subject (支出经济分类, table 06), one row per document and
-- subject, grouped into 人员经费 (301 工资福利支出, 303 对个人和家庭的补助) and 公用经费 (the other 类).
-- The rows are every 类 and 款 printed: sum leaves (is_leaf) or 类 lines, not both.
--   document_id, unit_name, fiscal_year, report_kind   the disclosure
--   economic_code      the economic subject code (301, 30101, …)
--   economic_name      its name as the document printed it
--   level              '类' or '款'
--   class_code         the 类 (3 digits)
--   class_name         its name
--   expense_group      '人员经费' or '公用经费'
--   is_leaf            TRUE when the table prints no 款 below this line
--   measure            the column: 'actual' in final accounts, 'budget' in budgets
--   amount_yuan        in yuan
--   amount_unit        the unit printed on the table
--   validation_status  of the document: 'passed', 'failed' or 'not validated'
--   validation_passed  of the document: TRUE, FALSE, or NULL when not validated
CREATE OR REPLACE VIEW mart_economic_detail AS
SELECT document_id, unit_name, fiscal_year, report_kind,
       line_key AS economic_code, line_name AS economic_name, subject_level AS level,
       left(line_key, 3) AS class_code, subject_name(document_id, left(line_key, 3), 'economic') AS class_name,
       CASE WHEN left(line_key, 3) IN ('301', '303') THEN '人员经费' ELSE '公用经费' END AS expense_group,
       is_leaf, measure, amount_yuan, amount_unit, validation_status, validation_passed
FROM fact_amount_named
WHERE table_code = '06' AND subject_kind = 'economic';
