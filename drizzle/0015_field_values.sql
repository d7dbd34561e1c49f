-- The field vocabulary, and the free-text `field` values of qualifications and catalog entries
-- mapped onto it (issue 15). The next migration makes both columns foreign keys to fields(code).
--
-- NOTE: the vocabulary is the fields the seed data and the reference facts name, nothing more.
-- Each term's `note` gives its basis and which label is the source's and which a translation:
-- three terms carry the seeds' three values; the others are the fields the sources name for the
-- catalogs (Shanghai 1.0's category A, Beijing 3.0's key fields, Nansha's list 2.0), so that
-- entries loaded from them later have a term to be filed under. A bundle may add terms (`fields`).
INSERT INTO fields (code, name_en, name_zh, description, note) VALUES
  ('finance-management', 'Finance and management', '金融与管理', 'Finance, accounting and management qualifications.',
   'Chinese label as the source gives it: the area of CGMA (fellow level) on Shanghai''s list 1.0 (PR Newswire Asia, 2023-10-19, https://prnasia.com/story/422960-1.shtml). "Financial management" is among Shanghai 1.0 category A''s fields (http://chinaidr.com/news/2024-01/234498.html) and "finance" among Beijing 3.0''s key fields (http://tibet.cn/cn/Instant/domestic/202309/t20230905_7479761.html). English label: a translation.'),
  ('information-technology', 'New-generation information technology', '新一代信息技术', 'Information technology: software, networks, data.',
   'English label as the sources give it: a field of Shanghai 1.0 category A (http://chinaidr.com/news/2024-01/234498.html) and of Beijing 3.0''s key fields (http://tibet.cn/cn/Instant/domestic/202309/t20230905_7479761.html). Chinese label: a translation.'),
  ('cloud-computing', 'Cloud computing', '云计算', 'Cloud-computing engineering.',
   'The field of the Microsoft ↔ Alibaba Cloud cloud-computing engineer equivalence of Beijing International 1.0 (https://cbgc.scol.com.cn/news/5431911). English label from the source; Chinese label: a translation.'),
  ('business-events-exhibitions', 'International business events and exhibitions', '国际会展', 'Business events, conventions and exhibitions.',
   'The field of the ICCA ↔ Beijing North Star (北辰集团) equivalence of Beijing International 1.0 (https://cbgc.scol.com.cn/news/5431911). English label from the source; Chinese label: a translation (会展, as in 会展设计师).'),
  ('biomedicine', 'Biomedicine', '生物医药', 'Biomedicine and pharmaceuticals.',
   'English label: a field of Shanghai 1.0 category A (http://chinaidr.com/news/2024-01/234498.html). Chinese label: a focus of Nansha''s list 2.0 (China News Service, 2026-01, see facts-2.md).'),
  ('high-end-manufacturing', 'High-end manufacturing', '高端制造', 'High-end manufacturing.',
   'English label: a field of Shanghai 1.0 category A (http://chinaidr.com/news/2024-01/234498.html). Chinese label: a translation.'),
  ('advanced-manufacturing', 'Advanced manufacturing', '先进制造', 'Advanced manufacturing and automation.',
   'Chinese label: a focus of Nansha''s list 2.0 (China News Service, 2026-01, see facts-2.md). English label: Guangzhou 2025''s sector "advanced manufacturing & automation" (https://www.chinajob.com/city_content/detail.php?id=3QTHmZ7ndS3BgobD9F).'),
  ('architecture', 'Architecture', '建筑', 'Architecture.',
   'English label: a field of Shanghai 1.0 category A (http://chinaidr.com/news/2024-01/234498.html). Chinese label: a translation.'),
  ('engineering', 'Engineering', '工程', 'Engineering.',
   'English label: a field of Shanghai 1.0 category A (http://chinaidr.com/news/2024-01/234498.html). Chinese label: a translation.'),
  ('science-technology', 'Science and technology', '科技', 'Science and technology, scientific services.',
   'English label: among Beijing 3.0''s 12 key fields ("science & technology", http://tibet.cn/cn/Instant/domestic/202309/t20230905_7479761.html; the other key fields are not named). Chinese label: a translation.'),
  ('artificial-intelligence', 'Artificial intelligence', '人工智能', 'Artificial intelligence.',
   'Chinese label: a focus of Nansha''s list 2.0 (China News Service, 2026-01, see facts-2.md). English label: a translation.'),
  ('integrated-circuits', 'Integrated circuits', '集成电路', 'Integrated circuits.',
   'Chinese label: a focus of Nansha''s list 2.0 (China News Service, 2026-01, see facts-2.md). English label: a translation.');
--> statement-breakpoint

-- Values a database may hold besides the seeds' are kept, not lost: each becomes a term of its own
-- (labels = the value as written) for an operator to merge into the vocabulary later.
INSERT INTO fields (code, name_en, name_zh, note)
SELECT DISTINCT 'legacy-' || substr(md5(v), 1, 8), v, v, 'Carried over from a free-text field value by migration 0015: to be reviewed and merged into the vocabulary.'
FROM (
  SELECT field AS v FROM qualifications WHERE field IS NOT NULL
  UNION SELECT field FROM catalog_entries WHERE field IS NOT NULL
) AS old
WHERE NOT EXISTS (SELECT 1 FROM fields f WHERE lower(old.v) IN (lower(f.code), lower(f.name_en), lower(f.name_zh)));
--> statement-breakpoint

-- Published entries are immutable (0006): this mapping is an operator's correction of the hub's
-- own copy (the same facts, now as codes), so the transaction says so, as the triggers require.
SELECT set_config('hub.correction', 'migration 0015: free-text field values mapped to the field vocabulary', true);
--> statement-breakpoint
-- A value matches a term by its code or either label, in any case ('cloud computing', '金融与管理').
UPDATE qualifications AS q SET field = (
  SELECT f.code FROM fields f WHERE lower(q.field) IN (lower(f.code), lower(f.name_en), lower(f.name_zh)) ORDER BY f.code LIMIT 1
) WHERE q.field IS NOT NULL;
--> statement-breakpoint
UPDATE catalog_entries AS e SET field = (
  SELECT f.code FROM fields f WHERE lower(e.field) IN (lower(f.code), lower(f.name_en), lower(f.name_zh)) ORDER BY f.code LIMIT 1
) WHERE e.field IS NOT NULL;
--> statement-breakpoint
SELECT set_config('hub.correction', '', true);
