import { redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/schemas/form';
import { liveGameSchema } from '$lib/schemas/live';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { createGame, listBankQuestions, listGames } from '$lib/server/live';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [games, units, questions] = await orErrorPage(
		Promise.all([listGames(ctx), listUnits(ctx), listBankQuestions(ctx)])
	);
	return { games, units, questions };
};

export const actions = adminActions<Actions>({
	create: async (event) => {
		const parsed = parseForm(liveGameSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let code: string;
		try {
			code = (await createGame(ctxOf(event), parsed.data)).code;
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/rung-chuong-vang/${code}`);
	}
});
