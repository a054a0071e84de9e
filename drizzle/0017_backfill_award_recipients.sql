-- Decisions already issued: a certificate prints the decision's citation, and each recipient
-- keeps its own field.
--
-- A campaign decision without a typed field took its first recipient's category field for all;
-- where another recipient's category names a different field, that copy is undone.
UPDATE "award_decisions" d SET "field" = NULL
WHERE d."source" = 'campaign' AND d."field" IS NOT NULL
	AND d."field" = (
		SELECT c."field" FROM "award_recipients" r
		JOIN "nominations" n ON n."id" = r."nomination_id"
		JOIN "campaign_categories" c ON c."id" = n."category_id"
		WHERE r."decision_id" = d."id" AND c."field" IS NOT NULL
		ORDER BY r."rank", r."id" LIMIT 1
	)
	AND EXISTS (
		SELECT 1 FROM "award_recipients" r
		JOIN "nominations" n ON n."id" = r."nomination_id"
		JOIN "campaign_categories" c ON c."id" = n."category_id"
		WHERE r."decision_id" = d."id" AND c."field" IS NOT NULL AND c."field" <> d."field"
	);--> statement-breakpoint
UPDATE "award_recipients" r SET "field" = c."field"
FROM "nominations" n JOIN "campaign_categories" c ON c."id" = n."category_id"
WHERE r."nomination_id" = n."id" AND r."field" IS NULL AND c."field" IS NOT NULL;--> statement-breakpoint
-- The nominee's summary was copied as the recipient's own achievement; it is not the decision's.
UPDATE "award_recipients" r SET "achievement" = ''
FROM "nominations" n
WHERE r."nomination_id" = n."id" AND r."achievement" = n."summary";--> statement-breakpoint
-- Live-game prizes named "Rung chuông vàng" twice when the game's title already carried it.
UPDATE "award_recipients" SET "achievement" = replace("achievement", 'cuộc thi Rung chuông vàng “Rung chuông vàng', 'cuộc thi “Rung chuông vàng')
WHERE "achievement" LIKE '%cuộc thi Rung chuông vàng “Rung chuông vàng%';
