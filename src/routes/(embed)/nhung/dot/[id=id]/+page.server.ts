import { getPublicCampaign } from '$lib/server/campaigns';
import { allowFraming, framingOf } from '$lib/server/embeds';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listPublicShortlist } from '$lib/server/judging';
import type { PageServerLoad } from './$types';

/** A published campaign's shortlist for a portal; read as the public, so a draft is not found. */
export const load: PageServerLoad = async (event) => {
	const visitor = { ...ctxOf(event), actor: null };
	const id = Number(event.params.id);
	const campaign = await orErrorPage(getPublicCampaign(visitor, id));
	allowFraming(event, await framingOf(visitor, campaign.organizingUnitPath));
	return {
		campaign: {
			id: campaign.id,
			title: campaign.title,
			organizingUnitName: campaign.organizingUnitName,
			year: campaign.year
		},
		shortlist: await listPublicShortlist(visitor, id)
	};
};
