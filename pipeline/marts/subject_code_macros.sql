-- Macros for subject codes, usable in any query. A subject code is digits only: 3 for a 类, 5 for a 款,
-- 7 for a 项 (the function classification; the economic classification stops at 款).
--   subject_kind(table_code, line_key)  'economic' for a code in table 06, 'function' for a code elsewhere,
--                                       NULL for a line key that is not a subject code (total, inc.total, …)
--   subject_level(code)                 '类', '款' or '项'; NULL for a line key that is not a subject code
--   subject_parent(code)                the code one level up (20137 for 2013750); NULL for a 类
CREATE OR REPLACE MACRO subject_kind(tbl, line) AS
    CASE WHEN regexp_full_match(line, '[0-9]+') THEN CASE tbl WHEN '06' THEN 'economic' ELSE 'function' END END;

CREATE OR REPLACE MACRO subject_level(subject_code) AS
    CASE WHEN regexp_full_match(subject_code, '[0-9]+') THEN
        CASE length(subject_code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END
    END;

CREATE OR REPLACE MACRO subject_parent(subject_code) AS
    CASE WHEN subject_level(subject_code) IN ('款', '项') THEN left(subject_code, length(subject_code) - 2) END;
