CREATE TABLE "campaign_unit_quotas" (
	"category_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"places" integer NOT NULL,
	CONSTRAINT "campaign_unit_quotas_category_id_unit_id_pk" PRIMARY KEY("category_id","unit_id"),
	CONSTRAINT "campaign_unit_quotas_places" CHECK ("campaign_unit_quotas"."places" >= 0)
);
--> statement-breakpoint
ALTER TABLE "campaign_unit_quotas" ADD CONSTRAINT "campaign_unit_quotas_category_id_campaign_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."campaign_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_unit_quotas" ADD CONSTRAINT "campaign_unit_quotas_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;