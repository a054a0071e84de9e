import { z } from 'zod';
import {
	changePasswordSchema,
	registerSchema,
	signInSchema,
	type RegisterInput
} from '$lib/schemas/auth';
import { foldVietnamese } from '$lib/shared/text';
import { consentStatements } from '$lib/shared/privacy';
import type { Db } from '../db/client';
import { roleAssignments, users } from '../db/schema';
import { checkHumanProof, hashAddress, replayedProof, requireHumanProof } from '../antiabuse/pow';
import { antiAbuseKey, purgeDue, spendProof } from '../antiabuse/repo';
import {
	conflict,
	DomainError,
	invalid,
	isUniqueViolation,
	notFound,
	tooManyRequests
} from '../errors';
import { enqueueMail } from '../notifications';
import { findActiveUnit } from '../units';
import type { Actor } from './actor';
import { ownAccount, startSession, type NewSession } from './account';
import { hashPassword, verifyPassword } from './password';
import * as repo from './repo';
import {
	accountAddressLimits,
	accountLimits,
	addressLimits,
	describeWait,
	isSessionExpired,
	judgeAttempt,
	LONGEST_WINDOW_MS,
	recordFailure,
	refundAttempt,
	registrationLimits,
	sessionExpiry,
	shouldExtendSession
} from './rules';
import { sessionIdFromToken } from './tokens';
import { defineUseCase } from '../usecase';

export type { NewSession };

const WRONG_CREDENTIALS = 'Email hoặc mật khẩu không đúng.';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const PROOF_NEEDED =
	'Tài khoản này vừa bị đăng nhập sai nhiều lần nên cần thêm bước xác minh chống gian lận. Vui lòng chờ vài giây rồi bấm Đăng nhập lần nữa.';

/** The keys a sign-in is counted under, locked in this order by every request. */
function throttleKeys(email: string, addressHash: string) {
	const account = email.toLowerCase();
	return {
		account: { key: `account:${account}`, limits: accountLimits },
		accountAddress: {
			key: `account-address:${account}|${addressHash}`,
			limits: accountAddressLimits
		},
		address: { key: `address:${addressHash}`, limits: addressLimits }
	};
}

/** Holds back answers to a key that keeps failing; injectable so tests need not wait. */
type Sleep = (ms: number) => Promise<void>;

const signInInput = signInSchema.extend({
	/** The client's address, from the request (never from the form). */
	address: z.string(),
	sleep: z
		.custom<Sleep>((v) => typeof v === 'function')
		.optional()
		.catch(undefined)
});

/**
 * Signing in is how an anonymous visitor becomes an actor. Failures are counted in the
 * database (every app node enforces the same limits) per address, per account and address, and
 * per account. Only the first two lock: a stranger's guesses lock the stranger, never the owner.
 * Past the account's ceiling each attempt must bring a proof of work (or, without JavaScript,
 * the page's ticket), and the right password with one still signs in.
 */
