CREATE TABLE "coverage_counts" (
	"jurisdiction_id" integer NOT NULL,
	"day" date NOT NULL,
	"group_by" text NOT NULL,
	"data_version" bigint NOT NULL,
	"total" integer NOT NULL,
	"groups" jsonb NOT NULL,
	CONSTRAINT "coverage_counts_pkey" PRIMARY KEY("jurisdiction_id","day","group_by","data_version"),
	CONSTRAINT "coverage_counts_group_by" CHECK ("coverage_counts"."group_by" IN ('FIELD', 'ISSUER_COUNTRY', 'LIST', 'BASIS')),
	CONSTRAINT "coverage_counts_total_not_negative" CHECK ("coverage_counts"."total" >= 0)
);
--> statement-breakpoint
ALTER TABLE "coverage_counts" ADD CONSTRAINT "coverage_counts_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_counts_version_idx" ON "coverage_counts" USING btree ("data_version");