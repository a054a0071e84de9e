import { eq } from 'drizzle-orm';
import type { ChangePasswordInput, RegisterInput, SignInInput } from '$lib/schemas/auth';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { roleAssignments, users } from '../db/schema';
import { conflict, invalid, isUniqueViolation, notFound, tooManyRequests } from '../errors';
import { findActiveUnit } from '../units/repo';
import type { Actor } from './actor';
import { requireActor } from './policy';
import { hashPassword, verifyPassword } from './password';
import * as repo from './repo';
import {
	accountLimits,
	addressLimits,
	describeWait,
	isSessionExpired,
	judgeAttempt,
	recordFailure,
	refundAttempt,
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

/**
 * @public Signing in is how an anonymous visitor becomes an actor. Failures are counted per
 * account and per address in the database, so every app node enforces the same limits.
 */
export async function signIn(
	ctx: Ctx,
	input: SignInInput,
	options: SignInOptions
): Promise<NewSession> {
	const { db, now } = ctx;
	const keys = [
		{ key: `account:${input.email.toLowerCase()}`, limits: accountLimits },
		{ key: `address:${options.address}`, limits: addressLimits }
	];
	// Each attempt is charged before the password is checked, under a row lock, so a burst of
	// parallel guesses cannot all slip in before the first failure is counted.
	const delayMs = await db.transaction(async (tx) => {
		let delay = 0;
		for (const { key, limits } of keys) {
			const state = await repo.lockThrottle(tx, key, now);
			const verdict = judgeAttempt(state, limits, now);
			if (!verdict.allowed) {
				throw tooManyRequests(
					`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
				);
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
	await db.transaction(async (tx) => {
		await repo.clearThrottle(tx, keys[0]!.key);
		const address = keys[1]!;
		const state = await repo.lockThrottle(tx, address.key, now);
		await repo.saveThrottle(tx, address.key, refundAttempt(state, address.limits));
	});
	return startSession(db, user.id, now);
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

/** @public Self-registration creates a plain member (with a unit) or voter (without). */
export async function register(ctx: Ctx, input: RegisterInput): Promise<NewSession> {
	return ctx.db.transaction(async (tx) => {
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
					passwordHash
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
		return startSession(tx, userId, ctx.now);
	});
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
