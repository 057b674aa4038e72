-- mart_three_public: “三公” expenditure (因公出国(境)费, 公务用车购置及运行费, 公务接待费) from table 09, the
-- budget printed beside the actual, one row per document and line. Differences and rates count a blank cell
-- as 0, as the disclosures do.
--   document_id, unit_name, fiscal_year, report_kind   the disclosure
--   line_key           total, overseas, vehicle, vehicle_purchase, vehicle_operation or reception
--   line_name          its standard label
--   budget_yuan        预算数 column, in yuan (NULL when blank)
--   actual_yuan        决算数 column, in yuan (NULL when blank; budgets print none)
--   difference_yuan    actual − budget
--   execution_rate     actual / budget (NULL when the budget is blank or 0)
--   validation_status  of the document: 'passed', 'failed' or 'not validated'
--   validation_passed  of the document: TRUE, FALSE, or NULL when not validated
CREATE OR REPLACE VIEW mart_three_public AS
WITH lines AS (
    SELECT document_id, unit_name, fiscal_year, report_kind, line_key, line_name, validation_status, validation_passed,
           max(amount_yuan) FILTER (WHERE measure = 'budget') AS budget_yuan,
           max(amount_yuan) FILTER (WHERE measure = 'actual') AS actual_yuan
    FROM fact_amount_named
    WHERE table_code = '09'
    GROUP BY ALL
)
SELECT document_id, unit_name, fiscal_year, report_kind, line_key, line_name, budget_yuan, actual_yuan,
       coalesce(actual_yuan, 0) - coalesce(budget_yuan, 0) AS difference_yuan,
       round(coalesce(actual_yuan, 0) / nullif(budget_yuan, 0), 4) AS execution_rate,
       validation_status, validation_passed
FROM lines;
