-- mart_coverage: the unit × year coverage matrix in long form: for every unit the warehouse knows, every fiscal
-- year from the earliest to the latest it holds, and each kind of disclosure ('final', 'budget' and any other
-- kind held), whether we hold the disclosure, failed to read it, or miss it, and whether it passed validation.
-- Pivot it for a grid:  PIVOT mart_coverage ON fiscal_year USING first(state) GROUP BY unit_name, report_kind
--   unit_name, fiscal_year, report_kind   the cell
--   state              'passed', 'failed checks', 'not validated' (held and loaded), 'failed' or 'rejected'
--                      (a file we could not read), or 'missing' (no file)
--   document_id        the loaded document, else the latest file that failed (NULL when missing)
--   document_status    documents.status of that file ('missing' when none)
--   facts_loaded       facts loaded from it
--   checks_run         checks in its latest validation run (NULL when no document is loaded)
--   errors_failed      failing checks of severity 'error'
--   warnings_failed    failing checks of severity 'warning'
--   validation_status  'passed', 'failed' or 'not validated'; NULL when no document is loaded
--   validation_passed  TRUE, FALSE, or NULL when not validated or not loaded
CREATE OR REPLACE VIEW mart_coverage AS
WITH units AS (
    SELECT DISTINCT unit_name FROM documents WHERE unit_name IS NOT NULL
), years AS (
    SELECT unnest(range(min(fiscal_year), max(fiscal_year) + 1)) AS fiscal_year FROM documents
), kinds AS (
    SELECT unnest(['final', 'budget']) AS report_kind
    UNION
    SELECT report_kind FROM documents WHERE report_kind IS NOT NULL
), held AS (
    -- the loaded file of a cell wins over files that failed; superseded files were replaced by a loaded one
    SELECT d.unit_name, d.fiscal_year, d.report_kind, d.document_id, d.status, d.facts_loaded
    FROM documents d
    WHERE d.status <> 'superseded' AND d.unit_name IS NOT NULL AND d.fiscal_year IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY d.unit_name, d.fiscal_year, d.report_kind
        ORDER BY d.status = 'loaded' DESC, d.updated_at DESC NULLS LAST, d.document_id
    ) = 1
)
SELECT u.unit_name, y.fiscal_year, k.report_kind,
       CASE
           WHEN h.document_id IS NULL THEN 'missing'
           WHEN h.status <> 'loaded' THEN h.status
           WHEN v.validation_status = 'failed' THEN 'failed checks'
           ELSE v.validation_status
       END AS state,
       h.document_id, coalesce(h.status, 'missing') AS document_status, h.facts_loaded,
       v.checks_run, v.errors_failed, v.warnings_failed, v.validation_status, v.validation_passed
FROM units u
CROSS JOIN years y
CROSS JOIN kinds k
LEFT JOIN held h ON h.unit_name = u.unit_name AND h.fiscal_year = y.fiscal_year AND h.report_kind = k.report_kind
LEFT JOIN document_validation v ON v.document_id = h.document_id AND h.status = 'loaded';
