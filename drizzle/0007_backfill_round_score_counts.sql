-- Databases that already hold contest entries start the per-score counts from them.
INSERT INTO "round_score_counts" ("round_id", "correct_count", "shard", "n")
SELECT "round_id", "correct_count", 0, count(*)::int
FROM "round_entries"
WHERE NOT "voided"
GROUP BY "round_id", "correct_count"
ON CONFLICT ("round_id", "correct_count", "shard") DO NOTHING;
