CREATE TYPE "public"."points_measure" AS ENUM('ANNUAL_SALARY_10K_CNY', 'WORK_EXPERIENCE_YEARS', 'MONTHS_IN_CHINA_PER_YEAR', 'AGE_YEARS', 'EDUCATION', 'CHINESE', 'WORK_LOCATION', 'DISTINCTIONS', 'LOCAL_BONUS');--> statement-breakpoint
CREATE TABLE "points_regional_bonus_provisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_regional_bonus_provisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bonus_id" integer NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"label_zh" text,
	"points" integer NOT NULL,
	CONSTRAINT "points_regional_bonus_provisions_bonus_code_key" UNIQUE("bonus_id","code"),
	CONSTRAINT "points_regional_bonus_provisions_bonus_position_key" UNIQUE("bonus_id","position"),
	CONSTRAINT "points_regional_bonus_provisions_points" CHECK ("points_regional_bonus_provisions"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_regional_bonus_sources" (
	"bonus_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "points_regional_bonus_sources_pkey" PRIMARY KEY("bonus_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "points_regional_bonuses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_regional_bonuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scheme_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"max_points" integer,
	"note" text,
	CONSTRAINT "points_regional_bonuses_scheme_jurisdiction_key" UNIQUE("scheme_id","jurisdiction_id")
);
--> statement-breakpoint
ALTER TABLE "points_bands" ADD COLUMN "from_value" double precision;--> statement-breakpoint
ALTER TABLE "points_bands" ADD COLUMN "below_value" double precision;--> statement-breakpoint
ALTER TABLE "points_bands" ADD COLUMN "matches" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "points_indicators" ADD COLUMN "measure" "points_measure";--> statement-breakpoint
ALTER TABLE "points_regional_bonus_provisions" ADD CONSTRAINT "points_regional_bonus_provisions_bonus_id_points_regional_bonuses_id_fk" FOREIGN KEY ("bonus_id") REFERENCES "public"."points_regional_bonuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_regional_bonus_sources" ADD CONSTRAINT "points_regional_bonus_sources_bonus_id_points_regional_bonuses_id_fk" FOREIGN KEY ("bonus_id") REFERENCES "public"."points_regional_bonuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_regional_bonus_sources" ADD CONSTRAINT "points_regional_bonus_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_regional_bonuses" ADD CONSTRAINT "points_regional_bonuses_scheme_id_points_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."points_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_regional_bonuses" ADD CONSTRAINT "points_regional_bonuses_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_bands" ADD CONSTRAINT "points_bands_bounds_order" CHECK ("points_bands"."from_value" IS NULL OR "points_bands"."below_value" IS NULL OR "points_bands"."below_value" > "points_bands"."from_value");