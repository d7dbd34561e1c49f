-- NOTE: drizzle 0.45 cannot declare extensions or EXCLUDE constraints, so they live in this
-- hand-written migration. Both engines (PGlite with its contrib extensions, PostgreSQL 15) run it.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- An edition ends at the earlier of its validTo and its repeal date (LEAST ignores NULLs), and no two
-- published editions of one catalog may be in force on the same day. Deferrable, so that a bundle
-- that moves the boundary between two editions is checked once, at commit.
ALTER TABLE "catalog_editions" ADD CONSTRAINT "catalog_editions_no_overlap"
  EXCLUDE USING gist ("catalog_id" WITH =, daterange("valid_from", LEAST("valid_to", "repealed_on"), '[)') WITH &&)
  WHERE ("status" = 'PUBLISHED') DEFERRABLE INITIALLY IMMEDIATE;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD CONSTRAINT "standard_versions_no_overlap"
  EXCLUDE USING gist ("standard_id" WITH =, daterange("valid_from", LEAST("valid_to", "repealed_on"), '[)') WITH &&)
  WHERE ("status" = 'PUBLISHED') DEFERRABLE INITIALLY IMMEDIATE;
