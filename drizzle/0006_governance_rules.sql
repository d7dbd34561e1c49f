-- NOTE: hand-written (drizzle 0.45 declares no triggers). The governance rules that must hold
-- whoever writes, the hub or a person with psql: the audit log is append-only, published content
-- is immutable but for its repeal and its end by supersession, only national authorities review.
-- Errors carry SQLSTATE 23001 (restrict_violation) and a constraint name, which the hub maps to
-- its error codes by name (src/db/constraint-errors.ts).

CREATE FUNCTION hub_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP
    USING ERRCODE = 'restrict_violation', CONSTRAINT = 'audit_log_append_only', TABLE = 'audit_log';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION hub_audit_log_append_only();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_log_append_only();--> statement-breakpoint

-- REVIEWER is the national authority's role (002: submitted to MOHRSS for review and approval).
CREATE FUNCTION hub_accounts_reviewer_is_national() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF 'REVIEWER' = ANY (NEW.roles) AND NOT EXISTS (
    SELECT 1 FROM authorities a JOIN jurisdictions j ON j.id = a.jurisdiction_id
    WHERE a.id = NEW.authority_id AND j.level = 'NATIONAL'
  ) THEN
    RAISE EXCEPTION 'only an account of a national authority can be a REVIEWER'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_reviewer_is_national', TABLE = 'accounts';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER accounts_reviewer_is_national BEFORE INSERT OR UPDATE ON accounts
  FOR EACH ROW EXECUTE FUNCTION hub_accounts_reviewer_is_national();--> statement-breakpoint

-- An operator's correction of published content: a transaction that sets hub.correction (to its
-- reason, which is audited) may change or delete published rows. Nothing else may.
CREATE FUNCTION hub_correcting() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('hub.correction', true), '') <> ''
$$;--> statement-breakpoint

-- A published edition, version or agreement keeps every column, except: a repeal may be recorded
-- once (repealed_on and repealed_by from empty to set), and its end may move earlier (valid_to
-- set or lowered) when a successor supersedes it; status stays PUBLISHED.
CREATE FUNCTION hub_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fixed constant text[] := ARRAY['valid_to', 'valid_to_precision', 'repealed_on', 'repealed_by'];
BEGIN
  IF OLD.status <> 'PUBLISHED' OR hub_correcting() THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% % is published: it cannot be deleted, only repealed or superseded', TG_TABLE_NAME, OLD.id
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'published_is_immutable', TABLE = TG_TABLE_NAME;
  END IF;
  IF (to_jsonb(NEW) - fixed) IS DISTINCT FROM (to_jsonb(OLD) - fixed)
     OR (OLD.repealed_on IS NOT NULL AND (NEW.repealed_on, NEW.repealed_by) IS DISTINCT FROM (OLD.repealed_on, OLD.repealed_by))
     OR (NEW.repealed_on IS NULL AND OLD.repealed_on IS NOT NULL)
     OR (OLD.valid_to IS NOT NULL AND (NEW.valid_to IS NULL OR NEW.valid_to > OLD.valid_to))
     OR (NEW.valid_to IS DISTINCT FROM OLD.valid_to AND NEW.valid_to_precision <> 'DAY') THEN
    RAISE EXCEPTION '% % is published: only its repeal or its end by a successor may be recorded; a correction is a new edition or version', TG_TABLE_NAME, OLD.id
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'published_is_immutable', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER catalog_editions_published_immutable BEFORE UPDATE OR DELETE ON catalog_editions
  FOR EACH ROW EXECUTE FUNCTION hub_published_immutable();--> statement-breakpoint
CREATE TRIGGER standard_versions_published_immutable BEFORE UPDATE OR DELETE ON standard_versions
  FOR EACH ROW EXECUTE FUNCTION hub_published_immutable();--> statement-breakpoint
CREATE TRIGGER recognition_agreements_published_immutable BEFORE UPDATE OR DELETE ON recognition_agreements
  FOR EACH ROW EXECUTE FUNCTION hub_published_immutable();--> statement-breakpoint

