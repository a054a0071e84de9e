import { yearReportSchema } from '$lib/schemas/reports';
import type { FieldErrors } from '$lib/schemas/form';
import { vietnamDay } from '$lib/shared/datetime';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { yearReport, yearReportTables } from '$lib/server/reports';
import { listUnits } from '$lib/server/units';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const units = await orErrorPage(listUnits(ctx));
	const asked: Record<string, string> = Object.fromEntries(event.url.searchParams);
	// Opened from the menu: the actor's topmost unit, this year.
	const filter = asked.unitId
		? asked
		: { unitId: String(units[0]?.id ?? ''), year: vietnamDay(ctx.now).slice(0, 4), ...asked };
	const parsed = yearReportSchema.safeParse(filter);
	const errors: FieldErrors = {};
	if (!parsed.success)
		for (const issue of parsed.error.issues)
			(errors[String(issue.path[0] ?? 'year')] ??= []).push(issue.message);
	const report = parsed.success ? await orErrorPage(yearReport(ctx, parsed.data)) : null;
	return {
		units: units
			.filter((u) => !u.archivedAt)
			.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
		filter,
		errors,
		report,
		tables: report ? yearReportTables(report) : null,
		query: parsed.success ? new URLSearchParams(filter).toString() : null
	};
};
