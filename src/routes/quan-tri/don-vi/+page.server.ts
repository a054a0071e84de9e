import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { isAdmin } from '$lib/server/auth/policy';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import * as units from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const search = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const includeArchived = event.url.searchParams.get('luu-tru') === '1';
	const ctx = ctxOf(event);
	const [list, choices] = await orErrorPage(
		Promise.all([units.listUnits(ctx, { search, includeArchived }), units.listUnits(ctx)])
	);
	return { units: list, choices, search, includeArchived, isAdmin: isAdmin(ctx.actor!) };
};

export const actions = adminActions<Actions>({
	create: formAction(units.createUnit, {
		done: (unit) => redirect(303, `/quan-tri/don-vi/${unit.id}?da-tao=1`)
	})
});
