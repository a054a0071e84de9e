import { error } from '@sveltejs/kit';
import { yearReportSchema, type YearReportChoice } from '$lib/schemas/reports';

/** The report chosen in the address (`?unitId=&year=` or `&from=&to=`), or 400 saying why not. */
export function choiceOf(url: URL): YearReportChoice {
	const parsed = yearReportSchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, parsed.error.issues[0]!.message);
	return parsed.data;
}
