CREATE TYPE "public"."award_kind" AS ENUM('bang_khen', 'giay_khen', 'giai_nhat', 'giai_nhi', 'giai_ba', 'giai_khuyen_khich', 'custom');--> statement-breakpoint
CREATE TYPE "public"."award_source" AS ENUM('campaign', 'contest_round', 'manual');--> statement-breakpoint
CREATE TYPE "public"."recipient_type" AS ENUM('individual', 'collective');--> statement-breakpoint
CREATE TABLE "award_decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"number" text NOT NULL,
	"decided_on" date NOT NULL,
	"year" integer NOT NULL,
	"issuer" text NOT NULL,
	"signer" text NOT NULL,
	"signer_title" text DEFAULT '' NOT NULL,
	"citation" text DEFAULT '' NOT NULL,
	"field" text,
	"source" "award_source" NOT NULL,
	"campaign_id" integer,
	"round_id" integer,
	"created_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "award_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"decision_id" integer NOT NULL,
	"recipient_id" integer,
	"at" timestamp with time zone NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "award_recipients" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "award_recipients_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"decision_id" integer NOT NULL,
	"kind" "award_kind" NOT NULL,
	"custom_kind" text,
	"type" "recipient_type" NOT NULL,
	"name" text NOT NULL,
	"name_folded" text NOT NULL,
	"unit_id" integer,
	"unit_name" text NOT NULL,
	"position" text DEFAULT '' NOT NULL,
	"achievement" text DEFAULT '' NOT NULL,
	"nomination_id" integer,
	"player_id" integer,
	"certificate_code" text NOT NULL,
	"slug" text NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "award_recipients_certificateCode_unique" UNIQUE("certificate_code"),
	CONSTRAINT "award_recipients_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_decisions" ADD CONSTRAINT "award_decisions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_events" ADD CONSTRAINT "award_events_decision_id_award_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."award_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_events" ADD CONSTRAINT "award_events_recipient_id_award_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."award_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_events" ADD CONSTRAINT "award_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_recipients" ADD CONSTRAINT "award_recipients_decision_id_award_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."award_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_recipients" ADD CONSTRAINT "award_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_recipients" ADD CONSTRAINT "award_recipients_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_recipients" ADD CONSTRAINT "award_recipients_player_id_contest_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."contest_players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_recipients" ADD CONSTRAINT "award_recipients_revoked_by_id_users_id_fk" FOREIGN KEY ("revoked_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_decisions_number_idx" ON "award_decisions" USING btree ("unit_id",lower("number"));--> statement-breakpoint
CREATE INDEX "award_decisions_year_idx" ON "award_decisions" USING btree ("year");--> statement-breakpoint
CREATE INDEX "award_events_decision_idx" ON "award_events" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "award_recipients_decision_idx" ON "award_recipients" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "award_recipients_unit_idx" ON "award_recipients" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "award_recipients_name_idx" ON "award_recipients" USING btree ("name_folded");