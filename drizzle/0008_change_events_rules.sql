-- NOTE: hand-written. The change feed, like the audit log, is append-only.
CREATE FUNCTION hub_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', CONSTRAINT = TG_TABLE_NAME || '_append_only', TABLE = TG_TABLE_NAME;
END $$;--> statement-breakpoint
CREATE TRIGGER change_events_no_update BEFORE UPDATE OR DELETE ON change_events
  FOR EACH ROW EXECUTE FUNCTION hub_append_only();--> statement-breakpoint
CREATE TRIGGER change_events_no_truncate BEFORE TRUNCATE ON change_events
  FOR EACH STATEMENT EXECUTE FUNCTION hub_append_only();
