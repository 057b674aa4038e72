-- Macros naming codes and keys, usable in any query.
--   subject_name(document_id, code, kind)        the name the document printed for the subject code, else the
--                                                subject_dictionary name
--   line_name(document_id, table_code, line_key) a subject's name, or the standard label of a summary line
--                                                (line_names), or '合计' for total
--   measure_name(table_code, measure)            the standard label of a column (measure_names)
CREATE OR REPLACE MACRO subject_name(doc_id, subject_code, code_kind) AS coalesce(
    (SELECT s.name FROM subject_names s
     WHERE s.document_id = doc_id AND s.code = subject_code AND s.kind = code_kind),
    (SELECT d.name FROM subject_dictionary d WHERE d.code = subject_code AND d.kind = code_kind)
);

CREATE OR REPLACE MACRO line_name(doc_id, tbl, line) AS coalesce(
    subject_name(doc_id, line, subject_kind(tbl, line)),
    (SELECT n.name FROM line_names n WHERE n.table_code = tbl AND n.line_key = line),
    CASE WHEN line = 'total' THEN '合计' END
);

CREATE OR REPLACE MACRO measure_name(tbl, measure_key) AS coalesce(
    (SELECT m.name FROM measure_names m WHERE m.table_code = tbl AND m.measure = measure_key),
    (SELECT min(m.name) FROM measure_names m WHERE m.measure = measure_key)
);
