import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '$lib/shared/live';
import type { Db } from '../db/client';
import { DomainError } from '../errors';
import { SECURITY_HEADERS } from '../hooks/headers';
import { header, nodeWrite, sendJson, type WriteReplies } from '../hooks/node-http';
import { observeNodeRequest } from '../hooks/observe';
import { log } from '../log';
import { SSE_HEADERS } from '../realtime/sse';
import { answerReply, parseAnswer, playerCookie, type AnswerReply } from './http';
import { playerStream, submitAnswer } from './players';
import { liveStreamToNode } from './stream';

// The same paths as `src/routes/choi/[code=code]/tra-loi` and `…/su-kien`, whose handlers
// answer the same way (they serve `vite dev` and whatever these decline).
const CODE = `([${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}})`;
const ANSWER_PATH = new RegExp(`^/choi/${CODE}/tra-loi$`);
const STREAM_PATH = new RegExp(`^/choi/${CODE}/su-kien$`);
/** Their SvelteKit route ids: one latency series per path, whichever way it was served. */
const ANSWER_ROUTE = '/choi/[code=code]/tra-loi';
const STREAM_ROUTE = '/choi/[code=code]/su-kien';
/** An answer is a position and a choice or a short text: far below this. */
const MAX_ANSWER_BYTES = 4096;

export interface LiveRouteOptions {
	/** Every origin the app answers at (ORIGIN, EXTRA_ORIGINS): writes from others are refused, as in the hooks. */
	origins: ReadonlySet<string>;
	db: Db;
	/** The server's clock (tests give their own). */
	clock?: () => Date;
}

/** The options with the real clock when none was given. */
type Routes = Required<LiveRouteOptions>;

const sendReply = (res: ServerResponse, reply: AnswerReply) =>
	sendJson(res, reply.status, reply.body);

/** The phone reads `message` (and `errors`) of a refusal, as the SvelteKit route answers it. */
const replies: WriteReplies = {
	refuse: (res, { status, message, fieldErrors }) =>
		sendReply(res, {
			status,
			body: Object.keys(fieldErrors).length ? { message, errors: fieldErrors } : { message }
		}),
	fail: (res) =>
		sendReply(res, { status: 500, body: { message: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.' } })
};

async function answer(
	req: IncomingMessage,
	res: ServerResponse,
	code: string,
	{ origins, db, clock }: Routes
) {
	const write = {
		origins,
		limit: MAX_ANSWER_BYTES,
		tooLarge: 'Câu trả lời quá dài.',
		name: 'live node route',
		replies
	};
	await nodeWrite(req, res, write, async (text) => {
		const token = parseCookies(req.headers.cookie ?? '')[playerCookie(code)];
		const ctx = { db, actor: null, now: clock() };
		const reply = await answerReply(async () => {
			const input = parseAnswer(new URLSearchParams(text));
			await submitAnswer(ctx, { code, token, answer: input });
			return input.position;
		});
		sendReply(res, reply);
	});
}

/** A phone's event stream: 404 (before any header) when the cookie names no player here. */
async function stream(
	req: IncomingMessage,
	res: ServerResponse,
	code: string,
	{ db, clock }: Routes
) {
	try {
		const token = parseCookies(req.headers.cookie ?? '')[playerCookie(code)];
		const target = await playerStream({ db, actor: null, now: clock() }, code, token);
		// The phone left while its player was looked up: nothing to follow.
		if (req.socket.destroyed) return;
		res.writeHead(200, { ...SECURITY_HEADERS, ...SSE_HEADERS });
		liveStreamToNode(res, target);
	} catch (error) {
		if (!(error instanceof DomainError)) log().error({ err: error }, 'live node route failed');
		if (res.headersSent) return void res.destroy();
		const status = error instanceof DomainError ? error.status : 500;
		const message = error instanceof DomainError ? error.message : 'Đã có lỗi xảy ra.';
		res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
		res.end(message);
	}
}

/**
 * What a whole hall sends within the same second, as node routes: a form-encoded answer (what
 * the player page sends; anything else, like multipart or a query string, is left to
 * SvelteKit) and a phone's event stream.
 */
export function liveNodeRoutes({ clock = () => new Date(), ...rest }: LiveRouteOptions) {
	const options: Routes = { ...rest, clock };
	const answerRoute = (req: IncomingMessage, res: ServerResponse): boolean => {
		if (req.method !== 'POST') return false;
		const match = ANSWER_PATH.exec(req.url ?? '');
		if (!match) return false;
		if (!header(req, 'content-type')?.startsWith('application/x-www-form-urlencoded')) return false;
		observeNodeRequest(req, res, ANSWER_ROUTE, () => void answer(req, res, match[1]!, options));
		return true;
	};
	const streamRoute = (req: IncomingMessage, res: ServerResponse): boolean => {
		if (req.method !== 'GET') return false;
		const match = STREAM_PATH.exec(req.url ?? '');
		if (!match) return false;
		observeNodeRequest(req, res, STREAM_ROUTE, () => void stream(req, res, match[1]!, options));
		return true;
	};
	return [answerRoute, streamRoute];
}
