-- mart_expenditure_by_function: expenditure by function subject (支出功能分类) with its 类/款/项 hierarchy and
-- names, one row per document, table and line, the columns 合计/基本支出/项目支出 side by side. The rows are the
-- table's 合计 line and every 类, 款 and 项 it prints: filter on level (or is_leaf) before adding up.
--   document_id, unit_name, fiscal_year, report_kind   the disclosure
--   table_code         '03' 支出决算表 (all funds), '05' general public budget, '07' government funds,
--                      '08' state capital operations
--   fund_scope         'all', 'gpb' (一般公共预算), 'gf' (政府性基金预算) or 'soe' (国有资本经营预算), per table_code
--   line_key           'total' for the 合计 line, else the function subject code
--   line_name          '合计' or the subject's name as the document printed it
--   level              '合计', '类', '款' or '项'
--   class_code         the 类 (3 digits) the line belongs to; NULL on the 合计 line
--   class_name         its name
--   kuan_code          the 款 (5 digits) for 款 and 项 lines
--   kuan_name          its name
--   xiang_code         the 项 (7 digits) for 项 lines
--   xiang_name         its name
--   is_leaf            TRUE when the table prints nothing finer below this subject
--   total_yuan         合计 / 本年支出合计 column, in yuan (NULL when the cell is blank)
--   basic_yuan         基本支出 column, in yuan
--   project_yuan       项目支出 column, in yuan
--   amount_unit        the unit printed on the table
--   validation_status  of the document: 'passed', 'failed' or 'not validated'
--   validation_passed  of the document: TRUE, FALSE, or NULL when not validated
CREATE OR REPLACE VIEW mart_expenditure_by_function AS
WITH lines AS (
    -- one fact per (document, table, line, measure): max() only picks it
    SELECT document_id, unit_name, fiscal_year, report_kind, table_code, line_key, line_name,
           coalesce(subject_level, '合计') AS level, is_leaf, validation_status, validation_passed,
           max(amount_yuan) FILTER (WHERE measure = 'total') AS total_yuan,
           max(amount_yuan) FILTER (WHERE measure = 'basic') AS basic_yuan,
           max(amount_yuan) FILTER (WHERE measure = 'project') AS project_yuan,
           max(amount_unit) AS amount_unit
    FROM fact_amount_named
    WHERE table_code IN ('03', '05', '07', '08') AND (subject_kind = 'function' OR line_key = 'total')
    GROUP BY ALL
), coded AS (
    SELECT *,
           CASE WHEN level <> '合计' THEN left(line_key, 3) END AS class_code,
           CASE WHEN level IN ('款', '项') THEN left(line_key, 5) END AS kuan_code,
           CASE WHEN level = '项' THEN line_key END AS xiang_code
    FROM lines
)
SELECT document_id, unit_name, fiscal_year, report_kind, table_code,
       CASE table_code WHEN '03' THEN 'all' WHEN '05' THEN 'gpb' WHEN '07' THEN 'gf' ELSE 'soe' END AS fund_scope,
       line_key, line_name, level,
       class_code, subject_name(document_id, class_code, 'function') AS class_name,
       kuan_code, subject_name(document_id, kuan_code, 'function') AS kuan_name,
       xiang_code, subject_name(document_id, xiang_code, 'function') AS xiang_name,
       is_leaf, total_yuan, basic_yuan, project_yuan, amount_unit, validation_status, validation_passed
FROM coded;
