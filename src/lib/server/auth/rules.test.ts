import { describe, expect, it } from 'vitest';
import {
	accountAddressLimits,
	accountLimits,
	addressLimits,
	describeWait,
	isSessionExpired,
	judgeAttempt,
	recordFailure,
	refundAttempt,
	registrationLimits,
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
	function failTimes(n: number, limits = accountAddressLimits): ThrottleState | null {
		let state: ThrottleState | null = null;
		for (let i = 0; i < n; i++)
			state = recordFailure(state, limits, new Date(t0.getTime() + i * 1000));
		return state;
	}

	it('answers at once for the first failures on an account from one address, then slows down', () => {
		const limits = accountAddressLimits;
		expect(judgeAttempt(failTimes(2), limits, at(5000))).toEqual({
			allowed: true,
			delayMs: 0,
			needsProof: false
		});
		expect(judgeAttempt(failTimes(3), limits, at(5000))).toEqual({
			allowed: true,
			delayMs: 1000,
			needsProof: false
		});
		expect(judgeAttempt(failTimes(4), limits, at(5000))).toEqual({
			allowed: true,
			delayMs: 2000,
			needsProof: false
		});
	});

	it('locks an account for one address after the fifth failure, for fifteen minutes', () => {
		const state = failTimes(5);
		const verdict = judgeAttempt(state, accountAddressLimits, at(10_000));
		expect(verdict.allowed).toBe(false);
		expect(judgeAttempt(state, accountAddressLimits, at(4000 + 15 * 60_000 + 1)).allowed).toBe(
			true
		);
	});

	it('forgets failures older than the window', () => {
		const state = failTimes(4);
		const later = at(16 * 60_000);
		expect(judgeAttempt(state, accountAddressLimits, later)).toEqual({
			allowed: true,
			delayMs: 0,
			needsProof: false
		});
		expect(recordFailure(state, accountAddressLimits, later).failures).toBe(1);
	});

	it('never locks or slows an account as a whole: past its ceiling it asks for a proof of work', () => {
		const ceiling = accountLimits.proofAfter!;
		expect(judgeAttempt(failTimes(ceiling - 1, accountLimits), accountLimits, at(60_000))).toEqual({
			allowed: true,
			delayMs: 0,
			needsProof: false
		});
		const many = failTimes(ceiling * 20, accountLimits);
		expect(many!.lockedUntil).toBeNull();
		expect(judgeAttempt(many, accountLimits, at(ceiling * 20_000))).toEqual({
			allowed: true,
			delayMs: 0,
			needsProof: true
		});
		// The ceiling is counted over its own window, then forgotten.
		expect(judgeAttempt(many, accountLimits, at(accountLimits.windowMs))).toEqual({
			allowed: true,
			delayMs: 0,
			needsProof: false
		});
	});

	it('lets an address create its hourly allowance of accounts, then refuses until the hour is over', () => {
		const allowance = registrationLimits.lockAfter;
		expect(
			judgeAttempt(failTimes(allowance - 1, registrationLimits), registrationLimits, at(60_000))
		).toEqual({ allowed: true, delayMs: 0, needsProof: false });
		const spent = failTimes(allowance, registrationLimits);
		const refused = judgeAttempt(spent, registrationLimits, at(60_000));
		expect(refused.allowed).toBe(false);
		expect(
			judgeAttempt(spent, registrationLimits, at(allowance * 1000 + 60 * 60_000)).allowed
		).toBe(true);
	});

	it('says the wait in whole minutes', () => {
		expect(describeWait(61_000)).toBe('2 phút');
		expect(describeWait(5)).toBe('1 phút');
	});
});

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
