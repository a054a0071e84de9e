/** What the app's node routes (answered before SvelteKit under `npm start`) share. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as devalue from 'devalue';
import { DomainError } from '../errors';
import type { FormFailure } from '../http';
import { log } from '../log';
import { CROSS_SITE_MESSAGE, refusesWrite } from './cross-site';
import { SECURITY_HEADERS } from './headers';

/** A JSON answer with the security headers every page carries; never cached. */
export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string | readonly string[]> = {}
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

/** SvelteKit's answer to an enhanced form (`ActionResult`), which `deserialize` reads. */
export type ActionJson =
	| { type: 'success'; status: number; data: string }
	| { type: 'redirect'; status: number; location: string }
	| { type: 'failure'; status: number; data: string }
	| { type: 'error'; error: { message: string } };

/** An action's data as SvelteKit encodes it (devalue; the app declares no transport hooks). */
export const actionSuccess = (data: unknown): ActionJson => ({
	type: 'success',
	status: 200,
	data: devalue.stringify(data)
});

/** A refusal as `formAction` answers it: the page shows it field by field. */
export const actionFailure = (status: number, data: FormFailure): ActionJson => ({
	type: 'failure',
	status,
	data: devalue.stringify(data)
});

/** An action's answer is always a 200 but for an error; cookies ride along as SvelteKit's do. */
export const sendAction = (
	res: ServerResponse,
	result: ActionJson,
	status = 200,
	cookies: readonly string[] = []
) => sendJson(res, status, result, cookieHeaders(cookies));

/** Set-Cookie for the cookies a route sets, none at all when it sets none. */
export const cookieHeaders = (cookies: readonly string[]): Record<string, readonly string[]> =>
	cookies.length ? { 'set-cookie': cookies } : {};

/**
 * The client's address as adapter-node's `getClientAddress` gives it (ADDRESS_HEADER and
 * XFF_DEPTH, read as it reads them); null where adapter-node would fail the request, so the
 * route can leave it to SvelteKit.
 */
export function clientAddress(req: IncomingMessage): string | null {
	const name = (process.env.ADDRESS_HEADER ?? '').toLowerCase();
	if (!name) return req.socket.remoteAddress ?? null;
	if (!(name in req.headers)) return null;
	const value = header(req, name) ?? '';
	if (name !== 'x-forwarded-for') return value;
	const depth = parseInt(process.env.XFF_DEPTH ?? '1');
	const addresses = value.split(',');
	if (!(depth >= 1) || depth > addresses.length) return null;
	return addresses[addresses.length - depth]!.trim();
}

/** Whether a node route must refuse this write as the hooks would (`refusesWrite`). */
export const refusesNodeWrite = (req: IncomingMessage, origins: ReadonlySet<string>) =>
	refusesWrite(
		{
			method: req.method ?? 'GET',
			path: (req.url ?? '/').split('?')[0]!,
			contentType: header(req, 'content-type'),
			origin: header(req, 'origin'),
			fetchSite: header(req, 'sec-fetch-site')
		},
		origins
	);

/** A refusal as a use case throws it (`DomainError`) or as `nodeWrite` makes it. */
export type Refusal = Pick<DomainError, 'message' | 'fieldErrors'> & { status: number };

/** How a node route's write is answered, in its own shape, when it does not succeed. */
export interface WriteReplies {
	refuse(res: ServerResponse, refusal: Refusal, cookies: readonly string[]): void;
	/** An unexpected error, already logged: the route's 500. */
	fail(res: ServerResponse, cookies: readonly string[]): void;
}

export interface WriteOptions {
	/** Every origin the app answers at: writes from others are refused, as in the hooks. */
	origins: ReadonlySet<string>;
	/** Bytes of body the write may have. */
	limit: number;
	/** What a longer body is told. */
	tooLarge: string;
	/** The route, in the log line of an unexpected error. */
	name: string;
	replies: WriteReplies;
}

/**
 * What every node route's write does around its use case, in the hooks' order: another site is
 * refused (403); the body is read up to `limit` (past it 413, and the connection ends with the
 * reply, as unread bytes would be taken for the next request); then `work` runs with the body's
 * text and the cookies it sets. A DomainError it throws is refused with its status; anything else
 * is logged and answered 500, once.
 */
export async function nodeWrite(
	req: IncomingMessage,
	res: ServerResponse,
	{ origins, limit, tooLarge, name, replies }: WriteOptions,
	work: (text: string, cookies: string[]) => Promise<void>
): Promise<void> {
	const cookies: string[] = [];
	const refuse = (status: number, message: string) =>
		replies.refuse(res, { status, message, fieldErrors: {} }, cookies);
	try {
		if (refusesNodeWrite(req, origins)) return refuse(403, CROSS_SITE_MESSAGE);
		const body = await readBody(req, limit);
		if ('gone' in body) return;
		if ('tooLarge' in body) {
			res.shouldKeepAlive = false;
			return refuse(413, tooLarge);
		}
		await work(body.text, cookies);
	} catch (error) {
		if (res.headersSent) return void log().error({ err: error }, `${name} failed after its reply`);
		if (error instanceof DomainError) return replies.refuse(res, error, cookies);
		log().error({ err: error }, `${name} failed`);
		replies.fail(res, cookies);
	}
}
