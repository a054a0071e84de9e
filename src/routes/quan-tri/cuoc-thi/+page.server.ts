import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { createContest, listContests } from '$lib/server/contests';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [contests, units] = await orErrorPage(Promise.all([listContests(ctx), listUnits(ctx)]));
	return { contests, units };
};

export const actions = adminActions<Actions>({
	create: formAction(createContest, {
		done: (contest) => redirect(303, `/quan-tri/cuoc-thi/${contest.id}`)
	})
});
