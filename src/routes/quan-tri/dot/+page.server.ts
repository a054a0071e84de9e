import { redirect } from '@sveltejs/kit';
import { campaignSchema } from '$lib/schemas/campaigns';
import { parseForm } from '$lib/schemas/form';
import { createCampaign, listManagedCampaigns } from '$lib/server/campaigns';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
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
	create: async (event) => {
		const parsed = parseForm(campaignSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let id: number;
		try {
			id = await createCampaign(ctxOf(event), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/dot/${id}`);
	}
});
