import { eq } from 'drizzle-orm';
import type { ChangePasswordInput, RegisterInput, SignInInput } from '$lib/schemas/auth';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { roleAssignments, users } from '../db/schema';
import {
	checkHumanProof,
	hashAddress,
	issueChallenge,
	issueTicket,
	replayedProof,
	requireHumanProof,
	type Challenge
} from '../antiabuse/pow';
import { antiAbuseKey, purgeDue, purgeSpentIfDue, spendProof } from '../antiabuse/repo';
import {
	conflict,
	DomainError,
	invalid,
	isUniqueViolation,
	notFound,
	tooManyRequests
} from '../errors';
import { findActiveUnit } from '../units';
import type { Actor } from './actor';
import { requireActor } from './policy';
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
import { generateSessionToken, sessionIdFromToken } from './tokens';

export interface NewSession {
	token: string;
	expiresAt: Date;
}

const WRONG_CREDENTIALS = 'Email hoặc mật khẩu không đúng.';

async function startSession(db: Db, userId: number, now: Date): Promise<NewSession> {
	const token = generateSessionToken();
	const expiresAt = sessionExpiry(now);
	await repo.insertSession(db, sessionIdFromToken(token), userId, expiresAt);
	return { token, expiresAt };
}

export interface SignInOptions {
	address: string;
	/** Holds back answers to a key that keeps failing; injectable so tests need not wait. */
	sleep?: (ms: number) => Promise<void>;
}

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

/**
 * @public Signing in is how an anonymous visitor becomes an actor. Failures are counted in the
 * database (every app node enforces the same limits) per address, per account and address, and
 * per account. Only the first two lock: a stranger's guesses lock the stranger, never the owner.
 * Past the account's ceiling each attempt must bring a proof of work (or, without JavaScript,
 * the page's ticket), and the right password with one still signs in.
 */
export async function signIn(
	ctx: Ctx,
	input: SignInInput,
	options: SignInOptions
): Promise<NewSession> {
	const { db, now } = ctx;
	const secret = await antiAbuseKey(db);
	if (purgeDue('sign-in-throttle', db, now))
		await repo.purgeThrottles(db, new Date(now.getTime() - LONGEST_WINDOW_MS), now);
	const keys = throttleKeys(input.email, hashAddress(options.address, secret));
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
	if (delayMs > 0) await (options.sleep ?? wait)(delayMs);

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
	return startSession(db, user.id, now);
}

/** @public A proof-of-work challenge for the account forms; it costs the server one HMAC. */
export async function issueAccountChallenge(ctx: Ctx): Promise<Challenge> {
	await purgeSpentIfDue(ctx.db, ctx.now);
	return issueChallenge(await antiAbuseKey(ctx.db), ctx.now);
}

/** @public The ticket an account form carries for a browser without JavaScript. */
export async function issueAccountFormTicket(ctx: Ctx): Promise<string> {
	return issueTicket(await antiAbuseKey(ctx.db), ctx.now);
}

/** @public When a user's account was made (for a poll's minimum account age), or null. */
export async function accountCreatedAt(db: Db, userId: number): Promise<Date | null> {
	return repo.findUserCreatedAt(db, userId);
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

/**
 * @public Self-registration creates a plain member (with a unit) or voter (without). Like a
 * guest's contest registration, each needs a fresh proof of work (or, without JavaScript, the
 * page's ticket) and each client address has an hourly allowance.
 */
export async function register(
	ctx: Ctx,
	input: RegisterInput,
	client: { address: string }
): Promise<NewSession> {
	const secret = await antiAbuseKey(ctx.db);
	const proof = await requireHumanProof(input, secret, ctx.now);
	const key = `register:${hashAddress(client.address, secret)}`;
	const outcome = await ctx.db.transaction(async (tx) => {
		if (!(await spendProof(tx, proof))) throw replayedProof();
		const state = await repo.lockThrottle(tx, key, ctx.now);
		const verdict = judgeAttempt(state, registrationLimits, ctx.now);
		if (!verdict.allowed)
			throw tooManyRequests(
				`Địa chỉ mạng của bạn đã tạo đủ ${registrationLimits.lockAfter} tài khoản trong một giờ. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
			);
		await repo.saveThrottle(tx, key, recordFailure(state, registrationLimits, ctx.now));
		// A refused registration (email taken, say) keeps the proof spent and the charge:
		// otherwise one solved proof could probe any number of emails.
		try {
			return {
				session: await tx.transaction((savepoint) => createAccount(savepoint, input, ctx.now))
			};
		} catch (error) {
			if (error instanceof DomainError) return { refused: error };
			throw error;
		}
	});
	if ('refused' in outcome) throw outcome.refused;
	return outcome.session;
}

async function createAccount(tx: Db, input: RegisterInput, now: Date): Promise<NewSession> {
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
	await writeAudit(tx, {
		actorId: userId,
		action: 'user.register',
		entityType: 'user',
		entityId: userId,
		unitPath: unit?.path ?? null,
		after: { email: input.email, fullName: input.fullName, unitId: unit?.id ?? null }
	});
	return startSession(tx, userId, now);
}

/** Ends every session of the user, then starts a fresh one for the browser that asked. */
export async function changePassword(ctx: Ctx, input: ChangePasswordInput): Promise<NewSession> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const user = await repo.findUserById(tx, actor.id);
		if (!user) throw notFound();
		if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
			throw invalid('Mật khẩu hiện tại không đúng.', {
				currentPassword: ['Mật khẩu hiện tại không đúng.']
			});
		}
		await tx
			.update(users)
			.set({ passwordHash: await hashPassword(input.newPassword), updatedAt: ctx.now })
			.where(eq(users.id, user.id));
		await repo.deleteUserSessions(tx, user.id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'user.password_change',
			entityType: 'user',
			entityId: user.id,
			unitPath: actor.unitPath
		});
		return startSession(tx, user.id, ctx.now);
	});
}
