CREATE TABLE "live_falls" (
	"game_id" integer NOT NULL,
	"player_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "live_falls_player_id_position_pk" PRIMARY KEY("player_id","position")
);
--> statement-breakpoint
ALTER TABLE "live_falls" ADD CONSTRAINT "live_falls_game_id_live_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."live_games"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_falls" ADD CONSTRAINT "live_falls_player_id_live_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."live_players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_falls_game_id_position_index" ON "live_falls" USING btree ("game_id","position");