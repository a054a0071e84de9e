-- Games played before live_falls existed: their latest falls are all that is known.
INSERT INTO "live_falls" ("game_id", "player_id", "position")
SELECT "game_id", "id", "eliminated_at" FROM "live_players"
WHERE "status" = 'eliminated' AND "eliminated_at" IS NOT NULL
ON CONFLICT DO NOTHING;
