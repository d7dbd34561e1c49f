CREATE INDEX "persisted_queries_expires_idx" ON "persisted_queries" USING btree ("expires_at");--> statement-breakpoint
-- Hashes registered before there was a TTL get one now, so they too expire and count against the cap.
UPDATE "persisted_queries" SET "expires_at" = now() + interval '1 day' WHERE "expires_at" IS NULL;
