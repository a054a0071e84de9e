import type { Cookies } from '@sveltejs/kit';

/** The player's secret for one game: httpOnly, so no script (and no other player) can read it. */
export const playerCookie = (code: string) => `gs_live_${code}`;

export function setPlayerCookie(cookies: Cookies, url: URL, code: string, token: string) {
	cookies.set(playerCookie(code), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 60 * 60 * 24
	});
}
