-- document_validation: one row per document in `documents`, with what validation said about it.
-- Only a document's latest validation run counts (the rows of `check_results` with its latest `checked_at`).
-- A document passed when no check of severity 'error' failed; it is 'not validated' when no check ran on it.
-- Every mart carries validation_status and validation_passed from here.
--   document_id        joins documents
--   unit_name          the reporting unit as printed on the cover
--   fiscal_year        the fiscal year reported
--   report_kind        'final' (决算) or 'budget' (预算)
--   status             'loaded', 'superseded', 'rejected' or 'failed' (documents.status)
--   checked_at         when the latest validation run checked it (NULL when not validated or not recorded)
--   checks_run         checks in that run
--   errors_failed      failing checks of severity 'error'
--   warnings_failed    failing checks of severity 'warning'
--   validation_status  'passed', 'failed' or 'not validated'
--   validation_passed  TRUE or FALSE; NULL when not validated
CREATE OR REPLACE VIEW document_validation AS
WITH latest AS (
    SELECT *
    FROM check_results
    QUALIFY checked_at IS NOT DISTINCT FROM max(checked_at) OVER (PARTITION BY document_id)
), tally AS (
    SELECT document_id,
           max(checked_at) AS checked_at,
           count(*) AS checks_run,
           count(*) FILTER (WHERE status = 'fail' AND severity = 'error') AS errors_failed,
           count(*) FILTER (WHERE status = 'fail' AND severity = 'warning') AS warnings_failed
    FROM latest
    GROUP BY document_id
)
SELECT d.document_id, d.unit_name, d.fiscal_year, d.report_kind, d.status, t.checked_at,
       coalesce(t.checks_run, 0) AS checks_run,
       coalesce(t.errors_failed, 0) AS errors_failed,
       coalesce(t.warnings_failed, 0) AS warnings_failed,
       CASE
           WHEN t.checks_run IS NULL THEN 'not validated'
           WHEN t.errors_failed > 0 THEN 'failed'
           ELSE 'passed'
       END AS validation_status,
       CASE WHEN t.checks_run IS NOT NULL THEN t.errors_failed = 0 END AS validation_passed
FROM documents d
LEFT JOIN tally t USING (document_id);
