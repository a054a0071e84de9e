import { listDecisions } from '$lib/server/awards';
import { administeredPaths } from '$lib/server/auth/policy';
import { embedSnippet } from '$lib/server/embeds';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { idsOnPath } from '$lib/server/units';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const decisions = await orErrorPage(listDecisions(ctx));
	// The honour roll of the unit the organizer administers (the whole tree's for a system
	// administrator), as a portal would embed it.
	const path = ctx.actor ? administeredPaths(ctx.actor)?.[0] : undefined;
	const unitId = path ? (idsOnPath(path).at(-1) ?? null) : null;
	return {
		decisions,
		embedUnitId: unitId,
		embed: embedSnippet(event.url.origin, { kind: 'honour-roll', unitId }, 'Bảng vàng Gương Sáng')
	};
};
