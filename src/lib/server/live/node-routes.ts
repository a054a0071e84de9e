import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '$lib/shared/live';
import type { Db } from '../db/client';
import { DomainError } from '../errors';
import { CROSS_SITE_MESSAGE, isCrossSiteWrite } from '../hooks/cross-site';
import { SECURITY_HEADERS } from '../hooks/headers';
import { answerFromForm, answerReply, playerCookie, type AnswerReply } from './http';

// The same path as `src/routes/choi/[code=code]/tra-loi`, whose handler answers the same way.
const ANSWER_PATH = new RegExp(`^/choi/([${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}})/tra-loi$`);
/** An answer is a position and a choice or a short text: far below this. */
const MAX_ANSWER_BYTES = 4096;

export interface AnswerRouteOptions {
	/** The app's public origin (ORIGIN): writes from any other are refused, as in the hooks. */
	origin: string;
	db: Db;
}

function send(res: ServerResponse, reply: AnswerReply) {
	const body = JSON.stringify(reply.body);
	res.writeHead(reply.status, {
		...SECURITY_HEADERS,
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
		'cache-control': 'no-store'
	});
	res.end(body);
}

/** The body as text, or null past `limit` bytes (the rest is not read: the reply closes). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) return void chunks.push(chunk);
			req.off('data', onData);
			req.pause();
			resolve(null);
		};
		req.on('data', onData);
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

async function answer(
	req: IncomingMessage,
	res: ServerResponse,
	code: string,
	{ origin, db }: AnswerRouteOptions
) {
	try {
		if (isCrossSiteWrite('POST', req.headers.origin, header(req, 'sec-fetch-site'), origin))
			return send(res, { status: 403, body: { message: CROSS_SITE_MESSAGE } });
		const body = await readBody(req, MAX_ANSWER_BYTES);
		if (body === null) return send(res, { status: 413, body: { message: 'Câu trả lời quá dài.' } });
		const token = parseCookies(req.headers.cookie ?? '')[playerCookie(code)];
		const ctx = { db, actor: null, now: new Date() };
		send(res, await answerReply(() => answerFromForm(ctx, code, token, new URLSearchParams(body))));
	} catch (error) {
		if (!(error instanceof DomainError)) console.error(error);
		if (!res.headersSent)
			send(res, { status: 500, body: { message: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.' } });
	}
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * `POST /choi/[code]/tra-loi` as a node route: a form-encoded answer (what the player page
 * sends) is taken here; anything else (multipart, a query string) is left to SvelteKit.
 */
export function liveAnswerRoute(options: AnswerRouteOptions) {
	return (req: IncomingMessage, res: ServerResponse): boolean => {
		if (req.method !== 'POST') return false;
		const match = ANSWER_PATH.exec(req.url ?? '');
		if (!match) return false;
		if (!header(req, 'content-type')?.startsWith('application/x-www-form-urlencoded')) return false;
		void answer(req, res, match[1]!, options);
		return true;
	};
}
