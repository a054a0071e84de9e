/** What the app's node routes (answered before SvelteKit under `npm start`) share. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './headers';

/** A JSON answer with the security headers every page carries; never cached. */
export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...SECURITY_HEADERS,
		...headers,
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store'
	});
	res.end(text);
}

export type Body = { text: string } | { tooLarge: true } | { gone: true };

/** The body as text; past `limit` bytes the rest is not read (the reply closes the connection). */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) return void chunks.push(chunk);
			req.off('data', onData);
			req.pause();
			resolve({ tooLarge: true });
		};
		req.on('data', onData);
		req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8') }));
		// The client went away mid-body: nothing to store, no one to answer.
		req.on('error', () => resolve({ gone: true }));
		req.on('close', () => resolve({ gone: true }));
	});
}

export function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}
