import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { openBackup } from '$lib/server/backups';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { RequestHandler } from './$types';

// A backup may be hundreds of megabytes: streamed from the disk, never read whole.
export const GET: RequestHandler = async (event) => {
	const file = await orErrorPage(openBackup(ctxOf(event), event.params.name));
	const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
	return new Response(body, {
		headers: {
			'content-type': file.engine === 'pglite' ? 'application/gzip' : 'application/octet-stream',
			'content-length': String(file.bytes),
			'content-disposition': `attachment; filename="${file.name}"`,
			'cache-control': 'no-store'
		}
	});
};
