import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { dossierSchema } from '$lib/schemas/campaigns';
import { id } from '$lib/schemas/common';
import { parseForm } from '$lib/schemas/form';
import { ctxOf, failWith, invalidForm, orErrorPage, toSignIn } from '$lib/server/http';
import { createDraft, listNominationOpportunities } from '$lib/server/nominations';
import { submittedAchievements } from '$lib/shared/dossier-form';
import type { Actions, PageServerLoad } from './$types';

const targetSchema = z.object({
	dot: id('đợt'),
	'hang-muc': id('hạng mục'),
	'don-vi': id('đơn vị')
});

/** The campaign, category and unit named in the address, if the officer may nominate there. */
async function target(event: Pick<Parameters<PageServerLoad>[0], 'locals' | 'url'>) {
	// The form action runs before the (app) layout's guard, so it asks for sign-in itself.
	if (!event.locals.actor) toSignIn(event.url);
	const parsed = targetSchema.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(404, 'Không tìm thấy hạng mục để đề cử.');
	const opportunities = await orErrorPage(listNominationOpportunities(ctxOf(event)));
	const item = opportunities.find(
		(o) => o.campaign.id === parsed.data.dot && o.unit.id === parsed.data['don-vi']
	);
	const category = item?.categories.find((c) => c.id === parsed.data['hang-muc']);
	if (!item || !category) error(404, 'Không tìm thấy hạng mục để đề cử.');
	return { item, category };
}

export const load: PageServerLoad = async (event) => {
	const { item, category } = await target(event);
	return {
		campaign: item.campaign,
		unit: item.unit,
		category: { id: category.id, name: category.name, kind: category.kind }
	};
};

// Not a plain formAction: the fields are checked against the schema of the category named in the
// address, and a refusal gives back the achievements typed so far.
export const actions: Actions = {
	default: async (event) => {
		const { item, category } = await target(event);
		const form = await event.request.formData();
		const parsed = parseForm(dossierSchema(category.kind), form);
		if (!parsed.ok) {
			return invalidForm(parsed.errors, parsed.values, {
				achievements: submittedAchievements(form)
			});
		}
		let newId: number;
		try {
			newId = await createDraft(ctxOf(event), {
				campaignId: item.campaign.id,
				categoryId: category.id,
				unitId: item.unit.id,
				dossier: parsed.data
			});
		} catch (caught) {
			return failWith(caught, parsed.values);
		}
		redirect(303, `/de-cu/${newId}?da-luu=1`);
	}
};
