import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { copyGameFields, createGame, listBankQuestions, listGames } from '$lib/server/live';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const from = event.url.searchParams.get('sao-chep');
	const [games, units, questions, copy] = await orErrorPage(
		Promise.all([
			listGames(ctx),
			listUnits(ctx),
			listBankQuestions(ctx),
			from ? copyGameFields(ctx, from) : null
		])
	);
	return { games, units, questions, copy };
};

export const actions = adminActions<Actions>({
	create: formAction(createGame, {
		done: (game) => redirect(303, `/quan-tri/rung-chuong-vang/${game.code}`)
	})
});
