-- Search folds a syllable-final y to i ("kỷ"/"kỉ", "lý"/"lí", "quý"/"quí"): refold the stored
-- folded columns with the pattern of foldVietnamese (src/lib/shared/text.ts, FINAL_Y).
UPDATE "users" SET "name_folded" = regexp_replace("name_folded", '(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])', '\1i', 'g') WHERE "name_folded" ~ 'y';
--> statement-breakpoint
UPDATE "units" SET "name_folded" = regexp_replace("name_folded", '(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])', '\1i', 'g') WHERE "name_folded" ~ 'y';
--> statement-breakpoint
UPDATE "award_recipients" SET "name_folded" = regexp_replace("name_folded", '(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])', '\1i', 'g') WHERE "name_folded" ~ 'y';
--> statement-breakpoint
UPDATE "nominations" SET "nominee_name_folded" = regexp_replace("nominee_name_folded", '(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])', '\1i', 'g') WHERE "nominee_name_folded" ~ 'y';
--> statement-breakpoint
UPDATE "questions" SET "prompt_folded" = regexp_replace("prompt_folded", '(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])', '\1i', 'g') WHERE "prompt_folded" ~ 'y';
--> statement-breakpoint
UPDATE "questions" SET "topic_folded" = regexp_replace("topic_folded", '(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])', '\1i', 'g') WHERE "topic_folded" ~ 'y';