-- The parts of a published record (lists, entries, criteria, parties, sources): rows may be
-- added (the hub completes its copy of a published list), never changed or removed.
CREATE FUNCTION hub_parent_published(tbl text, r jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(CASE
    WHEN tbl IN ('catalog_lists', 'catalog_entries', 'catalog_edition_sources', 'catalog_entry_lists') THEN
      (SELECT e.status = 'PUBLISHED' FROM catalog_editions e WHERE e.id = (r->>'edition_id')::int)
    WHEN tbl = 'catalog_entry_sources' THEN
      (SELECT e.status = 'PUBLISHED' FROM catalog_entries x JOIN catalog_editions e ON e.id = x.edition_id WHERE x.id = (r->>'entry_id')::int)
    WHEN tbl IN ('standard_criteria', 'standard_version_categories', 'standard_version_sources') THEN
      (SELECT v.status = 'PUBLISHED' FROM standard_versions v WHERE v.id = (r->>'version_id')::int)
    WHEN tbl IN ('agreement_parties', 'agreement_sources') THEN
      (SELECT a.status = 'PUBLISHED' FROM recognition_agreements a WHERE a.id = (r->>'agreement_id')::int)
  END, false)
$$;--> statement-breakpoint
CREATE FUNCTION hub_published_part_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND to_jsonb(NEW) = to_jsonb(OLD) THEN
    RETURN NEW;
  END IF;
  IF NOT hub_correcting() AND hub_parent_published(TG_TABLE_NAME, to_jsonb(OLD)) THEN
    RAISE EXCEPTION 'a row of % belongs to a published record: it can be added to, not % (%)', TG_TABLE_NAME, lower(TG_OP), to_jsonb(OLD)
      USING ERRCODE = 'restrict_violation', CONSTRAINT = 'published_is_immutable', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER catalog_lists_published_immutable BEFORE UPDATE OR DELETE ON catalog_lists
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER catalog_entries_published_immutable BEFORE UPDATE OR DELETE ON catalog_entries
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER catalog_edition_sources_published_immutable BEFORE UPDATE OR DELETE ON catalog_edition_sources
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER catalog_entry_lists_published_immutable BEFORE UPDATE OR DELETE ON catalog_entry_lists
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER catalog_entry_sources_published_immutable BEFORE UPDATE OR DELETE ON catalog_entry_sources
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER standard_criteria_published_immutable BEFORE UPDATE OR DELETE ON standard_criteria
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER standard_version_categories_published_immutable BEFORE UPDATE OR DELETE ON standard_version_categories
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER standard_version_sources_published_immutable BEFORE UPDATE OR DELETE ON standard_version_sources
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER agreement_parties_published_immutable BEFORE UPDATE OR DELETE ON agreement_parties
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint
CREATE TRIGGER agreement_sources_published_immutable BEFORE UPDATE OR DELETE ON agreement_sources
  FOR EACH ROW EXECUTE FUNCTION hub_published_part_immutable();--> statement-breakpoint

-- Which kinds need national approval (domain.md, Governance: data, not code). 002 §3: provincial
-- departments draft regional standards and guidance catalogs; §4: "all regional standards and
-- catalogs" (the guidance catalogs of §2) go to MOHRSS for review and approval before they take
-- effect. Qualification catalogs are the regions' own lists, outside that notice.
INSERT INTO approval_rules (kind, variant, national_approval, basis) VALUES
  ('STANDARD_VERSION', 'REGIONAL', true, 'MOHRSS notice of 30 Sept 2025 (002), §4: regional standards are submitted to MOHRSS for review and approval before they take effect'),
  ('STANDARD_VERSION', 'NATIONAL', false, 'national standards are issued by the national authority itself'),
  ('STANDARD_VERSION', 'NATIONAL_UNIFIED', false, 'national standards are issued by the national authority itself'),
  ('EDITION', 'OCCUPATION_GUIDANCE', true, 'MOHRSS notice of 30 Sept 2025 (002), §4: regional guidance catalogs are submitted to MOHRSS for review and approval'),
  ('EDITION', 'QUALIFICATION', false, 'qualification catalogs are published by the regional authorities themselves (e.g. Beijing 2025 Edition)'),
  ('EDITION', 'URGENT_NEEDS', false, 'urgent-needs lists are updated by the regional authorities themselves ("dynamically updated")'),
  ('AGREEMENT', '*', false, 'agreements take effect when every party has consented');
