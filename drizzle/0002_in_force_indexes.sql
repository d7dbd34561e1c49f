-- The recognition rules ask "which agreements are in force on day D" on every query; the
-- expression matches the one in recognition.service.ts (inForceOn), so the planner can use it.
-- Editions and standard versions are served by their exclusion constraints' GiST indexes.
CREATE INDEX IF NOT EXISTS "recognition_agreements_in_force_idx" ON "recognition_agreements"
  USING gist (daterange("valid_from", LEAST("valid_to", "repealed_on"), '[)')) WHERE ("status" = 'PUBLISHED');
