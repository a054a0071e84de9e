import { getPublicCampaign } from '$lib/server/campaigns';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listPublicShortlist } from '$lib/server/judging';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const id = Number(event.params.id);
	const campaign = await orErrorPage(getPublicCampaign(ctx, id));
	const shortlist = campaign.status === 'draft' ? [] : await listPublicShortlist(ctx, id);
	return { campaign, shortlist, now: ctx.now };
};
