import { z } from 'zod';
import { awardHistory } from '$lib/server/awards';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { PageServerLoad } from './$types';

const query = z.object({
	ten: z.string().normalize('NFC').trim().max(200).catch(''),
	donVi: z.coerce.number().int().positive().optional().catch(undefined)
});

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const q = query.parse({
		ten: event.url.searchParams.get('ten') ?? '',
		donVi: event.url.searchParams.get('donVi') || undefined
	});
	const [rows, units] = await orErrorPage(
		Promise.all([awardHistory(ctx, { name: q.ten || undefined, unitId: q.donVi }), listUnits(ctx)])
	);
	return { q, rows, units: units.filter((u) => !u.archivedAt) };
};
