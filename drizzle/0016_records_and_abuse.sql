CREATE TABLE "award_unit_settings" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"place_name" text,
	"authority_line" text,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "min_account_age_hours" integer;--> statement-breakpoint
ALTER TABLE "award_recipients" ADD COLUMN "field" text;--> statement-breakpoint
ALTER TABLE "live_game_questions" ADD COLUMN "option_order" jsonb;--> statement-breakpoint
ALTER TABLE "award_unit_settings" ADD CONSTRAINT "award_unit_settings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_unit_settings" ADD CONSTRAINT "award_unit_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" DROP COLUMN "coverage_gaps";--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_min_account_age" CHECK ("polls"."min_account_age_hours" is null or ("polls"."min_account_age_hours" > 0 and "polls"."audience" = 'accounts'));