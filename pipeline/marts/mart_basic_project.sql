-- mart_basic_project: basic (基本支出) against project (项目支出) expenditure, one row per document, table and
-- line for the table's 合计 line and each 类. Shares count a blank cell as 0, as the disclosures do.
--   document_id, unit_name, fiscal_year, report_kind, table_code, fund_scope, line_key, line_name, level
--                      as in mart_expenditure_by_function (level is '合计' or '类')
--   total_yuan         合计 column, in yuan
--   basic_yuan         基本支出 column, in yuan
--   project_yuan       项目支出 column, in yuan
--   other_yuan         total − basic − project: 上缴上级支出, 经营支出, 对附属单位补助支出 where printed
--   basic_share        basic / total (NULL when the total is blank or 0)
--   project_share      project / total
--   validation_status  of the document: 'passed', 'failed' or 'not validated'
--   validation_passed  of the document: TRUE, FALSE, or NULL when not validated
CREATE OR REPLACE VIEW mart_basic_project AS
SELECT document_id, unit_name, fiscal_year, report_kind, table_code, fund_scope, line_key, line_name, level,
       total_yuan, basic_yuan, project_yuan,
       total_yuan - coalesce(basic_yuan, 0) - coalesce(project_yuan, 0) AS other_yuan,
       round(coalesce(basic_yuan, 0) / nullif(total_yuan, 0), 4) AS basic_share,
       round(coalesce(project_yuan, 0) / nullif(total_yuan, 0), 4) AS project_share,
       validation_status, validation_passed
FROM mart_expenditure_by_function
WHERE level IN ('合计', '类');
