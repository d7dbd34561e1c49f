CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'YEAR');--> statement-breakpoint
CREATE TYPE "public"."lifecycle_status" AS ENUM('DRAFT', 'SUBMITTED', 'APPROVED', 'PUBLISHED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."jurisdiction_level" AS ENUM('NATIONAL', 'PROVINCIAL', 'MUNICIPAL');--> statement-breakpoint
CREATE TYPE "public"."instrument_kind" AS ENUM('NOTICE', 'STANDARD_TEXT', 'CATALOG', 'PRESS_RELEASE', 'NEWS_REPORT', 'GUIDE', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."reliability" AS ENUM('HIGH', 'MEDIUM', 'LOW');--> statement-breakpoint
CREATE TYPE "public"."standard_scope" AS ENUM('NATIONAL', 'NATIONAL_UNIFIED', 'REGIONAL');--> statement-breakpoint
CREATE TYPE "public"."occupation_level" AS ENUM('MAJOR', 'MIDDLE', 'MINOR', 'OCCUPATION');--> statement-breakpoint
CREATE TYPE "public"."catalog_kind" AS ENUM('QUALIFICATION', 'OCCUPATION_GUIDANCE', 'URGENT_NEEDS');--> statement-breakpoint
CREATE TYPE "public"."title_level" AS ENUM('ASSISTANT', 'INTERMEDIATE', 'DEPUTY_SENIOR', 'SENIOR');--> statement-breakpoint
CREATE TYPE "public"."agreement_direction" AS ENUM('MUTUAL', 'ONE_WAY');--> statement-breakpoint
CREATE TYPE "public"."agreement_kind" AS ENUM('STATUS', 'NATIONWIDE', 'LISTING', 'EQUIVALENCE', 'TITLE');--> statement-breakpoint
CREATE TYPE "public"."agreement_party_role" AS ENUM('PARTY', 'SOURCE', 'TARGET');--> statement-breakpoint
CREATE TYPE "public"."benefit_audience" AS ENUM('FOREIGN_NATIONALS', 'CHINESE_NATIONALS', 'ALL');--> statement-breakpoint
CREATE TYPE "public"."benefit_kind" AS ENUM('WORK_PERMIT', 'VISA_RESIDENCE', 'PERMANENT_RESIDENCE', 'PROFESSIONAL_TITLE', 'SKILL_CERTIFICATE', 'TALENT_INTRODUCTION', 'SERVICE');--> statement-breakpoint
CREATE TABLE "authorities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "authorities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"abbreviation" text,
	"jurisdiction_id" integer NOT NULL,
	CONSTRAINT "authorities_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "jurisdictions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jurisdictions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"level" "jurisdiction_level" NOT NULL,
	"parent_id" integer,
	"mainland" boolean NOT NULL,
	"iso_name" text,
	CONSTRAINT "jurisdictions_code_key" UNIQUE("code"),
	CONSTRAINT "jurisdictions_code_format" CHECK ("jurisdictions"."code" ~ '^CN(-[A-Z]{2}(-[A-Z]{2})?)?$'),
	CONSTRAINT "jurisdictions_national_has_no_parent" CHECK (("jurisdictions"."level" = 'NATIONAL') = ("jurisdictions"."parent_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "region_group_members" (
	"group_id" integer NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	CONSTRAINT "region_group_members_pkey" PRIMARY KEY("group_id","jurisdiction_id")
);
--> statement-breakpoint
CREATE TABLE "region_groups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "region_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	CONSTRAINT "region_groups_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "instrument_authorities" (
	"instrument_id" integer NOT NULL,
	"authority_id" integer NOT NULL,
	CONSTRAINT "instrument_authorities_pkey" PRIMARY KEY("instrument_id","authority_id")
);
--> statement-breakpoint
CREATE TABLE "instrument_repeals" (
	"instrument_id" integer NOT NULL,
	"repealed_id" integer NOT NULL,
	CONSTRAINT "instrument_repeals_pkey" PRIMARY KEY("instrument_id","repealed_id")
);
--> statement-breakpoint
CREATE TABLE "instruments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "instruments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"kind" "instrument_kind" NOT NULL,
	"title" text NOT NULL,
	"title_zh" text,
	"document_number" text,
	"issued_on" date,
	"issued_on_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"url" text,
	"reliability" "reliability" NOT NULL,
	"note" text,
	CONSTRAINT "instruments_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "points_bands" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_bands_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"indicator_id" integer NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"label_zh" text,
	"points" integer,
	CONSTRAINT "points_bands_indicator_position_key" UNIQUE("indicator_id","position")
);
--> statement-breakpoint
CREATE TABLE "points_indicators" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_indicators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scheme_id" integer NOT NULL,
	"parent_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"max_points" integer,
	"weight_percent" integer,
	"position" integer NOT NULL,
	CONSTRAINT "points_indicators_scheme_code_key" UNIQUE("scheme_id","code"),
	CONSTRAINT "points_indicators_weight_range" CHECK ("points_indicators"."weight_percent" IS NULL OR "points_indicators"."weight_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "points_scheme_sources" (
	"scheme_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "points_scheme_sources_pkey" PRIMARY KEY("scheme_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "points_schemes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_schemes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"jurisdiction_id" integer NOT NULL,
	"standard_version_id" integer,
	"max_points" integer,
	"bands_complete" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "points_schemes_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "points_thresholds" (
	"scheme_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"min_points" integer NOT NULL,
	CONSTRAINT "points_thresholds_pkey" PRIMARY KEY("scheme_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "standard_criteria" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standard_criteria_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"version_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"text_zh" text,
	CONSTRAINT "standard_criteria_version_category_position_key" UNIQUE("version_id","category_id","position")
);
--> statement-breakpoint
CREATE TABLE "standard_version_categories" (
	"version_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	CONSTRAINT "standard_version_categories_pkey" PRIMARY KEY("version_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "standard_version_sources" (
	"version_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "standard_version_sources_pkey" PRIMARY KEY("version_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "standard_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standard_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"standard_id" integer NOT NULL,
	"label" text NOT NULL,
	"title" text NOT NULL,
	"title_zh" text,
	"status" "lifecycle_status" NOT NULL,
	"issued_on" date,
	"issued_on_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"valid_from" date NOT NULL,
	"valid_from_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"valid_to" date,
	"valid_to_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"repealed_on" date,
	"repealed_by" integer,
	"submitted_on" date,
	"approved_on" date,
	"approved_by" integer,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "standard_versions_standard_label_key" UNIQUE("standard_id","label"),
	CONSTRAINT "standard_versions_valid_range" CHECK ("standard_versions"."valid_to" IS NULL OR "standard_versions"."valid_to" > "standard_versions"."valid_from"),
	CONSTRAINT "standard_versions_repeal_after_start" CHECK ("standard_versions"."repealed_on" IS NULL OR "standard_versions"."repealed_on" >= "standard_versions"."valid_from"),
	CONSTRAINT "standard_versions_repeal_has_instrument" CHECK (("standard_versions"."repealed_on" IS NULL) = ("standard_versions"."repealed_by" IS NULL)),
	CONSTRAINT "standard_versions_approval_order" CHECK ("standard_versions"."approved_on" IS NULL OR "standard_versions"."submitted_on" IS NULL OR "standard_versions"."approved_on" >= "standard_versions"."submitted_on")
);
--> statement-breakpoint
CREATE TABLE "standards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "standards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"jurisdiction_id" integer NOT NULL,
	"scope" "standard_scope" NOT NULL,
	CONSTRAINT "standards_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "talent_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "talent_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"description" text,
	"jurisdiction_id" integer NOT NULL,
	CONSTRAINT "talent_categories_code_key" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "occupations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "occupations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name" text,
	"level" "occupation_level" NOT NULL,
	"parent_id" integer,
	"gbm_code" text,
	"marker" text,
	CONSTRAINT "occupations_code_key" UNIQUE("code"),
	CONSTRAINT "occupations_code_format" CHECK ("occupations"."code" ~ '^[1-8](-[0-9]{2}){0,3}$'),
	CONSTRAINT "occupations_marker" CHECK ("occupations"."marker" IS NULL OR "occupations"."marker" IN ('L', 'S', 'L/S'))
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"abbreviation" text,
	"country" text,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "organisations_slug_key" UNIQUE("slug"),
	CONSTRAINT "organisations_country_format" CHECK ("organisations"."country" IS NULL OR "organisations"."country" ~ '^([A-Z]{2}|INT)$')
);
--> statement-breakpoint
CREATE TABLE "qualification_aliases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qualification_aliases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"qualification_id" integer NOT NULL,
	"alias" text NOT NULL,
	"lang" text NOT NULL,
	CONSTRAINT "qualification_aliases_qualification_alias_key" UNIQUE("qualification_id","alias"),
	CONSTRAINT "qualification_aliases_lang" CHECK ("qualification_aliases"."lang" IN ('en', 'zh'))
);
--> statement-breakpoint
CREATE TABLE "qualifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qualifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"abbreviation" text,
	"issuer_id" integer,
	"field" text,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "qualifications_slug_key" UNIQUE("slug"),
	CONSTRAINT "qualifications_slug_format" CHECK ("qualifications"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "catalog_edition_sources" (
	"edition_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "catalog_edition_sources_pkey" PRIMARY KEY("edition_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "catalog_editions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_editions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"catalog_id" integer NOT NULL,
	"label" text NOT NULL,
	"title" text NOT NULL,
	"title_zh" text,
	"status" "lifecycle_status" NOT NULL,
	"issued_on" date,
	"issued_on_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"valid_from" date NOT NULL,
	"valid_from_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"valid_to" date,
	"valid_to_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"repealed_on" date,
	"repealed_by" integer,
	"declared_size" integer,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "catalog_editions_catalog_label_key" UNIQUE("catalog_id","label"),
	CONSTRAINT "catalog_editions_valid_range" CHECK ("catalog_editions"."valid_to" IS NULL OR "catalog_editions"."valid_to" > "catalog_editions"."valid_from"),
	CONSTRAINT "catalog_editions_repeal_after_start" CHECK ("catalog_editions"."repealed_on" IS NULL OR "catalog_editions"."repealed_on" >= "catalog_editions"."valid_from"),
	CONSTRAINT "catalog_editions_repeal_has_instrument" CHECK (("catalog_editions"."repealed_on" IS NULL) = ("catalog_editions"."repealed_by" IS NULL)),
	CONSTRAINT "catalog_editions_declared_size" CHECK ("catalog_editions"."declared_size" IS NULL OR "catalog_editions"."declared_size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "catalog_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"edition_id" integer NOT NULL,
	"qualification_id" integer,
	"occupation_id" integer,
	"field" text,
	"corresponding_title" text,
	"title_level" "title_level",
	"skill_level" text,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "catalog_entries_edition_qualification_key" UNIQUE("edition_id","qualification_id"),
	CONSTRAINT "catalog_entries_edition_occupation_key" UNIQUE("edition_id","occupation_id"),
	CONSTRAINT "catalog_entries_id_edition_key" UNIQUE("id","edition_id"),
	CONSTRAINT "catalog_entries_one_subject" CHECK (num_nonnulls("catalog_entries"."qualification_id", "catalog_entries"."occupation_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "catalog_entry_lists" (
	"entry_id" integer NOT NULL,
	"list_id" integer NOT NULL,
	"edition_id" integer NOT NULL,
	CONSTRAINT "catalog_entry_lists_pkey" PRIMARY KEY("entry_id","list_id")
);
--> statement-breakpoint
CREATE TABLE "catalog_entry_sources" (
	"entry_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "catalog_entry_sources_pkey" PRIMARY KEY("entry_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "catalog_lists" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"edition_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"position" integer NOT NULL,
	"declared_size" integer,
	"note" text,
	CONSTRAINT "catalog_lists_edition_code_key" UNIQUE("edition_id","code"),
	CONSTRAINT "catalog_lists_id_edition_key" UNIQUE("id","edition_id"),
	CONSTRAINT "catalog_lists_code_format" CHECK ("catalog_lists"."code" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "catalogs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalogs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"kind" "catalog_kind" NOT NULL,
	"jurisdiction_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "catalogs_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "agreement_parties" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agreement_parties_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"agreement_id" integer NOT NULL,
	"role" "agreement_party_role" NOT NULL,
	"jurisdiction_id" integer,
	"region_group_id" integer,
	CONSTRAINT "agreement_parties_key" UNIQUE NULLS NOT DISTINCT("agreement_id","role","jurisdiction_id","region_group_id"),
	CONSTRAINT "agreement_parties_one_party" CHECK (num_nonnulls("agreement_parties"."jurisdiction_id", "agreement_parties"."region_group_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "agreement_sources" (
	"agreement_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "agreement_sources_pkey" PRIMARY KEY("agreement_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "recognition_agreements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recognition_agreements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text,
	"kind" "agreement_kind" NOT NULL,
	"direction" "agreement_direction" NOT NULL,
	"status" "lifecycle_status" NOT NULL,
	"valid_from" date NOT NULL,
	"valid_from_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"valid_to" date,
	"valid_to_precision" date_precision DEFAULT 'DAY' NOT NULL,
	"repealed_on" date,
	"repealed_by" integer,
	"category_id" integer,
	"standard_id" integer,
	"catalog_id" integer,
	"qualification_id" integer,
	"equivalent_qualification_id" integer,
	"description" text,
	"description_zh" text,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "recognition_agreements_slug_key" UNIQUE("slug"),
	CONSTRAINT "recognition_agreements_valid_range" CHECK ("recognition_agreements"."valid_to" IS NULL OR "recognition_agreements"."valid_to" > "recognition_agreements"."valid_from"),
	CONSTRAINT "recognition_agreements_repeal_after_start" CHECK ("recognition_agreements"."repealed_on" IS NULL OR "recognition_agreements"."repealed_on" >= "recognition_agreements"."valid_from"),
	CONSTRAINT "recognition_agreements_repeal_has_instrument" CHECK (("recognition_agreements"."repealed_on" IS NULL) = ("recognition_agreements"."repealed_by" IS NULL)),
	CONSTRAINT "recognition_agreements_status_scope" CHECK ("recognition_agreements"."kind" NOT IN ('STATUS', 'NATIONWIDE') OR "recognition_agreements"."category_id" IS NOT NULL),
	CONSTRAINT "recognition_agreements_equivalence_scope" CHECK (("recognition_agreements"."kind" = 'EQUIVALENCE') = ("recognition_agreements"."qualification_id" IS NOT NULL AND "recognition_agreements"."equivalent_qualification_id" IS NOT NULL)
          AND ("recognition_agreements"."qualification_id" IS NULL OR "recognition_agreements"."qualification_id" <> "recognition_agreements"."equivalent_qualification_id")),
	CONSTRAINT "recognition_agreements_catalog_scope" CHECK ("recognition_agreements"."catalog_id" IS NULL OR "recognition_agreements"."kind" = 'LISTING')
);
--> statement-breakpoint
CREATE TABLE "benefit_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benefit_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"benefit_id" integer NOT NULL,
	"list_id" integer,
	"standard_version_id" integer,
	"category_id" integer,
	"agreement_id" integer,
	CONSTRAINT "benefit_links_holder_key" UNIQUE NULLS NOT DISTINCT("benefit_id","list_id","standard_version_id","category_id","agreement_id"),
	CONSTRAINT "benefit_links_one_holder" CHECK (num_nonnulls("benefit_links"."list_id", "benefit_links"."standard_version_id", "benefit_links"."agreement_id") = 1),
	CONSTRAINT "benefit_links_category_needs_version" CHECK ("benefit_links"."category_id" IS NULL OR "benefit_links"."standard_version_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "benefit_sources" (
	"benefit_id" integer NOT NULL,
	"instrument_id" integer NOT NULL,
	"note" text,
	CONSTRAINT "benefit_sources_pkey" PRIMARY KEY("benefit_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "benefits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benefits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"kind" "benefit_kind" NOT NULL,
	"audience" "benefit_audience" NOT NULL,
	"text" text NOT NULL,
	"text_zh" text,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"verified" boolean DEFAULT true NOT NULL,
	"note" text,
	CONSTRAINT "benefits_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "authorities" ADD CONSTRAINT "authorities_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_parent_id_jurisdictions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_group_members" ADD CONSTRAINT "region_group_members_group_id_region_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."region_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_group_members" ADD CONSTRAINT "region_group_members_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_authorities" ADD CONSTRAINT "instrument_authorities_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_authorities" ADD CONSTRAINT "instrument_authorities_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_repeals" ADD CONSTRAINT "instrument_repeals_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_repeals" ADD CONSTRAINT "instrument_repeals_repealed_id_instruments_id_fk" FOREIGN KEY ("repealed_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_bands" ADD CONSTRAINT "points_bands_indicator_id_points_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."points_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_indicators" ADD CONSTRAINT "points_indicators_scheme_id_points_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."points_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_indicators" ADD CONSTRAINT "points_indicators_parent_id_points_indicators_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."points_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_scheme_sources" ADD CONSTRAINT "points_scheme_sources_scheme_id_points_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."points_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_scheme_sources" ADD CONSTRAINT "points_scheme_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_schemes" ADD CONSTRAINT "points_schemes_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_schemes" ADD CONSTRAINT "points_schemes_standard_version_id_standard_versions_id_fk" FOREIGN KEY ("standard_version_id") REFERENCES "public"."standard_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_thresholds" ADD CONSTRAINT "points_thresholds_scheme_id_points_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."points_schemes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_thresholds" ADD CONSTRAINT "points_thresholds_category_id_talent_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."talent_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_criteria" ADD CONSTRAINT "standard_criteria_version_id_standard_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."standard_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_criteria" ADD CONSTRAINT "standard_criteria_category_id_talent_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."talent_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_version_categories" ADD CONSTRAINT "standard_version_categories_version_id_standard_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."standard_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_version_categories" ADD CONSTRAINT "standard_version_categories_category_id_talent_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."talent_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_version_sources" ADD CONSTRAINT "standard_version_sources_version_id_standard_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."standard_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_version_sources" ADD CONSTRAINT "standard_version_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD CONSTRAINT "standard_versions_standard_id_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD CONSTRAINT "standard_versions_repealed_by_instruments_id_fk" FOREIGN KEY ("repealed_by") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD CONSTRAINT "standard_versions_approved_by_authorities_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standards" ADD CONSTRAINT "standards_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_categories" ADD CONSTRAINT "talent_categories_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occupations" ADD CONSTRAINT "occupations_parent_id_occupations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."occupations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_aliases" ADD CONSTRAINT "qualification_aliases_qualification_id_qualifications_id_fk" FOREIGN KEY ("qualification_id") REFERENCES "public"."qualifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualifications" ADD CONSTRAINT "qualifications_issuer_id_organisations_id_fk" FOREIGN KEY ("issuer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_edition_sources" ADD CONSTRAINT "catalog_edition_sources_edition_id_catalog_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."catalog_editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_edition_sources" ADD CONSTRAINT "catalog_edition_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_editions" ADD CONSTRAINT "catalog_editions_catalog_id_catalogs_id_fk" FOREIGN KEY ("catalog_id") REFERENCES "public"."catalogs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_editions" ADD CONSTRAINT "catalog_editions_repealed_by_instruments_id_fk" FOREIGN KEY ("repealed_by") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_edition_id_catalog_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."catalog_editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_qualification_id_qualifications_id_fk" FOREIGN KEY ("qualification_id") REFERENCES "public"."qualifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_occupation_id_occupations_id_fk" FOREIGN KEY ("occupation_id") REFERENCES "public"."occupations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entry_lists" ADD CONSTRAINT "catalog_entry_lists_entry_fkey" FOREIGN KEY ("entry_id","edition_id") REFERENCES "public"."catalog_entries"("id","edition_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entry_lists" ADD CONSTRAINT "catalog_entry_lists_list_fkey" FOREIGN KEY ("list_id","edition_id") REFERENCES "public"."catalog_lists"("id","edition_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entry_sources" ADD CONSTRAINT "catalog_entry_sources_entry_id_catalog_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."catalog_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_entry_sources" ADD CONSTRAINT "catalog_entry_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_lists" ADD CONSTRAINT "catalog_lists_edition_id_catalog_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."catalog_editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogs" ADD CONSTRAINT "catalogs_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_agreement_id_recognition_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."recognition_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_parties" ADD CONSTRAINT "agreement_parties_region_group_id_region_groups_id_fk" FOREIGN KEY ("region_group_id") REFERENCES "public"."region_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_sources" ADD CONSTRAINT "agreement_sources_agreement_id_recognition_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."recognition_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_sources" ADD CONSTRAINT "agreement_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_agreements" ADD CONSTRAINT "recognition_agreements_repealed_by_instruments_id_fk" FOREIGN KEY ("repealed_by") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_agreements" ADD CONSTRAINT "recognition_agreements_category_id_talent_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."talent_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_agreements" ADD CONSTRAINT "recognition_agreements_standard_id_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_agreements" ADD CONSTRAINT "recognition_agreements_catalog_id_catalogs_id_fk" FOREIGN KEY ("catalog_id") REFERENCES "public"."catalogs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_agreements" ADD CONSTRAINT "recognition_agreements_qualification_id_qualifications_id_fk" FOREIGN KEY ("qualification_id") REFERENCES "public"."qualifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_agreements" ADD CONSTRAINT "recognition_agreements_equivalent_qualification_id_qualifications_id_fk" FOREIGN KEY ("equivalent_qualification_id") REFERENCES "public"."qualifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_links" ADD CONSTRAINT "benefit_links_benefit_id_benefits_id_fk" FOREIGN KEY ("benefit_id") REFERENCES "public"."benefits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_links" ADD CONSTRAINT "benefit_links_list_id_catalog_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."catalog_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_links" ADD CONSTRAINT "benefit_links_standard_version_id_standard_versions_id_fk" FOREIGN KEY ("standard_version_id") REFERENCES "public"."standard_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_links" ADD CONSTRAINT "benefit_links_category_id_talent_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."talent_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_links" ADD CONSTRAINT "benefit_links_agreement_id_recognition_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."recognition_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_sources" ADD CONSTRAINT "benefit_sources_benefit_id_benefits_id_fk" FOREIGN KEY ("benefit_id") REFERENCES "public"."benefits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_sources" ADD CONSTRAINT "benefit_sources_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "authorities_jurisdiction_idx" ON "authorities" USING btree ("jurisdiction_id");--> statement-breakpoint
CREATE INDEX "jurisdictions_parent_idx" ON "jurisdictions" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "instrument_repeals_repealed_idx" ON "instrument_repeals" USING btree ("repealed_id");--> statement-breakpoint
CREATE INDEX "standard_version_categories_category_idx" ON "standard_version_categories" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "standard_version_sources_instrument_idx" ON "standard_version_sources" USING btree ("instrument_id");--> statement-breakpoint
CREATE INDEX "standard_versions_standard_from_idx" ON "standard_versions" USING btree ("standard_id","valid_from");--> statement-breakpoint
CREATE INDEX "qualifications_issuer_idx" ON "qualifications" USING btree ("issuer_id");--> statement-breakpoint
CREATE INDEX "catalog_edition_sources_instrument_idx" ON "catalog_edition_sources" USING btree ("instrument_id");--> statement-breakpoint
CREATE INDEX "catalog_editions_catalog_from_idx" ON "catalog_editions" USING btree ("catalog_id","valid_from");--> statement-breakpoint
CREATE INDEX "catalog_entries_qualification_idx" ON "catalog_entries" USING btree ("qualification_id","edition_id");--> statement-breakpoint
CREATE INDEX "catalog_entries_occupation_idx" ON "catalog_entries" USING btree ("occupation_id");--> statement-breakpoint
CREATE INDEX "catalog_entry_lists_list_idx" ON "catalog_entry_lists" USING btree ("list_id","entry_id");--> statement-breakpoint
CREATE INDEX "catalog_entry_sources_instrument_idx" ON "catalog_entry_sources" USING btree ("instrument_id");--> statement-breakpoint
CREATE INDEX "catalogs_jurisdiction_idx" ON "catalogs" USING btree ("jurisdiction_id");--> statement-breakpoint
CREATE INDEX "agreement_parties_jurisdiction_idx" ON "agreement_parties" USING btree ("jurisdiction_id");--> statement-breakpoint
CREATE INDEX "agreement_parties_group_idx" ON "agreement_parties" USING btree ("region_group_id");--> statement-breakpoint
CREATE INDEX "recognition_agreements_kind_from_idx" ON "recognition_agreements" USING btree ("kind","valid_from");--> statement-breakpoint
CREATE INDEX "recognition_agreements_category_idx" ON "recognition_agreements" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "recognition_agreements_qualification_idx" ON "recognition_agreements" USING btree ("qualification_id");--> statement-breakpoint
CREATE INDEX "recognition_agreements_equivalent_idx" ON "recognition_agreements" USING btree ("equivalent_qualification_id");--> statement-breakpoint
CREATE INDEX "benefit_links_list_idx" ON "benefit_links" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "benefit_links_version_idx" ON "benefit_links" USING btree ("standard_version_id");--> statement-breakpoint
CREATE INDEX "benefit_links_agreement_idx" ON "benefit_links" USING btree ("agreement_id");