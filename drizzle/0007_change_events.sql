CREATE TYPE "public"."change_kind" AS ENUM('EDITION_PUBLISHED', 'EDITION_COMPLETED', 'EDITION_SUPERSEDED', 'EDITION_REPEALED', 'EDITION_LAPSED', 'VERSION_PUBLISHED', 'VERSION_SUPERSEDED', 'VERSION_REPEALED', 'VERSION_LAPSED', 'AGREEMENT_PUBLISHED', 'AGREEMENT_REPEALED', 'AGREEMENT_LAPSED', 'CORRECTION');--> statement-breakpoint
CREATE TABLE "change_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "change_kind" NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" integer NOT NULL,
	"subject_key" text NOT NULL,
	"jurisdiction_id" integer,
	"effective_on" date NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb NOT NULL,
	"instrument_ids" integer[] NOT NULL,
	"qualification_ids" integer[] NOT NULL,
	CONSTRAINT "change_events_not_derived" CHECK ("change_events"."kind"::text NOT LIKE '%_LAPSED')
);
--> statement-breakpoint
ALTER TABLE "change_events" ADD CONSTRAINT "change_events_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_events_jurisdiction_idx" ON "change_events" USING btree ("jurisdiction_id","id");--> statement-breakpoint
CREATE INDEX "change_events_qualifications_idx" ON "change_events" USING gin ("qualification_ids");