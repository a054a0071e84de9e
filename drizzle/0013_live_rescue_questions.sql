CREATE TYPE "public"."live_rescue_kind" AS ENUM('since', 'question');--> statement-breakpoint
ALTER TABLE "live_rescues" ALTER COLUMN "since_index" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "live_game_questions" ADD COLUMN "rescue" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "live_rescues" ADD COLUMN "kind" "live_rescue_kind" DEFAULT 'since' NOT NULL;--> statement-breakpoint
ALTER TABLE "live_rescues" ADD COLUMN "question_position" integer;