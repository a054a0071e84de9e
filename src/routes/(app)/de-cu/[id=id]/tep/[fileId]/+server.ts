import { ctxOf, orErrorPage } from '$lib/server/http';
import { readDossierFile } from '$lib/server/nominations';
import type { RequestHandler } from './$types';

/** Evidence is served only through the dossier's permission check, never from static/. */
export const GET: RequestHandler = async (event) => {
	const file = await orErrorPage(
		readDossierFile(ctxOf(event), Number(event.params.id), event.params.fileId)
	);
	return new Response(new Uint8Array(file.bytes).slice().buffer, { headers: file.headers });
};
