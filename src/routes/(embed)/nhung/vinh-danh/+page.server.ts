import { error } from '@sveltejs/kit';
import { honourFilterSchema } from '$lib/schemas/awards';
import { honourRoll } from '$lib/server/awards';
import { allowFraming, framingOf } from '$lib/server/embeds';
import { ctxOf } from '$lib/server/http';
import { findActiveUnit } from '$lib/server/units';
import type { PageServerLoad } from './$types';

/** The honour roll of one unit's subtree (`?unit=`), or the whole tree's, for a portal. */
export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const filter = honourFilterSchema.parse(Object.fromEntries(event.url.searchParams));
	const unit = filter.unit ? await findActiveUnit(ctx.db, filter.unit) : null;
	if (filter.unit && !unit) error(404, 'Không tìm thấy đơn vị.');
	allowFraming(event, await framingOf(ctx, unit?.path ?? null));
	return { filter, unitName: unit?.name ?? null, ...(await honourRoll(ctx.db, filter)) };
};
