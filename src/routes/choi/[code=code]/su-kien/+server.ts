import { ctxOf, orErrorPage } from '$lib/server/http';
import { playerCookie } from '$lib/server/live';
import { playerStream } from '$lib/server/live';
import { liveStream } from '$lib/server/live';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const token = event.cookies.get(playerCookie(event.params.code));
	return liveStream(await orErrorPage(playerStream(ctxOf(event), event.params.code, token)));
};
