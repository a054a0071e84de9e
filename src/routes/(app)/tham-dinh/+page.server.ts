import { z } from 'zod';
import { nominationStatuses } from '$lib/shared/campaigns';
import { listPublicCampaigns } from '$lib/server/campaigns';
import { getDatabase } from '$lib/server/db';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listScreeningQueue } from '$lib/server/nominations';
import type { PageServerLoad } from './$types';

const optionalId = z.preprocess(
	(v) => (v === '' || v == null ? undefined : v),
	z.coerce.number().int().positive().optional()
);
const filterSchema = z.object({
	dot: optionalId,
	'hang-muc': optionalId,
	'don-vi': optionalId,
	'trang-thai': z.preprocess(
		(v) => (v === '' || v == null ? undefined : v),
		z.enum(nominationStatuses).optional()
	)
});

export const load: PageServerLoad = async (event) => {
	const parsed = filterSchema.safeParse(Object.fromEntries(event.url.searchParams));
	const filter = parsed.success ? parsed.data : {};
	const [rows, campaigns] = await orErrorPage(
		Promise.all([
			listScreeningQueue(ctxOf(event), {
				campaignId: filter.dot,
				categoryId: filter['hang-muc'],
				unitId: filter['don-vi'],
				status: filter['trang-thai']
			}),
			listPublicCampaigns(getDatabase().db)
		])
	);
	return { rows, campaigns, filter, invalidFilter: !parsed.success };
};
