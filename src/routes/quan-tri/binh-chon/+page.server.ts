import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import { createPoll, listManagedPolls } from '$lib/server/voting';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [polls, units] = await orErrorPage(Promise.all([listManagedPolls(ctx), listUnits(ctx)]));
	return { polls, units };
};

export const actions = adminActions<Actions>({
	create: formAction(createPoll, {
		done: (id) => redirect(303, `/quan-tri/binh-chon/${id}?da-tao=1`)
	})
});
