import { redirect } from '@sveltejs/kit';
import { answersFromForm } from '$lib/schemas/contests';
import { getAttempt, saveAnswers, submitAttempt } from '$lib/server/contests';
import { playCtxOf } from '$lib/server/contests';
import { failWith, orErrorPage } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = playCtxOf(event);
	if (!ctx.actor && !ctx.guest)
		redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	const view = await orErrorPage(getAttempt(ctx, Number(event.params.attempt)));
	if (view.contest.id !== Number(event.params.id))
		redirect(303, `/cuoc-thi/${view.contest.id}/bai/${view.attempt.id}`);
	return { ...view, serverNow: ctx.now };
};

export const actions: Actions = {
	save: async (event) => {
		const answers = answersFromForm(await event.request.formData());
		try {
			await saveAnswers(playCtxOf(event), Number(event.params.attempt), answers);
		} catch (error) {
			return failWith(error);
		}
		return { success: `Đã lưu ${answers.length} câu trả lời.`, savedAt: new Date().toISOString() };
	},
	submit: async (event) => {
		const answers = answersFromForm(await event.request.formData());
		try {
			await submitAttempt(playCtxOf(event), Number(event.params.attempt), answers);
		} catch (error) {
			return failWith(error);
		}
		redirect(303, `/cuoc-thi/${event.params.id}/bai/${event.params.attempt}?da-nop=1`);
	}
};
