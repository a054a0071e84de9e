DROP INDEX "award_decisions_number_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "award_decisions_number_idx" ON "award_decisions" USING btree ("unit_id",lower(normalize("number", NFC)));