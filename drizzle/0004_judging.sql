CREATE TYPE "public"."assignment_mode" AS ENUM('all', 'k');--> statement-breakpoint
CREATE TYPE "public"."assignment_status" AS ENUM('assigned', 'draft', 'submitted', 'conflict');--> statement-breakpoint
CREATE TYPE "public"."panel_status" AS ENUM('setup', 'open', 'closed');--> statement-breakpoint
CREATE TABLE "judge_assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "judge_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"panel_id" integer NOT NULL,
	"nomination_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"status" "assignment_status" DEFAULT 'assigned' NOT NULL,
	"conflict_reason" text,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judge_scores" (
	"assignment_id" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"score" numeric(6, 2) NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "judge_scores_assignment_id_criterion_id_pk" PRIMARY KEY("assignment_id","criterion_id"),
	CONSTRAINT "judge_scores_non_negative" CHECK ("judge_scores"."score" >= 0)
);
--> statement-breakpoint
CREATE TABLE "panel_judges" (
	"panel_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_judges_panel_id_user_id_pk" PRIMARY KEY("panel_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "panels" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "panels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"status" "panel_status" DEFAULT 'setup' NOT NULL,
	"assignment_mode" "assignment_mode" DEFAULT 'all' NOT NULL,
	"judges_per_dossier" integer,
	"reveal_after_submit" boolean DEFAULT false NOT NULL,
	"normalize" boolean DEFAULT false NOT NULL,
	"spread_threshold" double precision,
	"jury_weight" integer DEFAULT 70 NOT NULL,
	"coverage_gaps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assignment_note" text,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panels_jury_weight" CHECK ("panels"."jury_weight" between 0 and 100),
	CONSTRAINT "panels_k_positive" CHECK ("panels"."judges_per_dossier" is null or "panels"."judges_per_dossier" > 0)
);
--> statement-breakpoint
CREATE TABLE "rubric_criteria" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rubric_criteria_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"panel_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"max_score" integer NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rubric_criteria_max_positive" CHECK ("rubric_criteria"."max_score" > 0),
	CONSTRAINT "rubric_criteria_weight_positive" CHECK ("rubric_criteria"."weight" > 0)
);
--> statement-breakpoint
CREATE TABLE "shortlist_entries" (
	"panel_id" integer NOT NULL,
	"nomination_id" integer NOT NULL,
	"rank" integer NOT NULL,
	"score" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shortlist_entries_panel_id_nomination_id_pk" PRIMARY KEY("panel_id","nomination_id")
);
--> statement-breakpoint
ALTER TABLE "judge_assignments" ADD CONSTRAINT "judge_assignments_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_assignments" ADD CONSTRAINT "judge_assignments_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_assignments" ADD CONSTRAINT "judge_assignments_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_scores" ADD CONSTRAINT "judge_scores_assignment_id_judge_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."judge_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_scores" ADD CONSTRAINT "judge_scores_criterion_id_rubric_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."rubric_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_judges" ADD CONSTRAINT "panel_judges_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_judges" ADD CONSTRAINT "panel_judges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_criteria" ADD CONSTRAINT "rubric_criteria_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_criteria" ADD CONSTRAINT "rubric_criteria_category_id_campaign_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."campaign_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_entries" ADD CONSTRAINT "shortlist_entries_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_entries" ADD CONSTRAINT "shortlist_entries_nomination_id_nominations_id_fk" FOREIGN KEY ("nomination_id") REFERENCES "public"."nominations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "judge_assignments_unique_idx" ON "judge_assignments" USING btree ("panel_id","nomination_id","judge_id");--> statement-breakpoint
CREATE INDEX "judge_assignments_judge_idx" ON "judge_assignments" USING btree ("judge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panels_campaign_idx" ON "panels" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "rubric_criteria_panel_idx" ON "rubric_criteria" USING btree ("panel_id","category_id");