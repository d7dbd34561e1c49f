CREATE TABLE "fields" (
	"code" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"description" text,
	"note" text,
	CONSTRAINT "fields_code_format" CHECK ("fields"."code" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
