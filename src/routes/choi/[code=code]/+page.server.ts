import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { parseAnswer, playerCookie, setPlayerCookie } from '$lib/server/live';
import { getPlayerView, joinGame, submitAnswer } from '$lib/server/live';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const token = event.cookies.get(playerCookie(event.params.code));
	const view = await orErrorPage(getPlayerView(ctxOf(event), event.params.code, token));
	return { ...view, receivedAt: Date.now(), signedInName: event.locals.actor?.fullName ?? null };
};

export const actions: Actions = {
	join: formAction(joinGame, {
		input: (fields, event: RequestEvent) => ({
			...fields,
			code: event.params.code,
			currentToken: event.cookies.get(playerCookie(event.params.code))
		}),
		done: ({ token }, event) => {
			setPlayerCookie(event.cookies, event.url, event.params.code, token);
			redirect(303, `/choi/${event.params.code}`);
		}
	}),
	// The answer is parsed here as on the phone's endpoint: a refusal names its first problem.
	answer: formAction(submitAnswer, {
		input: (fields, event: RequestEvent) => ({
			code: event.params.code,
			token: event.cookies.get(playerCookie(event.params.code)),
			answer: parseAnswer(fields)
		}),
		done: (_result, _event, values) => ({ answered: Number(values.position) })
	})
};
