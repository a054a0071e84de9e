import type { Cookies, Handle } from '@sveltejs/kit';
import { validateSessionToken } from '../auth';
import { getDatabase } from '../db';

export const SESSION_COOKIE = 'gs_session';

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL) {
	cookies.delete(SESSION_COOKIE, { path: '/', secure: url.protocol === 'https:' });
}

/** Puts the signed-in actor (or null) on locals; refreshes the cookie when the session slid. */
export const loadSession: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSessionToken(getDatabase().db, token, new Date());
		if (session) {
			event.locals.actor = session.actor;
			event.locals.sessionId = session.sessionId;
			if (session.extended) setSessionCookie(event.cookies, event.url, token, session.expiresAt);
		} else {
			clearSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};
