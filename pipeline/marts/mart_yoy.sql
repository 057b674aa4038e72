-- mart_yoy: year-over-year change per unit and line, for every unit holding disclosures of the same kind for
-- two consecutive years: one row per table, line and column printed in either year. Changes count a line
-- printed in only one of the years as 0 in the other, as the disclosures do for blank cells.
--   unit_name, report_kind                 the unit and the kind of disclosure compared
--   fiscal_year                            the later year
--   prev_fiscal_year                       fiscal_year − 1
--   table_code, line_key, measure          the fact compared, as in fact_amount
--   line_name                              the subject's name (the later year's, if printed then) or line label
--   measure_name                           the column's standard label
--   amount_yuan                            in fiscal_year, in yuan (NULL when not printed)
--   prev_amount_yuan                       in prev_fiscal_year, in yuan (NULL when not printed)
--   change_yuan                            amount − previous amount
--   change_rate                            change / previous amount (NULL when the previous amount is blank or 0)
--   change_kind                            'new', 'dropped', 'up', 'down' or 'same'
--   document_id, prev_document_id          the two disclosures
--   validation_status, prev_validation_status   of each: 'passed', 'failed' or 'not validated'
--   validation_passed                      TRUE when both passed, FALSE when either failed, else NULL
CREATE OR REPLACE VIEW mart_yoy AS
WITH pairs AS (
    SELECT cur.document_id, prev.document_id AS prev_document_id, cur.unit_name, cur.report_kind, cur.fiscal_year
    FROM documents cur
    JOIN documents prev
      ON prev.unit_name = cur.unit_name AND prev.report_kind = cur.report_kind
     AND prev.fiscal_year = cur.fiscal_year - 1
    WHERE cur.status = 'loaded' AND prev.status = 'loaded'
), cur_facts AS (
    SELECT p.document_id, p.prev_document_id, f.table_code, f.line_key, f.measure, f.line_name, f.measure_name,
           f.amount_yuan
    FROM pairs p
    JOIN fact_amount_named f ON f.document_id = p.document_id
), prev_facts AS (
    SELECT p.document_id, p.prev_document_id, f.table_code, f.line_key, f.measure, f.line_name, f.measure_name,
           f.amount_yuan AS prev_amount_yuan
    FROM pairs p
    JOIN fact_amount_named f ON f.document_id = p.prev_document_id
), compared AS (
    SELECT document_id, prev_document_id, table_code, line_key, measure,
           coalesce(c.line_name, p.line_name) AS line_name,
           coalesce(c.measure_name, p.measure_name) AS measure_name,
           c.amount_yuan, p.prev_amount_yuan,
           coalesce(c.amount_yuan, 0) - coalesce(p.prev_amount_yuan, 0) AS change_yuan
    FROM cur_facts c
    FULL JOIN prev_facts p USING (document_id, prev_document_id, table_code, line_key, measure)
)
SELECT pairs.unit_name, pairs.report_kind, pairs.fiscal_year, pairs.fiscal_year - 1 AS prev_fiscal_year,
       c.table_code, c.line_key, c.measure, c.line_name, c.measure_name,
       c.amount_yuan, c.prev_amount_yuan, c.change_yuan,
       round(c.change_yuan / nullif(c.prev_amount_yuan, 0), 4) AS change_rate,
       CASE
           WHEN c.prev_amount_yuan IS NULL THEN 'new'
           WHEN c.amount_yuan IS NULL THEN 'dropped'
           WHEN c.change_yuan > 0 THEN 'up'
           WHEN c.change_yuan < 0 THEN 'down'
           ELSE 'same'
       END AS change_kind,
       c.document_id, c.prev_document_id,
       v.validation_status, pv.validation_status AS prev_validation_status,
       v.validation_passed AND pv.validation_passed AS validation_passed
FROM compared c
JOIN pairs USING (document_id, prev_document_id)
LEFT JOIN document_validation v ON v.document_id = c.document_id
LEFT JOIN document_validation pv ON pv.document_id = c.prev_document_id;
