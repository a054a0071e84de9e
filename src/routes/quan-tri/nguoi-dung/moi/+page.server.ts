import { redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/schemas/form';
import { createUserSchema } from '$lib/schemas/users';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import { createUser } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	units: await orErrorPage(listUnits(ctxOf(event)))
});

export const actions = adminActions<Actions>({
	default: async (event) => {
		const parsed = parseForm(createUserSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let id: number;
		try {
			id = await createUser(ctxOf(event), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/nguoi-dung/${id}?da-tao=1`);
	}
});
