-- mart_budget_execution: a unit's budget (部门预算) against its final accounts (部门决算) for the same fiscal year,
-- table by table, line by line: the execution rate (执行率). One row per table, line and column printed in
-- either disclosure, for every unit and year for which both are loaded. A budget's single amount column
-- ('budget' in tables 01, 04, 06 and 09) is set against the final accounts' 'actual' column; the final accounts'
-- own 年初预算数 column of table 09 is in mart_three_public instead. Differences and rates count a line printed in
-- only one of the two as 0 in the other.
--   unit_name, fiscal_year             the unit and year
--   table_code, line_key               the line compared, as in fact_amount
--   measure                            the final accounts' column (total, basic, project, actual, …)
--   line_name                          the subject's name or the line's label
--   measure_name                       the column's standard label
--   budget_yuan                        in the budget, in yuan (NULL when not printed)
--   final_yuan                         in the final accounts, in yuan (NULL when not printed)
--   difference_yuan                    final − budget
--   execution_rate                     final / budget (NULL when the budget is blank or 0)
--   budget_document_id, final_document_id          the two disclosures
--   budget_validation_status, final_validation_status   of each: 'passed', 'failed' or 'not validated'
--   validation_passed                  TRUE when both passed, FALSE when either failed, else NULL
CREATE OR REPLACE VIEW mart_budget_execution AS
WITH pairs AS (
    SELECT b.document_id AS budget_document_id, f.document_id AS final_document_id, f.unit_name, f.fiscal_year
    FROM documents b
    JOIN documents f ON f.unit_name = b.unit_name AND f.fiscal_year = b.fiscal_year
    WHERE b.report_kind = 'budget' AND f.report_kind = 'final' AND b.status = 'loaded' AND f.status = 'loaded'
), budget_facts AS (
    SELECT p.budget_document_id, p.final_document_id, x.table_code, x.line_key,
           CASE x.measure WHEN 'budget' THEN 'actual' ELSE x.measure END AS measure,
           x.line_name, x.amount_yuan AS budget_yuan
    FROM pairs p
    JOIN fact_amount_named x ON x.document_id = p.budget_document_id
), final_facts AS (
    SELECT p.budget_document_id, p.final_document_id, x.table_code, x.line_key, x.measure, x.line_name,
           x.amount_yuan AS final_yuan
    FROM pairs p
    JOIN fact_amount_named x ON x.document_id = p.final_document_id
    WHERE x.measure <> 'budget'
), compared AS (
    SELECT budget_document_id, final_document_id, table_code, line_key, measure,
           coalesce(f.line_name, b.line_name) AS line_name, b.budget_yuan, f.final_yuan,
           coalesce(f.final_yuan, 0) - coalesce(b.budget_yuan, 0) AS difference_yuan
    FROM budget_facts b
    FULL JOIN final_facts f USING (budget_document_id, final_document_id, table_code, line_key, measure)
)
SELECT pairs.unit_name, pairs.fiscal_year, c.table_code, c.line_key, c.measure, c.line_name,
       measure_name(c.table_code, c.measure) AS measure_name,
       c.budget_yuan, c.final_yuan, c.difference_yuan,
       round(coalesce(c.final_yuan, 0) / nullif(c.budget_yuan, 0), 4) AS execution_rate,
       c.budget_document_id, c.final_document_id,
       bv.validation_status AS budget_validation_status, fv.validation_status AS final_validation_status,
       bv.validation_passed AND fv.validation_passed AS validation_passed
FROM compared c
JOIN pairs USING (budget_document_id, final_document_id)
LEFT JOIN document_validation bv ON bv.document_id = c.budget_document_id
LEFT JOIN document_validation fv ON fv.document_id = c.final_document_id;
