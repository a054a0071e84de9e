import { ctxOf, orErrorPage } from '$lib/server/http';
import { readFinalistPhoto } from '$lib/server/judging';
import type { RequestHandler } from './$types';

/** A shortlisted model's photo, public like the shortlist itself. */
export const GET: RequestHandler = async (event) => {
	const file = await orErrorPage(
		readFinalistPhoto(
			ctxOf(event),
			Number(event.params.id),
			Number(event.params.nomination),
			event.params.fileId
		)
	);
	return new Response(new Uint8Array(file.bytes).slice().buffer, { headers: file.headers });
};
