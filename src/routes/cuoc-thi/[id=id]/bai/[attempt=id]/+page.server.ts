import { redirect } from '@sveltejs/kit';
import { answersFromForm } from '$lib/schemas/contests';
import { formAction } from '$lib/server/adapters';
import { getAttempt, saveAnswers, submitAttempt } from '$lib/server/contests';
import { playCtxOf } from '$lib/server/contests';
import { orErrorPage, toSignIn } from '$lib/server/http';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = playCtxOf(event);
	if (!ctx.actor && !ctx.guest) toSignIn(event.url);
	const view = await orErrorPage(getAttempt(ctx, Number(event.params.attempt)));
	if (view.contest.id !== Number(event.params.id))
		redirect(303, `/cuoc-thi/${view.contest.id}/bai/${view.attempt.id}`);
	return { ...view, serverNow: ctx.now };
};

/** The attempt's answers from the form ("q<id>", "t<id>"), each checked once, here. */
const answersOf = (fields: Record<string, unknown>, event: RequestEvent) => ({
	attemptId: event.params.attempt,
	answers: answersFromForm(fields)
});

export const actions: Actions = {
	save: formAction(saveAnswers, {
		ctx: playCtxOf,
		input: answersOf,
		// Stamped with the request's `now`, as the answers were stored.
		done: ({ saved, savedAt }) => ({
			success: `Đã lưu ${saved} câu trả lời.`,
			savedAt: savedAt.toISOString()
		})
	}),
	submit: formAction(submitAttempt, {
		ctx: playCtxOf,
		input: answersOf,
		done: (_result, event: RequestEvent) =>
			redirect(303, `/cuoc-thi/${event.params.id}/bai/${event.params.attempt}?da-nop=1`)
	})
};
