import { redirect } from '@sveltejs/kit';
import { guestRegistrationSchema, registrationSchema, startSchema } from '$lib/schemas/contests';
import { parseForm } from '$lib/schemas/form';
import { playCtxOf, setGuestCookie } from '$lib/server/contests';
import { getContestPage, register, registerGuest, startAttempt } from '$lib/server/contests';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getContestPage(playCtxOf(event), Number(event.params.id)));
};

const signInFirst = (url: URL) =>
	redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(url.pathname)}`);

const REGISTERED = 'Đăng ký dự thi thành công. Chúc bạn thi tốt!';

export const actions: Actions = {
	register: async (event) => {
		const form = await event.request.formData();
		if (event.locals.actor) {
			const parsed = parseForm(registrationSchema, form);
			if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
			try {
				await register(ctxOf(event), Number(event.params.id), parsed.data);
			} catch (error) {
				return failWith(error, parsed.values);
			}
			return { success: REGISTERED };
		}
		// Without an account: a public contest registers a guest (a members one answers 401).
		const parsed = parseForm(guestRegistrationSchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const { token } = await registerGuest(
				playCtxOf(event),
				Number(event.params.id),
				parsed.data,
				{ address: event.getClientAddress() }
			);
			setGuestCookie(event, token);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: REGISTERED };
	},
	start: async (event) => {
		const ctx = playCtxOf(event);
		if (!ctx.actor && !ctx.guest) signInFirst(event.url);
		const parsed = parseForm(startSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let attemptId: number;
		try {
			({ attemptId } = await startAttempt(ctx, parsed.data.roundId, {
				prediction: parsed.data.prediction
			}));
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/cuoc-thi/${event.params.id}/bai/${attemptId}`);
	}
};
