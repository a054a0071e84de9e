import { redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/schemas/form';
import { joinSchema } from '$lib/schemas/live';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { parseAnswer, playerCookie, setPlayerCookie } from '$lib/server/live';
import { getPlayerView, joinGame, submitAnswer } from '$lib/server/live';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const token = event.cookies.get(playerCookie(event.params.code));
	const view = await orErrorPage(getPlayerView(ctxOf(event), event.params.code, token));
	return { ...view, receivedAt: Date.now(), signedInName: event.locals.actor?.fullName ?? null };
};

export const actions: Actions = {
	join: async (event) => {
		const parsed = parseForm(joinSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const { token } = await joinGame(
				ctxOf(event),
				event.params.code,
				parsed.data,
				event.cookies.get(playerCookie(event.params.code))
			);
			setPlayerCookie(event.cookies, event.url, event.params.code, token);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/choi/${event.params.code}`);
	},
	answer: async (event) => {
		const form = await event.request.formData();
		const token = event.cookies.get(playerCookie(event.params.code));
		try {
			const input = parseAnswer(form);
			await submitAnswer(ctxOf(event), event.params.code, token, input);
			return { answered: input.position };
		} catch (error) {
			return failWith(error);
		}
	}
};
