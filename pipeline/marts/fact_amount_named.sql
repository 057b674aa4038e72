-- fact_amount_named: fact_amount with names and validation, one row per fact (the marts below read it).
--   document_id, unit_name, fiscal_year, report_kind, table_code, line_key, measure   as in fact_amount
--   line_name          the subject's name as the document printed it, or the standard label of a summary line
--   subject_kind       'function' or 'economic' when line_key is a subject code, else NULL
--   subject_level      '类', '款' or '项' when line_key is a subject code, else NULL
--   parent_code        the subject code one level up (NULL for a 类 or a line that is not a subject)
--   is_leaf            TRUE when the table prints no finer subject below this one (sum leaves to avoid double
--                      counting); NULL for lines that are not subjects
--   measure_name       the standard label of the column
--   amount             as printed, in amount_unit ('万元' or '元')
--   amount_unit        the unit printed on the table
--   amount_yuan        the amount in yuan: compare and add this one
--   page               1-based page of the PDF the amount was read from
--   validation_status  of the document: 'passed', 'failed' or 'not validated'
--   validation_passed  of the document: TRUE, FALSE, or NULL when not validated
CREATE OR REPLACE VIEW fact_amount_named AS
SELECT f.document_id, f.unit_name, f.fiscal_year, f.report_kind, f.table_code, f.line_key,
       coalesce(line_name(f.document_id, f.table_code, f.line_key), f.row_label) AS line_name,
       subject_kind(f.table_code, f.line_key) AS subject_kind,
       subject_level(f.line_key) AS subject_level,
       subject_parent(f.line_key) AS parent_code,
       CASE WHEN subject_level(f.line_key) IS NOT NULL THEN NOT EXISTS (
           SELECT 1
           FROM fact_amount c
           WHERE c.document_id = f.document_id AND c.table_code = f.table_code
             AND length(c.line_key) > length(f.line_key) AND starts_with(c.line_key, f.line_key)
       ) END AS is_leaf,
       f.measure, measure_name(f.table_code, f.measure) AS measure_name,
       f.amount, f.amount_unit, f.amount_yuan, f.page,
       v.validation_status, v.validation_passed
FROM fact_amount f
LEFT JOIN document_validation v USING (document_id);
