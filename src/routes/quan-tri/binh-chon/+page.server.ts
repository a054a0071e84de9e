import { redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/schemas/form';
import { pollRulesSchema } from '$lib/schemas/voting';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import { createPoll, listManagedPolls } from '$lib/server/voting';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [polls, units] = await orErrorPage(Promise.all([listManagedPolls(ctx), listUnits(ctx)]));
	return { polls, units };
};

export const actions = adminActions<Actions>({
	create: async (event) => {
		const parsed = parseForm(pollRulesSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let id: number;
		try {
			id = await createPoll(ctxOf(event), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/binh-chon/${id}?da-tao=1`);
	}
});
