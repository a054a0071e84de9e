import { redirect } from '@sveltejs/kit';
import { isAdmin } from '$lib/server/auth/policy';
import { parseForm } from '$lib/schemas/form';
import { createUnitSchema } from '$lib/schemas/units';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { createUnit, listUnits } from '$lib/server/units/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const search = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const includeArchived = event.url.searchParams.get('luu-tru') === '1';
	const ctx = ctxOf(event);
	const [units, choices] = await orErrorPage(
		Promise.all([listUnits(ctx, { search, includeArchived }), listUnits(ctx)])
	);
	return { units, choices, search, includeArchived, isAdmin: isAdmin(ctx.actor!) };
};

export const actions = adminActions<Actions>({
	create: async (event) => {
		const parsed = parseForm(createUnitSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let id: number;
		try {
			id = (await createUnit(ctxOf(event), parsed.data)).id;
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/don-vi/${id}?da-tao=1`);
	}
});
