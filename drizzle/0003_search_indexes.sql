-- Search by name, Chinese name, abbreviation, alias or issuer: pg_trgm's GIN indexes serve both
-- the substring matches (ILIKE '%…%', Chinese included) and the typo-tolerant similarity.
CREATE INDEX IF NOT EXISTS "qualifications_name_trgm_idx" ON "qualifications" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "qualifications_name_zh_trgm_idx" ON "qualifications" USING gin ("name_zh" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "qualifications_abbreviation_trgm_idx" ON "qualifications" USING gin ("abbreviation" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "qualification_aliases_alias_trgm_idx" ON "qualification_aliases" USING gin ("alias" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "organisations_name_trgm_idx" ON "organisations" USING gin ("name" gin_trgm_ops);
