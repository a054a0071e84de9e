import type { RequestEvent } from '@sveltejs/kit';
import { ctxOf } from '../http';
import type { PlayCtx } from './access';

/** Holds the guest's secret token; the database keeps only its SHA-256. */
export const GUEST_COOKIE = 'gs_thi';

/** The guest's token as the cookie carries it, or null when it is not one of ours. */
export const guestTokenOf = (value: string | undefined) =>
	value && /^[a-z2-7]{16,64}$/.test(value) ? value : null;

/** The play context: the signed-in actor, or the guest token from this browser's cookie. */
export function playCtxOf(event: Pick<RequestEvent, 'locals' | 'cookies'>): PlayCtx {
	const guest = guestTokenOf(event.cookies.get(GUEST_COOKIE));
	const ctx = ctxOf(event);
	return { ...ctx, guest, root: ctx.db };
}

/** A year long and HTTP only: losing it loses the way back to one's attempts, nothing else. */
export function setGuestCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string) {
	event.cookies.set(GUEST_COOKIE, token, {
		path: '/cuoc-thi',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: 365 * 24 * 3600
	});
}
