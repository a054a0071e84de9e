import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { createHmac } from 'node:crypto';
import { invalid } from '../errors';

/**
 * ALTCHA-style proof of work with no third party: the server signs a challenge (HMAC, with an
 * expiry inside its salt), the browser searches the number whose SHA-256 matches, and the
 * server checks the signature, the expiry and the hash. Spent challenges are stored (pow_used,
 * see ./repo) so a solution is accepted once. Used by anonymous votes and guest registrations.
 */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;
/** About 25k SHA-256 on average: well under a second on a phone. */
export const DEFAULT_MAX_NUMBER = 50_000;

export interface Challenge {
	algorithm: string;
	challenge: string;
	maxnumber?: number;
	salt: string;
	signature: string;
}

export async function issueChallenge(
	key: string,
	now: Date,
	maxnumber = DEFAULT_MAX_NUMBER
): Promise<Challenge> {
	return createChallenge({
		hmacKey: key,
		maxnumber,
		expires: new Date(now.getTime() + CHALLENGE_TTL_MS)
	});
}

export interface Verified {
	signature: string;
	expiresAt: Date;
}

/**
 * Checks a base64 payload `{algorithm, challenge, number, salt, signature}` against the key and
 * the server's clock. Returns what must be stored to refuse a replay, or null.
 */
export async function verifyPayload(
	payload: string,
	key: string,
	now: Date
): Promise<Verified | null> {
	if (payload.length > 2000) return null;
	let decoded: { salt?: unknown; signature?: unknown };
	try {
		decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
	} catch {
		return null;
	}
	if (typeof decoded.salt !== 'string' || typeof decoded.signature !== 'string') return null;
	const expires = Number(new URLSearchParams(decoded.salt.split('?')[1] ?? '').get('expires'));
	if (!Number.isFinite(expires) || expires <= 0) return null;
	const expiresAt = new Date(expires * 1000);
	// Expiry by the server's clock (the use case's `now`), not the library's own Date.now().
	if (expiresAt <= now) return null;
	const ok = await verifySolution(payload, key, false).catch(() => false);
	return ok ? { signature: decoded.signature, expiresAt } : null;
}

/** A keyed hash of the client address: equal addresses compare equal, the address is not kept. */
export function hashAddress(address: string, key: string): string {
	return createHmac('sha256', key).update(`addr:${address}`).digest('base64url').slice(0, 16);
}

const NO_PROOF =
	'Chưa có mã xác minh chống gian lận: trình duyệt cần bật JavaScript để gửi biểu mẫu này. Vui lòng bật JavaScript rồi thử lại, hoặc đăng nhập.';
const BAD_PROOF = 'Xác minh chống gian lận không hợp lệ hoặc đã hết hạn. Vui lòng thử lại.';

/**
 * The verified proof of a form sent without an account, or a Vietnamese 400 under the form's
 * `altcha` field. A missing payload is told apart: that is a browser without JavaScript.
 */
export async function requireProof(
	payload: string | undefined,
	key: string,
	now: Date
): Promise<Verified> {
	if (!payload) throw invalid(NO_PROOF, { altcha: [NO_PROOF] });
	const verified = await verifyPayload(payload, key, now);
	if (!verified)
		throw invalid(BAD_PROOF, { altcha: ['Xác minh chống gian lận không hợp lệ hoặc đã hết hạn.'] });
	return verified;
}

/** A proof that was already spent: the same solution twice is a replay. */
export function replayedProof() {
	return invalid('Mã xác minh này đã được dùng. Vui lòng thử lại.', {
		altcha: ['Mã xác minh đã được dùng.']
	});
}
