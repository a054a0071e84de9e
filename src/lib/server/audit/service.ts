import type { AuditFilterInput } from '$lib/schemas/audit';
import { administeredPaths, authorize, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import { listAudit } from './repo';

const PAGE_SIZE = 50;
const DAY = 86_400_000;

/** Dates in the filter are days in Vietnam (UTC+7, no daylight saving). */
function startOfVietnamDay(isoDate: string): Date {
	return new Date(`${isoDate}T00:00:00+07:00`);
}

export async function readAuditLog(ctx: Ctx, filter: AuditFilterInput) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await listAudit(ctx.db, {
		withinPaths: administeredPaths(actor),
		actorId: filter.actorId,
		action: filter.action || undefined,
		from: filter.from ? startOfVietnamDay(filter.from) : undefined,
		to: filter.to ? new Date(startOfVietnamDay(filter.to).getTime() + DAY) : undefined,
		limit: PAGE_SIZE + 1,
		offset: (filter.page - 1) * PAGE_SIZE
	});
	return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, page: filter.page };
}
