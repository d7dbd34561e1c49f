CREATE INDEX "recognition_agreements_valid_from_idx" ON "recognition_agreements" USING btree ("valid_from");--> statement-breakpoint
CREATE INDEX "catalog_editions_valid_from_idx" ON "catalog_editions" USING btree ("valid_from","id");--> statement-breakpoint
CREATE INDEX "catalog_editions_valid_to_idx" ON "catalog_editions" USING btree ("valid_to");--> statement-breakpoint
CREATE INDEX "instruments_issued_on_idx" ON "instruments" USING btree ("issued_on","id");--> statement-breakpoint
CREATE INDEX "qualifications_name_slug_idx" ON "qualifications" USING btree ("name","slug");