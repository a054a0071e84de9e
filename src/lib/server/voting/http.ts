import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import type { CastResult, Voter } from './cast';

export const VOTER_COOKIE = 'gs_voter';

/** A year long, HTTP only: it ties a browser's ballots together, it identifies nobody. */
export const voterCookie = (secure: boolean) =>
	({ path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 24 * 3600 }) as const;

/** The cookie's token when it has the shape we issue, else null. */
export const voterTokenOf = (value: string | undefined): string | null =>
	value && /^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : null;

export const newVoterToken = () => randomBytes(16).toString('base64url');

/**
 * The anonymous voter's browser token and address. With `issue`, a browser without a token gets
 * one. Signed-in voters are keyed by their account, so routes pass `issue` only for anonymous ones.
 */
export function voterOf(
	event: Pick<RequestEvent, 'cookies' | 'url' | 'getClientAddress'>,
	issue = false
): Voter {
	let token = voterTokenOf(event.cookies.get(VOTER_COOKIE));
	if (!token && issue) {
		token = newVoterToken();
		setVoterCookie(event.cookies, event.url, token);
	}
	return { token, address: event.getClientAddress() };
}

function setVoterCookie(cookies: Cookies, url: URL, token: string) {
	cookies.set(VOTER_COOKIE, token, voterCookie(url.protocol === 'https:'));
}

/** What the vote form answers on success, from the page's action and its node route alike. */
export const voteFormSuccess = (result: CastResult) => ({
	success: 'Phiếu của bạn đã được ghi nhận. Cảm ơn bạn đã tham gia bình chọn!',
	trackingCode: result.trackingCode,
	castAt: result.castAt.toISOString(),
	nextVoteAt: result.nextVoteAt?.toISOString() ?? null
});
