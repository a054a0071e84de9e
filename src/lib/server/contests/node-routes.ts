import type { IncomingMessage, ServerResponse } from 'node:http';
import { answersFromForm } from '$lib/schemas/contests';
import { formRecord } from '$lib/schemas/form';
import type { Db } from '../db/client';
import { DomainError } from '../errors';
import {
	actionFailure as failure,
	header,
	nodeWrite,
	sendAction,
	type WriteReplies
} from '../hooks/node-http';
import { observeNodeRequest } from '../hooks/observe';
import { nodeSession } from '../hooks/session';
import { submitAttempt } from './attempts';
import { GUEST_COOKIE, guestTokenOf } from './http';

// The page's "Nộp bài" as its enhanced form sends it (`use:enhance`: form-encoded, asking for
// JSON), the same action as `src/routes/cuoc-thi/[id=id]/bai/[attempt=id]` `?/submit`, which
// serves `vite dev`, the page without JavaScript and whatever this declines.
const SUBMIT_PATH = /^\/cuoc-thi\/([1-9][0-9]{0,9})\/bai\/([1-9][0-9]{0,9})\?\/submit$/;
const SUBMIT_ROUTE = '/cuoc-thi/[id=id]/bai/[attempt=id]';
/** A sheet of 200 questions with long typed answers is far below this. */
const MAX_SHEET_BYTES = 256 * 1024;

export interface ContestRouteOptions {
	/** Every origin the app answers at: writes from others are refused, as in the hooks. */
	origins: ReadonlySet<string>;
	db: Db;
	/** Whether the site is served over https (the session cookie's Secure flag). */
	secure: boolean;
	/** The server's clock (tests give their own). */
	clock?: () => Date;
}

/** As `formAction` answers `use:enhance`: a refusal field by field, an error as SvelteKit's. */
const replies: WriteReplies = {
	refuse: (res, { status, message, fieldErrors }, cookies) =>
		sendAction(res, failure(status, { message, errors: fieldErrors, values: {} }), 200, cookies),
	fail: (res, cookies) =>
		sendAction(
			res,
			{ type: 'error', error: { message: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.' } },
			500,
			cookies
		)
};

async function submit(
	req: IncomingMessage,
	res: ServerResponse,
	[contestId, attemptId]: [string, string],
	{ origins, db, secure, clock = () => new Date() }: ContestRouteOptions
) {
	const write = {
		origins,
		limit: MAX_SHEET_BYTES,
		tooLarge: 'Dữ liệu gửi lên quá lớn.',
		name: 'contest node route',
		replies
	};
	await nodeWrite(req, res, write, async (text, cookies) => {
		const now = clock();
		const session = await nodeSession(db, req, secure, now);
		if (session.setCookie) cookies.push(session.setCookie);
		const ctx = {
			db,
			actor: session.actor,
			now,
			guest: guestTokenOf(session.cookies[GUEST_COOKIE]),
			root: db
		};
		const fields = formRecord(new URLSearchParams(text));
		try {
			await submitAttempt(ctx, { attemptId, answers: answersFromForm(fields.raw) });
		} catch (error) {
			if (!(error instanceof DomainError)) throw error;
			// The sheet's fields come back with the refusal, as the page's action returns them.
			const data = { message: error.message, errors: error.fieldErrors, values: fields.values };
			return sendAction(res, failure(error.status, data), 200, cookies);
		}
		const location = `/cuoc-thi/${contestId}/bai/${attemptId}?da-nop=1`;
		sendAction(res, { type: 'redirect', status: 303, location }, 200, cookies);
	});
}

/**
 * The closing minutes of a round, when thousands submit at once, as a node route: the enhanced
 * submit only (JSON asked, form-encoded); the same use case, without SvelteKit's per-request work.
 */
export function contestNodeRoutes(options: ContestRouteOptions) {
	return [
		(req: IncomingMessage, res: ServerResponse): boolean => {
			if (req.method !== 'POST') return false;
			const match = SUBMIT_PATH.exec(req.url ?? '');
			if (!match) return false;
			if (!header(req, 'content-type')?.startsWith('application/x-www-form-urlencoded'))
				return false;
			if (header(req, 'accept') !== 'application/json') return false;
			const ids: [string, string] = [match[1]!, match[2]!];
			observeNodeRequest(req, res, SUBMIT_ROUTE, () => void submit(req, res, ids, options));
			return true;
		}
	];
}
