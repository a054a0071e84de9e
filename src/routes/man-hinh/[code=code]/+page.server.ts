import { ctxOf, orErrorPage } from '$lib/server/http';
import { joinQrSvg } from '$lib/server/live';
import { getScreenView } from '$lib/server/live';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const game = await orErrorPage(getScreenView(ctxOf(event), event.params.code));
	const joinUrl = `${event.url.origin}/choi/${game.code}`;
	return { game, joinUrl, qr: await joinQrSvg(joinUrl), receivedAt: Date.now() };
};
