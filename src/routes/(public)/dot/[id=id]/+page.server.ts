import { getPublicCampaign } from '$lib/server/campaigns/service';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	return {
		campaign: await orErrorPage(getPublicCampaign(ctx, Number(event.params.id))),
		now: ctx.now
	};
};
