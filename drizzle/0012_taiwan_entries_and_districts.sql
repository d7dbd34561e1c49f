ALTER TYPE "public"."jurisdiction_level" ADD VALUE 'DISTRICT';--> statement-breakpoint
ALTER TABLE "catalog_entries" DROP CONSTRAINT "catalog_entries_one_subject";--> statement-breakpoint
ALTER TABLE "jurisdictions" DROP CONSTRAINT "jurisdictions_code_format";--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD COLUMN "occupation_name_zh" text;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD COLUMN "source_level" text;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_entries_edition_occupation_name_key" ON "catalog_entries" USING btree ("edition_id","occupation_name_zh") WHERE "catalog_entries"."qualification_id" IS NULL;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_one_subject" CHECK (num_nonnulls("catalog_entries"."qualification_id", "catalog_entries"."occupation_id") <= 1 AND num_nonnulls("catalog_entries"."qualification_id", "catalog_entries"."occupation_id", "catalog_entries"."occupation_name_zh") >= 1 AND num_nonnulls("catalog_entries"."occupation_id", "catalog_entries"."occupation_name_zh") <= 1);--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_code_format" CHECK ("jurisdictions"."code" ~ '^CN(-[A-Z]{2}){0,3}$');