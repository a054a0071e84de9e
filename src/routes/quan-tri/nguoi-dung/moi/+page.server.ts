import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import { createUser } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	units: await orErrorPage(listUnits(ctxOf(event)))
});

export const actions = adminActions<Actions>({
	default: formAction(createUser, {
		done: (id) => redirect(303, `/quan-tri/nguoi-dung/${id}?da-tao=1`)
	})
});
