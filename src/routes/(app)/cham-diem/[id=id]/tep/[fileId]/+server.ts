import { ctxOf, orErrorPage } from '$lib/server/http';
import { readAssignedFile } from '$lib/server/judging';
import type { RequestHandler } from './$types';

/** A judge reads the evidence of a dossier given to them, through their assignment. */
export const GET: RequestHandler = async (event) => {
	const file = await orErrorPage(
		readAssignedFile(ctxOf(event), Number(event.params.id), event.params.fileId)
	);
	return new Response(new Uint8Array(file.bytes).slice().buffer, { headers: file.headers });
};
