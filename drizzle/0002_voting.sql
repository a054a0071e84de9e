CREATE TYPE "public"."poll_audience" AS ENUM('accounts', 'anyone');--> statement-breakpoint
CREATE TYPE "public"."poll_result_visibility" AS ENUM('live', 'after_close', 'organizers');--> statement-breakpoint
CREATE TABLE "poll_address_counts" (
	"poll_id" integer NOT NULL,
	"address_hash" text NOT NULL,
	"day" text NOT NULL,
	"ballots" integer NOT NULL,
	CONSTRAINT "poll_address_counts_poll_id_address_hash_day_pk" PRIMARY KEY("poll_id","address_hash","day")
);
--> statement-breakpoint
CREATE TABLE "poll_ballots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "poll_ballots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"poll_id" integer NOT NULL,
	"max_choices" smallint NOT NULL,
	"daily_voting" boolean NOT NULL,
	"voter_key" text NOT NULL,
	"period" text NOT NULL,
	"tracking_code" text NOT NULL,
	"user_id" integer,
	"address_hash" text,
	"cast_at" timestamp with time zone NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"voided_by" integer,
	CONSTRAINT "poll_ballots_limits_key" UNIQUE("id","poll_id","max_choices"),
	CONSTRAINT "poll_ballots_period" CHECK (("poll_ballots"."daily_voting" and "poll_ballots"."period" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') or (not "poll_ballots"."daily_voting" and "poll_ballots"."period" = 'all')),
	CONSTRAINT "poll_ballots_void_reason" CHECK (("poll_ballots"."voided_at" is null) = ("poll_ballots"."void_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "poll_options" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "poll_options_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"poll_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"photo_url" text,
	"link" text,
	"nomination_id" integer,
	CONSTRAINT "poll_options_poll_key" UNIQUE("poll_id","id")
);
--> statement-breakpoint
CREATE TABLE "poll_votes" (
	"ballot_id" bigint NOT NULL,
	"poll_id" integer NOT NULL,
	"max_choices" smallint NOT NULL,
	"slot" smallint NOT NULL,
	"option_id" integer NOT NULL,
	CONSTRAINT "poll_votes_ballot_id_slot_pk" PRIMARY KEY("ballot_id","slot"),
	CONSTRAINT "poll_votes_slot" CHECK ("poll_votes"."slot" between 1 and "poll_votes"."max_choices")
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "polls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"campaign_id" integer,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"max_choices" smallint DEFAULT 1 NOT NULL,
	"daily_voting" boolean DEFAULT false NOT NULL,
	"audience" "poll_audience" DEFAULT 'accounts' NOT NULL,
	"results_visibility" "poll_result_visibility" DEFAULT 'after_close' NOT NULL,
	"address_daily_limit" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "polls_rules_key" UNIQUE("id","max_choices","daily_voting"),
	CONSTRAINT "polls_window" CHECK ("polls"."closes_at" > "polls"."opens_at"),
	CONSTRAINT "polls_max_choices" CHECK ("polls"."max_choices" between 1 and 50),
	CONSTRAINT "polls_address_limit" CHECK ("polls"."address_daily_limit" is null or "polls"."address_daily_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "pow_used" (
	"signature" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voting_secret" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "voting_secret_single" CHECK ("voting_secret"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "poll_address_counts" ADD CONSTRAINT "poll_address_counts_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_rules_fk" FOREIGN KEY ("poll_id","max_choices","daily_voting") REFERENCES "public"."polls"("id","max_choices","daily_voting") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_options" ADD CONSTRAINT "poll_options_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_ballot_fk" FOREIGN KEY ("ballot_id","poll_id","max_choices") REFERENCES "public"."poll_ballots"("id","poll_id","max_choices") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_option_fk" FOREIGN KEY ("poll_id","option_id") REFERENCES "public"."poll_options"("poll_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_voter_period_key" ON "poll_ballots" USING btree ("poll_id","voter_key","period");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_tracking_key" ON "poll_ballots" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "poll_ballots_poll_cast_idx" ON "poll_ballots" USING btree ("poll_id","cast_at");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_votes_ballot_option_key" ON "poll_votes" USING btree ("ballot_id","option_id");--> statement-breakpoint
CREATE INDEX "poll_votes_poll_option_idx" ON "poll_votes" USING btree ("poll_id","option_id");--> statement-breakpoint
CREATE INDEX "polls_unit_idx" ON "polls" USING btree ("unit_id");