CREATE TYPE "public"."question_status" AS ENUM('draft', 'approved', 'retired');--> statement-breakpoint
CREATE TYPE "public"."question_type" AS ENUM('single', 'multiple', 'true_false', 'short');--> statement-breakpoint
CREATE TYPE "public"."contest_scope" AS ENUM('members', 'public');--> statement-breakpoint
CREATE TYPE "public"."prediction_kind" AS ENUM('participants', 'perfect');--> statement-breakpoint
CREATE TABLE "questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"type" "question_type" NOT NULL,
	"prompt" text NOT NULL,
	"prompt_folded" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"correct" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"accepted_answers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ignore_diacritics" boolean DEFAULT false NOT NULL,
	"topic" text NOT NULL,
	"topic_folded" text NOT NULL,
	"difficulty" integer NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"status" "question_status" DEFAULT 'draft' NOT NULL,
	"approved_by_id" integer,
	"approved_at" timestamp with time zone,
	"locked_at" timestamp with time zone,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_difficulty_range" CHECK ("questions"."difficulty" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "attempt_answers" (
	"attempt_id" bigint NOT NULL,
	"question_id" integer NOT NULL,
	"answer" jsonb NOT NULL,
	"saved_at" timestamp (3) with time zone NOT NULL,
	"correct" boolean,
	CONSTRAINT "attempt_answers_attempt_id_question_id_pk" PRIMARY KEY("attempt_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"player_id" integer NOT NULL,
	"attempt_no" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"deadline" timestamp (3) with time zone NOT NULL,
	"question_ids" jsonb NOT NULL,
	"option_orders" jsonb NOT NULL,
	"prediction" integer,
	"finished_at" timestamp (3) with time zone,
	"timed_out" boolean DEFAULT false NOT NULL,
	"correct_count" integer,
	"duration_ms" integer,
	"voided" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_players" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contest_players_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"user_id" integer,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"full_name" text NOT NULL,
	"phone" text NOT NULL,
	"id_number" text NOT NULL,
	"birth_date" text,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"voided_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contest_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"question_count" integer NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"attempts_allowed" integer NOT NULL,
	"topics" jsonb NOT NULL,
	"difficulties" jsonb NOT NULL,
	"prediction_question" text NOT NULL,
	"prize_tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locked_at" timestamp with time zone,
	"winners_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_rounds_window" CHECK ("contest_rounds"."closes_at" > "contest_rounds"."opens_at"),
	CONSTRAINT "contest_rounds_counts" CHECK ("contest_rounds"."question_count" > 0 and "contest_rounds"."attempts_allowed" > 0)
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scope" "contest_scope" NOT NULL,
	"prediction_kind" "prediction_kind" NOT NULL,
	"tie_breaks" jsonb NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_entries" (
	"round_id" integer NOT NULL,
	"player_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"attempt_id" bigint NOT NULL,
	"correct_count" integer NOT NULL,
	"prediction" integer,
	"duration_ms" integer NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL,
	"voided" boolean DEFAULT false NOT NULL,
	CONSTRAINT "round_entries_round_id_player_id_pk" PRIMARY KEY("round_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "round_pool" (
	"round_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	CONSTRAINT "round_pool_round_id_question_id_pk" PRIMARY KEY("round_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "round_winners" (
	"round_id" integer NOT NULL,
	"player_id" integer NOT NULL,
	"rank" integer NOT NULL,
	"tier" text NOT NULL,
	CONSTRAINT "round_winners_round_id_player_id_pk" PRIMARY KEY("round_id","player_id")
);
--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_player_id_contest_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."contest_players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_players" ADD CONSTRAINT "contest_players_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_players" ADD CONSTRAINT "contest_players_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_players" ADD CONSTRAINT "contest_players_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_players" ADD CONSTRAINT "contest_players_voided_by_id_users_id_fk" FOREIGN KEY ("voided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_rounds" ADD CONSTRAINT "contest_rounds_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_player_id_contest_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."contest_players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_pool" ADD CONSTRAINT "round_pool_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_pool" ADD CONSTRAINT "round_pool_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_winners" ADD CONSTRAINT "round_winners_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_winners" ADD CONSTRAINT "round_winners_player_id_contest_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."contest_players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questions_unit_path_idx" ON "questions" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "questions_topic_idx" ON "questions" USING btree ("topic_folded","difficulty","status");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_round_player_no_idx" ON "attempts" USING btree ("round_id","player_id","attempt_no");--> statement-breakpoint
CREATE INDEX "attempts_round_rank_idx" ON "attempts" USING btree ("round_id","correct_count" DESC NULLS LAST,"duration_ms","finished_at");--> statement-breakpoint
CREATE INDEX "attempts_player_idx" ON "attempts" USING btree ("player_id");--> statement-breakpoint
CREATE INDEX "attempts_running_idx" ON "attempts" USING btree ("round_id","deadline") WHERE "attempts"."finished_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "contest_players_user_idx" ON "contest_players" USING btree ("contest_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_players_phone_idx" ON "contest_players" USING btree ("contest_id","phone");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_players_id_number_idx" ON "contest_players" USING btree ("contest_id","id_number");--> statement-breakpoint
CREATE INDEX "contest_players_unit_path_idx" ON "contest_players" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "contest_rounds_number_idx" ON "contest_rounds" USING btree ("contest_id","number");--> statement-breakpoint
CREATE INDEX "contests_unit_path_idx" ON "contests" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "round_entries_rank_idx" ON "round_entries" USING btree ("round_id","correct_count" DESC NULLS LAST,"duration_ms","finished_at","player_id") WHERE not "round_entries"."voided";--> statement-breakpoint
CREATE INDEX "round_entries_unit_idx" ON "round_entries" USING btree ("round_id","unit_id");