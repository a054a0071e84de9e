CREATE TYPE "public"."live_mode" AS ENUM('phones', 'whiteboard');--> statement-breakpoint
CREATE TYPE "public"."live_player_status" AS ENUM('active', 'eliminated', 'kicked');--> statement-breakpoint
CREATE TYPE "public"."live_state" AS ENUM('lobby', 'open', 'paused', 'closed', 'revealed', 'finished');--> statement-breakpoint
CREATE TABLE "live_answers" (
	"game_id" integer NOT NULL,
	"position" integer NOT NULL,
	"player_id" integer NOT NULL,
	"answer" jsonb NOT NULL,
	"correct" boolean,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "live_answers_player_id_position_pk" PRIMARY KEY("player_id","position")
);
--> statement-breakpoint
CREATE TABLE "live_game_questions" (
	"game_id" integer NOT NULL,
	"position" integer NOT NULL,
	"question_id" integer NOT NULL,
	"seconds" integer NOT NULL,
	"golden" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	CONSTRAINT "live_game_questions_game_id_position_pk" PRIMARY KEY("game_id","position")
);
--> statement-breakpoint
CREATE TABLE "live_games" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live_games_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"state" "live_state" DEFAULT 'lobby' NOT NULL,
	"mode" "live_mode" DEFAULT 'phones' NOT NULL,
	"lobby_locked" boolean DEFAULT false NOT NULL,
	"current_index" integer DEFAULT -1 NOT NULL,
	"deadline_at" timestamp (3) with time zone,
	"remaining_ms" integer,
	"rescue_when_at_most" integer DEFAULT 3 NOT NULL,
	"rescue_max_uses" integer DEFAULT 1 NOT NULL,
	"rescues_used" integer DEFAULT 0 NOT NULL,
	"golden_bell_index" integer,
	"golden_bell_when_at_most" integer,
	"version" integer DEFAULT 0 NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live_players" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live_players_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"game_id" integer NOT NULL,
	"user_id" integer,
	"token_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"unit_name" text DEFAULT '' NOT NULL,
	"seat" integer NOT NULL,
	"status" "live_player_status" DEFAULT 'active' NOT NULL,
	"eliminated_at" integer,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_rescues" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live_rescues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"game_id" integer NOT NULL,
	"at_index" integer NOT NULL,
	"since_index" integer NOT NULL,
	"restored" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_answers" ADD CONSTRAINT "live_answers_game_id_live_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."live_games"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_answers" ADD CONSTRAINT "live_answers_player_id_live_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."live_players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_game_questions" ADD CONSTRAINT "live_game_questions_game_id_live_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."live_games"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_game_questions" ADD CONSTRAINT "live_game_questions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_games" ADD CONSTRAINT "live_games_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_games" ADD CONSTRAINT "live_games_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_players" ADD CONSTRAINT "live_players_game_id_live_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."live_games"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_players" ADD CONSTRAINT "live_players_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_rescues" ADD CONSTRAINT "live_rescues_game_id_live_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."live_games"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_answers_game_id_position_index" ON "live_answers" USING btree ("game_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "live_games_code_idx" ON "live_games" USING btree ("code");--> statement-breakpoint
CREATE INDEX "live_games_unit_path_idx" ON "live_games" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "live_games_state_idx" ON "live_games" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "live_players_token_idx" ON "live_players" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "live_players_seat_idx" ON "live_players" USING btree ("game_id","seat");--> statement-breakpoint
CREATE UNIQUE INDEX "live_players_user_idx" ON "live_players" USING btree ("game_id","user_id") WHERE "live_players"."user_id" is not null;