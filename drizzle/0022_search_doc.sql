-- NOTE: hand-written. A search at scale (issue 13, W7): a qualification's own text, lowered once
-- when it is written instead of on every row a search reads, its columns joined by U+001F so that
-- a pattern without that character matches the document exactly where it matches one of them
-- (qualification.store.ts `substringOf`). Counting the 20,000 matches of "syn-q" at 100× took
-- 18 ms over the expression of drizzle/0020 and 9 ms over this column (measured).
ALTER TABLE "qualifications" ADD COLUMN "search_doc" text GENERATED ALWAYS AS (
  lower("name" || E'\x1f' || coalesce("name_zh", '') || E'\x1f' || coalesce("abbreviation", '') || E'\x1f' || "slug")
) STORED;--> statement-breakpoint
CREATE INDEX "qualifications_search_doc_trgm_idx" ON "qualifications" USING gin ("search_doc" gin_trgm_ops);--> statement-breakpoint
-- The expression index of drizzle/0020 served the same substrings, unlowered; nothing reads it now.
DROP INDEX IF EXISTS "qualifications_search_text_trgm_idx";
