ALTER TABLE "polls" ADD COLUMN "min_votes" integer;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_min_votes" CHECK ("polls"."min_votes" is null or "polls"."min_votes" > 0);