import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { Voter } from './service';

export const VOTER_COOKIE = 'gs_voter';

/**
 * The anonymous voter's browser token and address. With `issue`, a browser without a token gets
 * one (a year long, HTTP only): it ties a browser's ballots together, it identifies nobody.
 * Signed-in voters are keyed by their account, so routes pass `issue` only for anonymous ones.
 */
export function voterOf(
	event: Pick<RequestEvent, 'cookies' | 'url' | 'getClientAddress'>,
	issue = false
): Voter {
	let token = readToken(event.cookies);
	if (!token && issue) {
		token = randomBytes(16).toString('base64url');
		event.cookies.set(VOTER_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			maxAge: 365 * 24 * 3600
		});
	}
	return { token, address: event.getClientAddress() };
}

function readToken(cookies: Cookies): string | null {
	const value = cookies.get(VOTER_COOKIE);
	return value && /^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : null;
}
