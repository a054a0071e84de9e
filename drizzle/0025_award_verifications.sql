CREATE TABLE "award_verifications" (
	"recipient_id" integer NOT NULL,
	"day" date NOT NULL,
	"checks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "award_verifications_recipient_id_day_pk" PRIMARY KEY("recipient_id","day")
);
--> statement-breakpoint
ALTER TABLE "award_verifications" ADD CONSTRAINT "award_verifications_recipient_id_award_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."award_recipients"("id") ON DELETE cascade ON UPDATE no action;