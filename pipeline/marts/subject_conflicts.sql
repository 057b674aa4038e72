-- subject_conflicts: subject codes that documents print with different names, one row per code and name, so
-- that a renamed or misprinted subject is seen rather than silently merged.
--   kind                'function' or 'economic'
--   code                the subject code
--   level               '类', '款' or '项'
--   name                one of the names printed for it
--   is_dictionary_name  TRUE for the name subject_dictionary uses
--   n_names             how many different names the code was printed with
--   n_documents         documents that printed this name
--   document_ids        those documents
--   unit_names          their units
--   fiscal_years        their fiscal years
CREATE OR REPLACE VIEW subject_conflicts AS
SELECT kind, code, subject_level(code) AS level, name, name_rank = 1 AS is_dictionary_name, n_names,
       n_documents, document_ids, unit_names, fiscal_years
FROM subject_name_variants
WHERE n_names > 1;
