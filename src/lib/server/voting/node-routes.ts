import type { IncomingMessage, ServerResponse } from 'node:http';
import { serialize } from 'cookie';
import { formRecord } from '$lib/schemas/form';
import type { Db } from '../db/client';
import { DomainError } from '../errors';
import {
	actionFailure,
	actionSuccess,
	clientAddress,
	cookieHeaders,
	header,
	nodeWrite,
	sendAction,
	sendJson,
	type WriteReplies
} from '../hooks/node-http';
import { observeNodeRequest } from '../hooks/observe';
import { nodeSession } from '../hooks/session';
import { castVote, type CastResult } from './cast';
import { newVoterToken, VOTER_COOKIE, voterCookie, voteFormSuccess, voterTokenOf } from './http';

// A poll's busiest minutes (a shortlist announced on television) as node routes: the JSON
// endpoint (`src/routes/api/binh-chon/[id=id]/phieu`) and the page's enhanced "Bình chọn"
// (`?/vote` of `/binh-chon/[id]` and of its frame `/nhung/binh-chon/[id]`), answered before
// SvelteKit with the same use case. SvelteKit keeps `vite dev`, the page without JavaScript and
// whatever these decline.
const API_PATH = /^\/api\/binh-chon\/([1-9][0-9]{0,9})\/phieu$/;
const FORM_PATH = /^(\/nhung)?\/binh-chon\/([1-9][0-9]{0,9})\?\/vote$/;
const API_ROUTE = '/api/binh-chon/[id=id]/phieu';
const FORM_ROUTES = { page: '/binh-chon/[id=id]', frame: '/(embed)/nhung/binh-chon/[id=id]' };
/** Ten option ids and a proof of work take under a kilobyte. */
const MAX_BALLOT_BYTES = 16 * 1024;
const TOO_LARGE = 'Dữ liệu gửi lên quá lớn.';
const BAD_INPUT = 'Dữ liệu gửi lên không hợp lệ.';
const SERVER_ERROR = 'Đã có lỗi xảy ra. Vui lòng thử lại sau.';

export interface VotingRouteOptions {
	/** Every origin the app answers at: writes from others are refused, as in the hooks. */
	origins: ReadonlySet<string>;
	db: Db;
	/** Whether the site is served over https (the cookies' Secure flag). */
	secure: boolean;
	/** The server's clock (tests give their own). */
	clock?: () => Date;
}

/** How the ballot came and how it is answered: the endpoint's JSON, or an action's result. */
interface Transport extends WriteReplies {
	fields(text: string): Record<string, unknown>;
	done(res: ServerResponse, result: CastResult, cookies: string[]): void;
}

/** As `jsonAction` answers: 201 with the result; a refusal `{ message, errors }` with its status. */
const jsonTransport: Transport = {
	fields(text) {
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			throw new DomainError(400, BAD_INPUT);
		}
		return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
	},
	done: (res, result, cookies) => sendJson(res, 201, result, cookieHeaders(cookies)),
	refuse: (res, error, cookies) =>
		sendJson(
			res,
			error.status,
			{ message: error.message, errors: error.fieldErrors },
			cookieHeaders(cookies)
		),
	fail: (res, cookies) => sendJson(res, 500, { message: SERVER_ERROR }, cookieHeaders(cookies))
};

/** As `formAction(castVote, voteForm)` answers `use:enhance`; a ballot's choices are not echoed. */
const formTransport: Transport = {
	fields: (text) => formRecord(new URLSearchParams(text)).raw,
	done: (res, result, cookies) =>
		sendAction(res, actionSuccess(voteFormSuccess(result)), 200, cookies),
	refuse: (res, error, cookies) =>
		sendAction(
			res,
			actionFailure(error.status, {
				message: error.message,
				errors: error.fieldErrors,
				values: {}
			}),
			200,
			cookies
		),
	fail: (res, cookies) =>
		sendAction(res, { type: 'error', error: { message: SERVER_ERROR } }, 500, cookies)
};

async function vote(
	req: IncomingMessage,
	res: ServerResponse,
	pollId: string,
	address: string,
	transport: Transport,
	{ origins, db, secure, clock = () => new Date() }: VotingRouteOptions
) {
	const write = {
		origins,
		limit: MAX_BALLOT_BYTES,
		tooLarge: TOO_LARGE,
		name: 'voting node route',
		replies: transport
	};
	await nodeWrite(req, res, write, async (text, cookies) => {
		const now = clock();
		const session = await nodeSession(db, req, secure, now);
		if (session.setCookie) cookies.push(session.setCookie);
		const fields = transport.fields(text);
		// As `voterOf(event, !actor)`: an anonymous browser without a token is given one.
		let token = voterTokenOf(session.cookies[VOTER_COOKIE]);
		if (!token && !session.actor) {
			token = newVoterToken();
			cookies.push(serialize(VOTER_COOKIE, token, voterCookie(secure)));
		}
		const input = { ...fields, id: pollId, voter: { token, address } };
		const result = await castVote({ db, actor: session.actor, now }, input);
		transport.done(res, result, cookies);
	});
}

/** Which transport and route a request is for, or null when SvelteKit should answer it. */
function routeOf(req: IncomingMessage) {
	if (req.method !== 'POST') return null;
	const url = req.url ?? '';
	const type = header(req, 'content-type') ?? '';
	const api = API_PATH.exec(url);
	if (api) {
		if (!type.startsWith('application/json')) return null;
		return { pollId: api[1]!, transport: jsonTransport, route: API_ROUTE };
	}
	const form = FORM_PATH.exec(url);
	if (!form) return null;
	if (!type.startsWith('application/x-www-form-urlencoded')) return null;
	if (header(req, 'accept') !== 'application/json') return null;
	const route = form[1] ? FORM_ROUTES.frame : FORM_ROUTES.page;
	return { pollId: form[2]!, transport: formTransport, route };
}

/** The vote's node routes: the same use case as the endpoint's and the form's, fewer steps. */
export function votingNodeRoutes(options: VotingRouteOptions) {
	return [
		(req: IncomingMessage, res: ServerResponse): boolean => {
			const taken = routeOf(req);
			// Where adapter-node could not tell the address, its own error answers (as before).
			const address = taken && clientAddress(req);
			if (!taken || !address) return false;
			const { pollId, transport, route } = taken;
			observeNodeRequest(
				req,
				res,
				route,
				() => void vote(req, res, pollId, address, transport, options)
			);
			return true;
		}
	];
}
