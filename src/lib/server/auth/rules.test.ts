import { describe, expect, it } from 'vitest';
import {
	accountLimits,
	describeWait,
	isSessionExpired,
	judgeAttempt,
	recordFailure,
	sessionExpiry,
	shouldExtendSession,
	type ThrottleState
} from './rules';

const t0 = new Date('2026-11-25T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const DAY = 86_400_000;

describe('session lifetime', () => {
	it('lasts 30 days and slides only in its second half', () => {
		const expires = sessionExpiry(t0);
		expect(expires.getTime() - t0.getTime()).toBe(30 * DAY);
		expect(shouldExtendSession(expires, at(14 * DAY))).toBe(false);
		expect(shouldExtendSession(expires, at(16 * DAY))).toBe(true);
	});

	it('is expired at its expiry instant, not a millisecond later', () => {
		const expires = at(1000);
		expect(isSessionExpired(expires, at(999))).toBe(false);
		expect(isSessionExpired(expires, at(1000))).toBe(true);
	});
});

describe('sign-in throttling', () => {
	function failTimes(n: number, start = t0): ThrottleState | null {
		let state: ThrottleState | null = null;
		for (let i = 0; i < n; i++)
			state = recordFailure(state, accountLimits, new Date(start.getTime() + i * 1000));
		return state;
	}

	it('answers at once for the first failures, then slows down', () => {
		expect(judgeAttempt(failTimes(2), accountLimits, at(5000))).toEqual({
			allowed: true,
			delayMs: 0
		});
		expect(judgeAttempt(failTimes(3), accountLimits, at(5000))).toEqual({
			allowed: true,
			delayMs: 1000
		});
		expect(judgeAttempt(failTimes(4), accountLimits, at(5000))).toEqual({
			allowed: true,
			delayMs: 2000
		});
	});

	it('locks after the fifth failure for fifteen minutes', () => {
		const state = failTimes(5);
		const verdict = judgeAttempt(state, accountLimits, at(10_000));
		expect(verdict.allowed).toBe(false);
		expect(judgeAttempt(state, accountLimits, at(4000 + 15 * 60_000 + 1)).allowed).toBe(true);
	});

	it('forgets failures older than the window', () => {
		const state = failTimes(4);
		const later = at(16 * 60_000);
		expect(judgeAttempt(state, accountLimits, later)).toEqual({ allowed: true, delayMs: 0 });
		expect(recordFailure(state, accountLimits, later).failures).toBe(1);
	});

	it('says the wait in whole minutes', () => {
		expect(describeWait(61_000)).toBe('2 phút');
		expect(describeWait(5)).toBe('1 phút');
	});
});

import { addressLimits, refundAttempt } from './rules';

describe('refunding an address after a successful sign-in', () => {
	it('takes back one attempt and lifts a lock that no longer holds', () => {
		const locked = {
			failures: addressLimits.lockAfter,
			windowStartedAt: t0,
			lockedUntil: at(60_000)
		};
		const refunded = refundAttempt(locked, addressLimits);
		expect(refunded.failures).toBe(addressLimits.lockAfter - 1);
		expect(refunded.lockedUntil).toBeNull();
		expect(
			refundAttempt({ failures: 0, windowStartedAt: t0, lockedUntil: null }, addressLimits).failures
		).toBe(0);
	});
});
