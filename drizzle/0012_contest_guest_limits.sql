CREATE TABLE "contest_address_counts" (
	"contest_id" integer NOT NULL,
	"address_hash" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"registrations" integer NOT NULL,
	CONSTRAINT "contest_address_counts_contest_id_address_hash_hour_pk" PRIMARY KEY("contest_id","address_hash","hour")
);
--> statement-breakpoint
ALTER TABLE "contests" ADD COLUMN "guest_hourly_limit" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "contest_address_counts" ADD CONSTRAINT "contest_address_counts_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_guest_hourly_limit" CHECK ("contests"."guest_hourly_limit" > 0);