-- Hand-written: the trigram indexes that make a search's candidate set an index scan
-- (qualification.store.ts `searchCandidates`): the slug, and the issuer's Chinese name and
-- abbreviation, which the search matches but no index served.
CREATE INDEX IF NOT EXISTS "qualifications_slug_trgm_idx" ON "qualifications" USING gin ("slug" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "organisations_name_zh_trgm_idx" ON "organisations" USING gin ("name_zh" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "organisations_abbreviation_trgm_idx" ON "organisations" USING gin ("abbreviation" gin_trgm_ops);
