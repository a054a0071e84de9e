import { ctxOf, orErrorPage } from '$lib/server/http';
import { hostStream } from '$lib/server/live';
import { liveStream } from '$lib/server/live';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) =>
	liveStream(await orErrorPage(hostStream(ctxOf(event), event.params.code)));
