import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { playCtxOf, setGuestCookie } from '$lib/server/contests';
import {
	getContestPage,
	register,
	registerGuest,
	setResultsMail,
	startAttempt
} from '$lib/server/contests';
import { orErrorPage, toSignIn } from '$lib/server/http';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getContestPage(playCtxOf(event), Number(event.params.id)));
};

const signInFirst = (url: URL) => toSignIn(url);

const REGISTERED = 'Đăng ký dự thi thành công. Chúc bạn thi tốt!';

export const actions: Actions = {
	register: (event) =>
		event.locals.actor
			? formAction(register, {
					input: (fields, event: RequestEvent) => ({ ...fields, contestId: event.params.id }),
					done: () => ({ success: REGISTERED })
				})(event)
			: // Without an account: a public contest registers a guest (a members one answers 401).
				formAction(registerGuest, {
					ctx: playCtxOf,
					input: (fields, event: RequestEvent) => ({
						...fields,
						contestId: event.params.id,
						address: event.getClientAddress()
					}),
					done: ({ token }, event) => {
						setGuestCookie(event, token);
						return { success: REGISTERED };
					}
				})(event),
	resultsMail: formAction(setResultsMail, {
		ctx: playCtxOf,
		input: (fields, event: RequestEvent) => ({ ...fields, contestId: event.params.id }),
		done: (address) => ({
			success: address
				? `Kết quả từng tuần thi sẽ được gửi tới ${address}.`
				: 'Đã ngừng gửi kết quả qua email.'
		})
	}),
	start: (event) => {
		const ctx = playCtxOf(event);
		if (!ctx.actor && !ctx.guest) signInFirst(event.url);
		return formAction(startAttempt, {
			ctx: () => ctx,
			done: ({ attemptId }, event: RequestEvent) =>
				redirect(303, `/cuoc-thi/${event.params.id}/bai/${attemptId}`)
		})(event);
	}
};