export const signIn = defineUseCase({
	name: 'user.sign_in',
	public:
		'Signing in is how an anonymous visitor becomes an actor: nobody is signed in yet to authorise, so the throttles and the proof of work guard it instead.',
	ownTransaction:
		'Each attempt is charged and committed before the password is checked, so parallel guesses see it and a wrong password cannot roll it back; a success refunds it in a second transaction.',
	input: signInInput,
	run: async ({ db, now }, input) => {
		const secret = await antiAbuseKey(db);
		if (purgeDue('sign-in-throttle', db, now))
			await repo.purgeThrottles(db, new Date(now.getTime() - LONGEST_WINDOW_MS), now);
		const keys = throttleKeys(input.email, hashAddress(input.address, secret));
		// Checked before any lock is taken; spent only if the account's ceiling asks for it.
		const offered = input.altcha || input.ticket ? await checkHumanProof(input, secret, now) : null;
		// Each attempt is charged before the password is checked, under row locks, so a burst of
		// parallel guesses cannot all slip in before the first failure is counted.
		const delayMs = await db.transaction(async (tx) => {
			let delay = 0;
			for (const { key, limits } of [keys.account, keys.accountAddress, keys.address]) {
				const state = await repo.lockThrottle(tx, key, now);
				const verdict = judgeAttempt(state, limits, now);
				if (!verdict.allowed) {
					throw tooManyRequests(
						`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
					);
				}
				if (verdict.needsProof) {
					const spent =
						offered && !(offered instanceof DomainError) && (await spendProof(tx, offered));
					if (!spent) throw new DomainError(429, PROOF_NEEDED, { altcha: [PROOF_NEEDED] });
				}
				delay = Math.max(delay, verdict.delayMs);
				await repo.saveThrottle(tx, key, recordFailure(state, limits, now));
			}
			return delay;
		});
		if (delayMs > 0) await (input.sleep ?? wait)(delayMs);

		const user = await repo.findUserByEmail(db, input.email);
		// Hash even for unknown emails so timing does not reveal which accounts exist.
		const ok = user
			? await verifyPassword(user.passwordHash, input.password)
			: (await hashPassword(input.password), false);
		if (!user || !ok) throw invalid(WRONG_CREDENTIALS, { password: [WRONG_CREDENTIALS] });
		if (!user.active) {
			throw invalid('Tài khoản này đã bị vô hiệu hoá. Vui lòng liên hệ cán bộ quản lý.');
		}
		// The attempt charged up front is taken back. The account's count is not cleared: the
		// failures of others from elsewhere still happened.
		const refund = async (tx: Db, { key, limits }: typeof keys.account) =>
			repo.saveThrottle(tx, key, refundAttempt(await repo.lockThrottle(tx, key, now), limits));
		await db.transaction(async (tx) => {
			await refund(tx, keys.account);
			await repo.clearThrottle(tx, keys.accountAddress.key);
			await refund(tx, keys.address);
		});
		return { ...(await startSession(db, user.id, now)), redirectTo: input.redirectTo };
	}
});

/** The account forms' challenge and no-JavaScript ticket, as every guarded form's. */
export {
	issueProofChallenge as issueAccountChallenge,
	issueFormTicket as issueAccountFormTicket
} from '../antiabuse/issue';

/** @public When a user's account was made (for a poll's minimum account age), or null. */
export async function accountCreatedAt(db: Db, userId: number): Promise<Date | null> {
	return repo.findUserCreatedAt(db, userId);
}

/** @public When a user proved their e-mail address (some polls take only such accounts), or null. */
export async function accountEmailVerifiedAt(db: Db, userId: number): Promise<Date | null> {
	return repo.findUserEmailVerifiedAt(db, userId);
}

export interface ValidSession {
	actor: Actor;
	sessionId: string;
	expiresAt: Date;
	/** True when the expiry moved and the cookie should be sent again. */
	extended: boolean;
}

/** @public Turns a cookie token into an actor, or null when the session is unknown or over. */
export async function validateSessionToken(
	db: Db,
	token: string,
	now: Date
): Promise<ValidSession | null> {
	const sessionId = sessionIdFromToken(token);
	const session = await repo.findSessionActor(db, sessionId);
	if (!session) return null;
	if (isSessionExpired(session.expiresAt, now)) {
		await repo.deleteSession(db, sessionId);
		return null;
	}
	const { actor } = session;
	let expiresAt = session.expiresAt;
	// Written only in the second half of the session's life: most requests stay read-only.
	const extended = shouldExtendSession(expiresAt, now);
	if (extended) {
		expiresAt = sessionExpiry(now);
		await repo.extendSession(db, sessionId, expiresAt);
	}
	return { actor, sessionId, expiresAt, extended };
}

/** @public Signing out ends only the session it is given. */
export async function signOut(db: Db, sessionId: string): Promise<void> {
	await repo.deleteSession(db, sessionId);
}

const registerInput = registerSchema.safeExtend({
	/** The client's address, from the request (never from the form). */
	address: z.string()
});

type Registration =
	| { session: NewSession; userId: number; unitPath: string | null; unitId: number | null }
	| { refused: DomainError };

/**
 * Self-registration creates a plain member (with a unit) or voter (without). Like a guest's
 * contest registration, each needs a fresh proof of work (or, without JavaScript, the page's
 * ticket) and each client address has an hourly allowance.
 */
export const register = defineUseCase({
	name: 'user.register',
	public:
		'Registering is how a visitor gets an account: nobody is signed in yet, so a fresh proof of work and an hourly allowance per address guard it instead of a policy.',
	input: registerInput,
	load: async ({ db, now }, input) => {
		const secret = await antiAbuseKey(db);
		return { secret, proof: await requireHumanProof(input, secret, now) };
	},
	run: async ({ db, now }, input, { secret, proof }): Promise<Registration> => {
		const key = `register:${hashAddress(input.address, secret)}`;
		if (!(await spendProof(db, proof))) throw replayedProof();
		const state = await repo.lockThrottle(db, key, now);
		const verdict = judgeAttempt(state, registrationLimits, now);
		if (!verdict.allowed)
			throw tooManyRequests(
				`Địa chỉ mạng của bạn đã tạo đủ ${registrationLimits.lockAfter} tài khoản trong một giờ. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
			);
		await repo.saveThrottle(db, key, recordFailure(state, registrationLimits, now));
		// A refused registration (email taken, say) keeps the proof spent and the charge: the
		// refusal is returned, committed with them, and thrown by `present` after the commit.
		// Otherwise one solved proof could probe any number of emails.
		try {
			return await db.transaction((savepoint) => createAccount(savepoint, input, now));
		} catch (error) {
			if (error instanceof DomainError) return { refused: error };
			throw error;
		}
	},
	audit: (outcome, input) =>
		'refused' in outcome
			? null
			: {
					// The new account is the one acting: there was nobody signed in.
					actorId: outcome.userId,
					entityType: 'user',
					entityId: outcome.userId,
					unitPath: outcome.unitPath,
					after: { email: input.email, fullName: input.fullName, unitId: outcome.unitId }
				},
	present: (outcome): NewSession => {
		if ('refused' in outcome) throw outcome.refused;
		return outcome.session;
	}
});

async function createAccount(tx: Db, input: RegisterInput, now: Date) {
	const unit = input.unitId ? await findActiveUnit(tx, input.unitId) : null;
	if (input.unitId && !unit)
		throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
	const passwordHash = await hashPassword(input.password);
	let userId: number;
	try {
		const [row] = await tx
			.insert(users)
			.values({
				email: input.email,
				fullName: input.fullName,
				nameFolded: foldVietnamese(input.fullName),
				phone: input.phone ?? null,
				unitId: unit?.id ?? null,
				passwordHash,
				// The schema refused the form without the box ticked: this is the text it agreed to.
				consentVersion: consentStatements.account.version,
				consentedAt: now,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: users.id });
		userId = row!.id;
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw conflict('Email này đã được đăng ký.', { email: ['Email này đã được đăng ký.'] });
		}
		throw error;
	}
	await tx.insert(roleAssignments).values({ userId, role: 'member', unitId: unit?.id ?? null });
	// Written with the account: the address is checked by a link sent there (some polls ask it).
	await enqueueMail(tx, now, {
		kind: 'email_verification',
		to: input.email,
		userId,
		data: { fullName: input.fullName }
	});
	const session = await startSession(tx, userId, now);
	return { session, userId, unitPath: unit?.path ?? null, unitId: unit?.id ?? null };
}

/** Ends every session of the user, then starts a fresh one for the browser that asked. */
export const changePassword = defineUseCase({
	name: 'user.password_change',
	input: changePasswordSchema,
	load: async ({ db, actor }) => {
		const user = await repo.findUserById(db, actor.id);
		if (!user) throw notFound();
		return { ...user, unitPath: actor.unitPath };
	},
	authorize: (_actor, user) => ({ action: 'account.update', resource: ownAccount(user) }),
	run: async ({ db, now }, input, user) => {
		if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
			throw invalid('Mật khẩu hiện tại không đúng.', {
				currentPassword: ['Mật khẩu hiện tại không đúng.']
			});
		}
		await repo.setPasswordHash(db, user.id, await hashPassword(input.newPassword), now);
		await repo.deleteUserSessions(db, user.id);
		return startSession(db, user.id, now);
	},
	audit: (_session, _input, user) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: user.unitPath
	})
});
