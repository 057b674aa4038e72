-- subject_dictionary: the function (功能分类) and economic (经济分类) classification codes with their names, levels
-- and parents, built from what the documents print. One row per kind and code. Where documents print a code
-- with different names, the name printed in the latest year is used, the others are listed in other_names, and
-- subject_conflicts shows which documents printed which.
--   kind          'function' or 'economic'
--   code          the subject code: 3 digits for a 类, 5 for a 款, 7 for a 项
--   level         '类', '款' or '项'
--   parent_code   the code one level up; NULL for a 类
--   parent_name   the parent's name, when some document printed the parent
--   name          the name (printed in the latest year, then by most documents)
--   has_conflict  TRUE when documents print this code with different names
--   other_names   the other names, separated by ' | ' (NULL when there are none)
--   n_documents   documents that print this code
--   first_year    the first fiscal year a document prints it
--   last_year     the last fiscal year a document prints it
CREATE OR REPLACE VIEW subject_dictionary AS
WITH chosen AS (
    SELECT kind, code, name, n_names FROM subject_name_variants WHERE name_rank = 1
), spread AS (
    SELECT kind, code,
           CAST(sum(n_documents) AS BIGINT) AS n_documents,
           min(first_year) AS first_year,
           max(last_year) AS last_year,
           string_agg(name, ' | ' ORDER BY name_rank) FILTER (WHERE name_rank > 1) AS other_names
    FROM subject_name_variants
    GROUP BY kind, code
)
SELECT c.kind, c.code, subject_level(c.code) AS level, subject_parent(c.code) AS parent_code, p.name AS parent_name,
       c.name, c.n_names > 1 AS has_conflict, s.other_names, s.n_documents, s.first_year, s.last_year
FROM chosen c
JOIN spread s USING (kind, code)
LEFT JOIN chosen p ON p.kind = c.kind AND p.code = subject_parent(c.code);
