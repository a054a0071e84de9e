/**
 * The HTTP side of the read API: CORS for reads, a weak ETag with 304, a short public cache,
 * a per-address rate limit on the shared throttle table, and errors as JSON in Vietnamese.
 */
import { createHash } from 'node:crypto';
import {
	describeWait,
	judgeAttempt,
	lockThrottle,
	LONGEST_WINDOW_MS,
	purgeThrottles,
	recordFailure,
	saveThrottle
} from '$lib/server/auth';
import type { ThrottleLimits } from '$lib/server/auth';
import { antiAbuseKey, purgeDue } from '../antiabuse/repo';
import { hashAddress } from '../antiabuse/pow';
import type { Db } from '../db/client';
import { DomainError } from '../errors';

/** Requests per address per minute: a portal refreshing a widget stays far below it. */
export const apiLimits: ThrottleLimits = {
	slowAfter: 120,
	lockAfter: 120,
	windowMs: 60 * 1000,
	lockMs: 60 * 1000
};

export const CACHE_SECONDS = 60;

export const CORS_HEADERS: Readonly<Record<string, string>> = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, HEAD, OPTIONS',
	'access-control-allow-headers': 'If-None-Match',
	'access-control-expose-headers': 'ETag, Retry-After, Content-Disposition',
	'access-control-max-age': '86400'
};

/** A file the API serves (open data): bytes, type and name. */
export interface ApiFile {
	body: Uint8Array;
	contentType: string;
	filename: string;
}

export function isApiFile(value: unknown): value is ApiFile {
	return (
		!!value && typeof value === 'object' && 'body' in value && value.body instanceof Uint8Array
	);
}

export function jsonError(status: number, message: string, headers: Record<string, string> = {}) {
	return new Response(JSON.stringify({ message }), {
		status,
		headers: {
			...CORS_HEADERS,
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			...headers
		}
	});
}

/** The wait before this address may ask again, or null when it may now (and the ask is counted). */
export async function rateLimited(db: Db, address: string, now: Date): Promise<number | null> {
	const key = `api:${hashAddress(address, await antiAbuseKey(db))}`;
	// One row per address: the table is shared, so only rows past every throttle's window go.
	if (purgeDue('api-throttle', db, now))
		await purgeThrottles(db, new Date(now.getTime() - LONGEST_WINDOW_MS), now);
	return db.transaction(async (tx) => {
		const state = await lockThrottle(tx, key, now);
		const verdict = judgeAttempt(state, apiLimits, now);
		if (!verdict.allowed) return verdict.retryAfterMs;
		await saveThrottle(tx, key, recordFailure(state, apiLimits, now));
		return null;
	});
}

/** `W/"…"`: the body's hash, so equal answers compare equal on every node. */
export function weakEtag(body: Uint8Array): string {
	return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** The answer as a cacheable response: JSON or a file, or 304 when the client holds it already. */
export function cacheable(value: unknown, ifNoneMatch: string | null): Response {
	const file = isApiFile(value) ? value : null;
	const body = file ? file.body : new TextEncoder().encode(JSON.stringify(value));
	const etag = weakEtag(body);
	const headers: Record<string, string> = {
		...CORS_HEADERS,
		etag,
		'cache-control': `public, max-age=${CACHE_SECONDS}`,
		'content-type': file ? file.contentType : 'application/json; charset=utf-8'
	};
	if (file)
		headers['content-disposition'] =
			`attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`;
	if (matches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
	return new Response(body.slice().buffer, { status: 200, headers });
}

/** A domain refusal as JSON with its status; anything else is a bug and goes up. */
export function refusal(caught: unknown): Response {
	if (!(caught instanceof DomainError)) throw caught;
	const headers: Record<string, string> = {};
	if (caught.status === 429) headers['retry-after'] = String(15 * 60);
	return jsonError(caught.status, caught.message, headers);
}

export function tooMany(retryAfterMs: number): Response {
	return jsonError(
		429,
		`Bạn đã gửi quá nhiều yêu cầu tới API. Vui lòng thử lại sau ${describeWait(retryAfterMs)}.`,
		{ 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }
	);
}
