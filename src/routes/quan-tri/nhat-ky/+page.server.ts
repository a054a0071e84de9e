import { auditFilterSchema } from '$lib/schemas/audit';
import type { FieldErrors } from '$lib/schemas/form';
import { readAuditLog } from '$lib/server/audit';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter: Record<string, string> = Object.fromEntries(event.url.searchParams);
	const parsed = auditFilterSchema.safeParse(filter);
	const errors: FieldErrors = {};
	if (!parsed.success) {
		for (const issue of parsed.error.issues)
			(errors[String(issue.path[0])] ??= []).push(issue.message);
	}
	const log = parsed.success ? await orErrorPage(readAuditLog(ctxOf(event), parsed.data)) : null;
	return { log, errors, filter };
};
