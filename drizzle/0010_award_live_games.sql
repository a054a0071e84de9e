ALTER TYPE "public"."award_source" ADD VALUE 'live_game';--> statement-breakpoint
ALTER TABLE "award_decisions" ADD COLUMN "game_id" integer;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_game_id_live_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."live_games"("id") ON DELETE no action ON UPDATE no action;