import { redirect } from '@sveltejs/kit';
import { registrationSchema, startSchema } from '$lib/schemas/contests';
import { parseForm } from '$lib/schemas/form';
import { getContestPage, register, startAttempt } from '$lib/server/contests/service';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getContestPage(ctxOf(event), Number(event.params.id)));
};

const signInFirst = (url: URL) =>
	redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(url.pathname)}`);

export const actions: Actions = {
	register: async (event) => {
		if (!event.locals.actor) signInFirst(event.url);
		const parsed = parseForm(registrationSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await register(ctxOf(event), Number(event.params.id), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đăng ký dự thi thành công. Chúc bạn thi tốt!' };
	},
	start: async (event) => {
		if (!event.locals.actor) signInFirst(event.url);
		const parsed = parseForm(startSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let attemptId: number;
		try {
			({ attemptId } = await startAttempt(ctxOf(event), parsed.data.roundId, {
				prediction: parsed.data.prediction
			}));
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/cuoc-thi/${event.params.id}/bai/${attemptId}`);
	}
};
