/** Pure rules for sessions and sign-in throttling. Time always comes in as an argument. */

export const SESSION_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

export function sessionExpiry(now: Date): Date {
	return new Date(now.getTime() + SESSION_DAYS * DAY);
}

/** Sliding expiry: a session used in the second half of its life is pushed back to 30 days. */
export function shouldExtendSession(expiresAt: Date, now: Date): boolean {
	return expiresAt.getTime() - now.getTime() < (SESSION_DAYS / 2) * DAY;
}

export function isSessionExpired(expiresAt: Date, now: Date): boolean {
	return expiresAt.getTime() <= now.getTime();
}

export interface ThrottleLimits {
	/** Failures after which each further attempt is slowed. */
	slowAfter: number;
	/** Failures within the window after which the key is locked. */
	lockAfter: number;
	/** Failures within the window after which each attempt needs a proof of work. */
	proofAfter?: number;
	windowMs: number;
	lockMs: number;
}

const MINUTE = 60 * 1000;

/**
 * One account guessed from one address: a stranger locks only themselves out, so the owner,
 * signing in from their own address, is never kept out by someone else's guesses.
 */
export const accountAddressLimits: ThrottleLimits = {
	slowAfter: 3,
	lockAfter: 5,
	windowMs: 15 * MINUTE,
	lockMs: 15 * MINUTE
};

// One address may sit behind a school's or an office's NAT: allow more before locking it.
export const addressLimits: ThrottleLimits = {
	slowAfter: 30,
	lockAfter: 100,
	windowMs: 15 * MINUTE,
	lockMs: 15 * MINUTE
};

/**
 * One account guessed from everywhere: never locked (that would hand anyone the power to keep
 * the owner out); past the ceiling every attempt costs a proof of work, the owner's included.
 */
export const accountLimits: ThrottleLimits = {
	slowAfter: Number.POSITIVE_INFINITY,
	lockAfter: Number.POSITIVE_INFINITY,
	proofAfter: 10,
	windowMs: 60 * MINUTE,
	lockMs: 0
};

/** Accounts created from one address in an hour (as many as guests a contest takes). */
export const registrationLimits: ThrottleLimits = {
	slowAfter: Number.POSITIVE_INFINITY,
	lockAfter: 20,
	windowMs: 60 * MINUTE,
	lockMs: 60 * MINUTE
};

/**
 * Password-reset requests from one address in an hour: a person who lost their password asks a
 * few times at most; more is someone walking through a list of addresses.
 */
export const resetAddressLimits: ThrottleLimits = {
	slowAfter: Number.POSITIVE_INFINITY,
	lockAfter: 5,
	windowMs: 60 * MINUTE,
	lockMs: 60 * MINUTE
};

/** Reset messages one account receives in an hour, from anywhere: nobody floods a mailbox. */
export const resetAccountLimits: ThrottleLimits = {
	slowAfter: Number.POSITIVE_INFINITY,
	lockAfter: 3,
	windowMs: 60 * MINUTE,
	lockMs: 60 * MINUTE
};

/** A new verification message only this long after the last one (it may just be slow to arrive). */
export const VERIFICATION_RESEND_MS = 2 * MINUTE;

/** No key's failures count longer than this: older rows with no running lock carry nothing. */
export const LONGEST_WINDOW_MS = 60 * MINUTE;

export interface ThrottleState {
	failures: number;
	windowStartedAt: Date;
	lockedUntil: Date | null;
}

export type ThrottleVerdict =
	| { allowed: true; delayMs: number; needsProof: boolean }
	| { allowed: false; retryAfterMs: number };

/**
 * Before checking a password: is this key locked, how long should the answer be held back,
 * and must the attempt bring a proof of work?
 */
export function judgeAttempt(
	state: ThrottleState | null,
	limits: ThrottleLimits,
	now: Date
): ThrottleVerdict {
	if (!state) return { allowed: true, delayMs: 0, needsProof: false };
	if (state.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
		return { allowed: false, retryAfterMs: state.lockedUntil.getTime() - now.getTime() };
	}
	const inWindow = now.getTime() - state.windowStartedAt.getTime() < limits.windowMs;
	const failures = inWindow ? state.failures : 0;
	const over = failures - limits.slowAfter + 1;
	return {
		allowed: true,
		delayMs: over > 0 ? Math.min(over * 1000, 5000) : 0,
		needsProof: limits.proofAfter !== undefined && failures >= limits.proofAfter
	};
}

/** After a failed attempt: the next state of the key. */
export function recordFailure(
	state: ThrottleState | null,
	limits: ThrottleLimits,
	now: Date
): ThrottleState {
	const fresh = !state || now.getTime() - state.windowStartedAt.getTime() >= limits.windowMs;
	const failures = fresh ? 1 : state.failures + 1;
	const windowStartedAt = fresh ? now : state.windowStartedAt;
	const lockedUntil = failures >= limits.lockAfter ? new Date(now.getTime() + limits.lockMs) : null;
	return { failures, windowStartedAt, lockedUntil };
}

/**
 * After a successful sign-in from a shared address: take back the attempt charged up front, so a
 * hall of students signing in from one school network never locks it.
 */
export function refundAttempt(state: ThrottleState, limits: ThrottleLimits): ThrottleState {
	const failures = Math.max(0, state.failures - 1);
	return {
		...state,
		failures,
		lockedUntil: failures >= limits.lockAfter ? state.lockedUntil : null
	};
}

/** "15 phút" — how long until the lock lifts, rounded up to whole minutes. */
export function describeWait(ms: number): string {
	return `${Math.max(1, Math.ceil(ms / 60000))} phút`;
}
