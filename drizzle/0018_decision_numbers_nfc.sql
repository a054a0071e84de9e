-- Decision numbers compare as NFC from now on (the next migration's unique index). Numbers typed
-- decomposed become NFC; one that would then equal another number of its unit keeps its text
-- and gets its id appended, so that no record is lost and the organizer can see and fix it.
UPDATE "award_decisions" d SET "number" = d."number" || ' (trùng số, mã ' || d."id" || ')'
WHERE d."number" <> normalize(d."number", NFC)
	AND EXISTS (
		SELECT 1 FROM "award_decisions" o
		WHERE o."unit_id" = d."unit_id" AND o."id" <> d."id"
			AND lower(normalize(o."number", NFC)) = lower(normalize(d."number", NFC))
	);
--> statement-breakpoint
UPDATE "award_decisions" SET "number" = normalize("number", NFC) WHERE "number" <> normalize("number", NFC);
