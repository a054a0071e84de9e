CREATE TABLE "round_score_counts" (
	"round_id" integer NOT NULL,
	"correct_count" integer NOT NULL,
	"shard" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "round_score_counts_round_id_correct_count_shard_pk" PRIMARY KEY("round_id","correct_count","shard")
);
--> statement-breakpoint
ALTER TABLE "contest_players" ALTER COLUMN "id_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contest_players" ADD COLUMN "guest_token_hash" text;--> statement-breakpoint
ALTER TABLE "round_score_counts" ADD CONSTRAINT "round_score_counts_round_id_contest_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."contest_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contest_players_guest_idx" ON "contest_players" USING btree ("contest_id","guest_token_hash");--> statement-breakpoint
CREATE INDEX "round_entries_prediction_idx" ON "round_entries" USING btree ("round_id","correct_count","prediction") WHERE not "round_entries"."voided";--> statement-breakpoint
CREATE INDEX "round_entries_submitted_idx" ON "round_entries" USING btree ("round_id","correct_count","finished_at") WHERE not "round_entries"."voided";