-- subject_name_variants: every name each subject code was printed with, one row per code and name, from the
-- subject names the loaded documents print beside their codes. Names differing only in white space or in
-- full-width/half-width brackets count as one name.
--   kind          'function' (功能分类) or 'economic' (经济分类)
--   code          the subject code
--   name          the name as printed
--   name_rank     1 for the name subject_dictionary uses: the one printed in the latest year, then by most documents
--   n_names       how many different names this code was printed with (more than 1 is a conflict)
--   n_documents   documents that printed this name for this code
--   document_ids  those documents
--   unit_names    their units
--   fiscal_years  their fiscal years
--   first_year    the first fiscal year this name was printed
--   last_year     the last fiscal year this name was printed
CREATE OR REPLACE VIEW subject_name_variants AS
WITH printed AS (
    SELECT s.kind, s.code, s.name, d.document_id, d.unit_name, d.fiscal_year,
           regexp_replace(translate(s.name, '（）', '()'), '\s+', '', 'g') AS spelling
    FROM subject_names s
    JOIN documents d USING (document_id)
    WHERE d.status = 'loaded'
), variants AS (
    SELECT kind, code, spelling,
           min(name) AS name,
           count(DISTINCT document_id) AS n_documents,
           list(DISTINCT document_id ORDER BY document_id) AS document_ids,
           list(DISTINCT unit_name ORDER BY unit_name) AS unit_names,
           list(DISTINCT fiscal_year ORDER BY fiscal_year) AS fiscal_years,
           min(fiscal_year) AS first_year,
           max(fiscal_year) AS last_year
    FROM printed
    GROUP BY kind, code, spelling
)
SELECT kind, code, name,
       row_number() OVER (PARTITION BY kind, code ORDER BY last_year DESC NULLS LAST, n_documents DESC, name) AS name_rank,
       count(*) OVER (PARTITION BY kind, code) AS n_names,
       n_documents, document_ids, unit_names, fiscal_years, first_year, last_year
FROM variants;
