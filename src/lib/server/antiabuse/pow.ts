import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, invalid } from '../errors';

/**
 * ALTCHA-style proof of work with no third party: the server signs a challenge (HMAC, with an
 * expiry inside its salt), the browser searches the number whose SHA-256 matches, and the
 * server checks the signature, the expiry and the hash. Spent challenges are stored (pow_used,
 * see ./repo) so a solution is accepted once. Used by anonymous votes, guest registrations,
 * account registration and sign-in to an account under attack.
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

/**
 * A browser without JavaScript solves no proof of work, yet some forms must still work without
 * it (creating an account, signing in). Their page carries a signed ticket instead: good once
 * (spent like a proof), and only from TICKET_MIN_AGE_MS after the page was served, which a
 * person filling the form never notices and a script posting at once cannot skip.
 */
export const TICKET_MIN_AGE_MS = 5_000;
/** Long enough to fill a form at leisure; spent tickets are kept until then. */
export const TICKET_TTL_MS = 60 * 60 * 1000;

function ticketMac(body: string, key: string): string {
	return createHmac('sha256', key).update(`ticket:${body}`).digest('base64url');
}

/** A ticket for a form served now: "<issued ms>.<nonce>.<signature>". */
export function issueTicket(key: string, now: Date): string {
	const body = `${now.getTime()}.${randomBytes(12).toString('base64url')}`;
	return `${body}.${ticketMac(body, key)}`;
}

/** The ticket's spent-store entry while it is good, 'early' before then, else null. */
export function verifyTicket(ticket: string, key: string, now: Date): Verified | 'early' | null {
	const parts = ticket.split('.');
	if (parts.length !== 3 || ticket.length > 200) return null;
	const [issued, nonce, mac] = parts as [string, string, string];
	const expected = Buffer.from(ticketMac(`${issued}.${nonce}`, key));
	const given = Buffer.from(mac);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	const issuedAt = Number(issued);
	if (!Number.isSafeInteger(issuedAt)) return null;
	const expiresAt = new Date(issuedAt + TICKET_TTL_MS);
	if (expiresAt <= now) return null;
	if (now.getTime() < issuedAt + TICKET_MIN_AGE_MS) return 'early';
	return { signature: `ticket:${mac}`, expiresAt };
}

/** What a form of the public may carry to show a person sent it. */
export interface HumanProofOffer {
	/** A proof of work solved by the browser's script. */
	altcha?: string;
	/** The signed ticket of the page, for a browser without JavaScript. */
	ticket?: string;
}

const NO_OFFER = 'Thiếu mã xác minh chống gian lận. Vui lòng tải lại trang rồi gửi lại biểu mẫu.';
const EARLY_TICKET =
	'Biểu mẫu được gửi quá nhanh sau khi mở trang. Vui lòng chờ vài giây rồi gửi lại.';
const BAD_TICKET = 'Mã xác minh của trang đã hết hạn hoặc không hợp lệ. Vui lòng gửi lại biểu mẫu.';

/**
 * The verified proof of work, or else the page's ticket, or the Vietnamese refusal (under the
 * form's `altcha` field) saying what to do. A solved proof wins when both come.
 */
export async function checkHumanProof(
	offer: HumanProofOffer,
	key: string,
	now: Date
): Promise<Verified | DomainError> {
	try {
		if (offer.altcha) return await requireProof(offer.altcha, key, now);
	} catch (refusal) {
		if (refusal instanceof DomainError) return refusal;
		throw refusal;
	}
	if (!offer.ticket) return invalid(NO_OFFER, { altcha: [NO_OFFER] });
	const ticket = verifyTicket(offer.ticket, key, now);
	if (ticket === 'early') return invalid(EARLY_TICKET, { altcha: [EARLY_TICKET] });
	return ticket ?? invalid(BAD_TICKET, { altcha: [BAD_TICKET] });
}

/** As checkHumanProof, throwing the refusal. */
export async function requireHumanProof(
	offer: HumanProofOffer,
	key: string,
	now: Date
): Promise<Verified> {
	const checked = await checkHumanProof(offer, key, now);
	if (checked instanceof DomainError) throw checked;
	return checked;
}

/** A proof that was already spent: the same solution twice is a replay. */
export function replayedProof() {
	return invalid('Mã xác minh này đã được dùng. Vui lòng thử lại.', {
		altcha: ['Mã xác minh đã được dùng.']
	});
}
