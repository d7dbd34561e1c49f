CREATE TABLE "catalog_edition_sizes" (
	"edition_id" integer PRIMARY KEY NOT NULL,
	"loaded_size" integer NOT NULL,
	CONSTRAINT "catalog_edition_sizes_not_negative" CHECK ("catalog_edition_sizes"."loaded_size" >= 0)
);
--> statement-breakpoint
ALTER TABLE "catalog_edition_sizes" ADD CONSTRAINT "catalog_edition_sizes_edition_id_catalog_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."catalog_editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- NOTE: hand-written below (drizzle 0.45 declares no triggers). The size of each edition as the
-- hub holds it, kept by statement-level triggers on catalog_entries (one upsert per statement,
-- however many entries a load inserts), so that a read never counts entries.
INSERT INTO catalog_edition_sizes (edition_id, loaded_size)
  SELECT ed.id, count(e.id)::int FROM catalog_editions ed LEFT JOIN catalog_entries e ON e.edition_id = ed.id GROUP BY ed.id;--> statement-breakpoint
-- One function for the three triggers: plpgsql plans a statement when it first runs, so the
-- branch that names a transition table the trigger does not have is never planned.
CREATE FUNCTION hub_edition_sizes_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE catalog_edition_sizes s SET loaded_size = s.loaded_size - r.n
      FROM (SELECT edition_id, count(*)::int AS n FROM removed GROUP BY edition_id) r
      WHERE s.edition_id = r.edition_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO catalog_edition_sizes (edition_id, loaded_size)
      SELECT edition_id, count(*)::int FROM added GROUP BY edition_id
    ON CONFLICT (edition_id) DO UPDATE SET loaded_size = catalog_edition_sizes.loaded_size + EXCLUDED.loaded_size;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER catalog_entries_size_added AFTER INSERT ON catalog_entries
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION hub_edition_sizes_follow();--> statement-breakpoint
CREATE TRIGGER catalog_entries_size_removed AFTER DELETE ON catalog_entries
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION hub_edition_sizes_follow();--> statement-breakpoint
CREATE TRIGGER catalog_entries_size_moved AFTER UPDATE ON catalog_entries
  REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION hub_edition_sizes_follow();--> statement-breakpoint
-- Derived data: written only by the triggers above (and the cascade from its edition), never directly.
CREATE FUNCTION hub_edition_sizes_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'catalog_edition_sizes is derived from catalog_entries: % is refused', TG_OP
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'edition_sizes_derived', TABLE = 'catalog_edition_sizes';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER catalog_edition_sizes_derived BEFORE INSERT OR UPDATE OR DELETE ON catalog_edition_sizes
  FOR EACH ROW EXECUTE FUNCTION hub_edition_sizes_derived();
