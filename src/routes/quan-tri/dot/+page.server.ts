import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { createCampaign, listManagedCampaigns } from '$lib/server/campaigns';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [campaigns, units] = await orErrorPage(
		Promise.all([listManagedCampaigns(ctx), listUnits(ctx)])
	);
	return { campaigns, units };
};

export const actions = adminActions<Actions>({
	create: formAction(createCampaign, { done: (id) => redirect(303, `/quan-tri/dot/${id}`) })
});
