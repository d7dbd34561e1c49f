-- NOTE: hand-written. A search's candidates at scale (issue 13, W7): one trigram index over the
-- text a qualification is found by (its names, abbreviation and slug, as one string), so that a
-- substring is looked up once instead of in four indexes, which the planner, seeing
-- an OR of them, replaced with a sequential scan computing every row's similarity (220 ms at
-- 20,000 qualifications, measured). The expression is the one `searchCandidates` writes.
CREATE INDEX IF NOT EXISTS "qualifications_search_text_trgm_idx" ON "qualifications"
  USING gin ((name || ' ' || coalesce(name_zh, '') || ' ' || coalesce(abbreviation, '') || ' ' || slug) gin_trgm_ops);--> statement-breakpoint
-- The planner costs pg_trgm's word-similarity operators like an equality (COST 1), so it reads a
-- whole table rather than the index for them; one costs about as much as 50 simple operators
-- (134 ms for 20,000 rows by sequential scan, 28 ms through the index, measured). Where the
-- migrating role does not own the extension's functions, the hub works as before, more slowly.
DO $$
BEGIN
  ALTER FUNCTION word_similarity_op(text, text) COST 50;
  ALTER FUNCTION word_similarity_commutator_op(text, text) COST 50;
EXCEPTION WHEN insufficient_privilege OR undefined_function THEN
  RAISE NOTICE 'pg_trgm word-similarity costs left as they are: %', SQLERRM;
END
$$;
