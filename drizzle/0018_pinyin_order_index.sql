-- Chinese names in pinyin order (`orderBy: [NAME_ZH_ASC]`), served by an index, where the
-- database has ICU's Chinese collation (PostgreSQL built with ICU). PGlite has none: there the
-- order is by code point, on the column itself, and no index is made.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'zh-x-icu') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS qualifications_name_zh_pinyin_idx ON qualifications ((name_zh COLLATE "zh-x-icu"), slug)';
  END IF;
END
$$;
