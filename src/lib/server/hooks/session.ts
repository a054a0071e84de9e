import type { IncomingMessage } from 'node:http';
import type { Cookies, Handle } from '@sveltejs/kit';
import { parse, serialize } from 'cookie';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/client';
import { validateSessionToken } from '../auth';
import { getDatabase } from '../db';

export const SESSION_COOKIE = 'gs_session';

/** The session cookie's attributes, for SvelteKit's cookies and for node routes alike. */
const sessionCookie = (secure: boolean, expires: Date) =>
	({ path: '/', httpOnly: true, sameSite: 'lax', secure, expires }) as const;

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(SESSION_COOKIE, token, sessionCookie(url.protocol === 'https:', expiresAt));
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

/**
 * The same for a node route (answered before SvelteKit and this hook): the actor, and the
 * Set-Cookie header to send when the session slid or is gone, as `loadSession` would.
 */
export async function nodeSession(
	db: Db,
	req: IncomingMessage,
	secure: boolean,
	now: Date
): Promise<{
	actor: Actor | null;
	setCookie: string | null;
	cookies: Record<string, string | undefined>;
}> {
	const cookies = parse(req.headers.cookie ?? '');
	const token = cookies[SESSION_COOKIE];
	if (!token) return { actor: null, setCookie: null, cookies };
	const session = await validateSessionToken(db, token, now);
	if (!session)
		return {
			actor: null,
			setCookie: serialize(SESSION_COOKIE, '', sessionCookie(secure, new Date(0))),
			cookies
		};
	const setCookie = session.extended
		? serialize(SESSION_COOKIE, token, sessionCookie(secure, session.expiresAt))
		: null;
	return { actor: session.actor, setCookie, cookies };
}
