import { redirect } from '@sveltejs/kit';
import { contestSchema } from '$lib/schemas/contests';
import { parseForm } from '$lib/schemas/form';
import { createContest, listContests } from '$lib/server/contests';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [contests, units] = await orErrorPage(Promise.all([listContests(ctx), listUnits(ctx)]));
	return { contests, units };
};

export const actions = adminActions<Actions>({
	create: async (event) => {
		const parsed = parseForm(contestSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let id: number;
		try {
			id = (await createContest(ctxOf(event), parsed.data)).id;
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/cuoc-thi/${id}`);
	}
});
