import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { RegisterInput } from '$lib/schemas/auth';
import type { Database } from '../db/client';
import { auditLog, roleAssignments, sessions, signInThrottle, users } from '../db/schema';
import { DomainError } from '../errors';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { setUserActive } from '../users/service';
import { insertSession, loadActor } from './repo';
import { accountLimits, addressLimits } from './rules';
import { generateSessionToken, sessionIdFromToken } from './tokens';
import { changePassword, register, signIn, signOut, validateSessionToken } from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

const MINUTE = 60_000;
const DAY = 86_400_000;
const PASSWORD = 'Mat-khau-dung-1';
const WRONG = 'mat-khau-sai-9';
const t0 = new Date('2026-11-25T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
// Vietnamese text carries letters with diacritics that English never has.
const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;

let counter = 0;
const uniqueEmail = (prefix = 'nguoi') => `${prefix}${++counter}-${Date.now()}@example.vn`;
/** Each test signs in from an address of its own, so address counters never leak between tests. */
const uniqueAddress = () => `198.51.100.${++counter}`;
const noSleep = () => vi.fn(async (_ms: number) => {});

async function failureOf(work: Promise<unknown>): Promise<DomainError> {
	try {
		await work;
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a DomainError, but the call succeeded');
}

/** A signed-up member of the grassroots unit, with the actor behind the registration session. */
async function registerMember(overrides: Partial<RegisterInput> = {}) {
	const email = overrides.email ?? uniqueEmail();
	const input: RegisterInput = {
		fullName: 'Nguyễn Văn Ánh',
		email,
		phone: undefined,
		unitId: tree.grassroots.id,
		password: PASSWORD,
		passwordConfirm: PASSWORD,
		...overrides
	};
	const session = await register(ctxFor(database, null, t0), input);
	const valid = await validateSessionToken(database.db, session.token, t0);
	if (!valid) throw new Error('the registration session does not validate');
	return { email, session, actor: valid.actor };
}

async function sessionRow(id: string) {
	const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
	return row ?? null;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sign-in', () => {
	it('returns a token whose SHA-256 is the only thing the database keeps', async () => {
		const { email, actor } = await registerMember();
		const session = await signIn(
			ctxFor(database, null, t0),
			{ email, password: PASSWORD },
			{ address: uniqueAddress(), sleep: noSleep() }
		);
		expect(session.token.length).toBeGreaterThanOrEqual(26);
		expect(session.expiresAt.getTime()).toBe(t0.getTime() + 30 * DAY);

		const row = await sessionRow(sha256Hex(session.token));
		expect(row).not.toBeNull();
		expect(row!.userId).toBe(actor.id);
		expect(row!.id).toMatch(/^[0-9a-f]{64}$/);

		const everything = JSON.stringify(await database.db.select().from(sessions));
		expect(everything).not.toContain(session.token);
	});

	it('answers a wrong password and an unknown email with the same Vietnamese message', async () => {
		const { email } = await registerMember();
		const address = uniqueAddress();
		const wrong = await failureOf(
			signIn(ctxFor(database, null, t0), { email, password: WRONG }, { address, sleep: noSleep() })
		);
		const unknown = await failureOf(
			signIn(
				ctxFor(database, null, t0),
				{ email: uniqueEmail('khong-co'), password: PASSWORD },
				{ address, sleep: noSleep() }
			)
		);
		expect(wrong.status).toBe(400);
		expect(wrong.message).toMatch(VIETNAMESE);
		expect(wrong.fieldErrors.password?.[0]).toBe(wrong.message);
		expect(unknown.status).toBe(400);
		expect(unknown.message).toBe(wrong.message);
		expect(unknown.fieldErrors).toEqual(wrong.fieldErrors);
	});

	it('matches the email regardless of case', async () => {
		const { email } = await registerMember();
		const session = await signIn(
			ctxFor(database, null, t0),
			{ email: email.toUpperCase(), password: PASSWORD },
			{ address: uniqueAddress(), sleep: noSleep() }
		);
		expect(await validateSessionToken(database.db, session.token, t0)).not.toBeNull();
	});

	it('slows an account after 3 failures, locks it after 5, and lifts the lock after 15 minutes', async () => {
		const { email } = await registerMember();
		const address = uniqueAddress();
		const sleep = noSleep();
		const attempt = (password: string, now: Date) =>
			signIn(ctxFor(database, null, now), { email, password }, { address, sleep });

		for (let i = 0; i < 3; i++) expect((await failureOf(attempt(WRONG, t0))).status).toBe(400);
		expect(sleep).not.toHaveBeenCalled();

		// The fourth attempt is held back before the password is even checked.
		expect((await failureOf(attempt(WRONG, t0))).status).toBe(400);
		expect(sleep).toHaveBeenCalledTimes(1);
		expect(sleep.mock.calls[0]![0]).toBeGreaterThan(0);

		expect((await failureOf(attempt(WRONG, t0))).status).toBe(400);
		expect(sleep).toHaveBeenCalledTimes(2);
		expect(sleep.mock.calls[1]![0]).toBeGreaterThan(0);

		// Five failures: even the right password is refused, with a wait the user can read.
		const locked = await failureOf(attempt(PASSWORD, at(MINUTE)));
		expect(locked.status).toBe(429);
		expect(locked.message).toMatch(VIETNAMESE);
		expect(locked.message).toContain('14 phút');
		// …from another address too: the lock is on the account.
		const elsewhere = await failureOf(
			signIn(
				ctxFor(database, null, at(MINUTE)),
				{ email, password: PASSWORD },
				{ address: uniqueAddress(), sleep }
			)
		);
		expect(elsewhere.status).toBe(429);
		const stillLocked = await failureOf(attempt(PASSWORD, at(15 * MINUTE - 1)));
		expect(stillLocked.status).toBe(429);
		expect(stillLocked.message).toContain('1 phút');

		const callsBefore = sleep.mock.calls.length;
		const session = await attempt(PASSWORD, at(15 * MINUTE));
		expect(await validateSessionToken(database.db, session.token, at(15 * MINUTE))).not.toBeNull();
		expect(sleep.mock.calls.length).toBe(callsBefore);
		// A successful sign-in clears the account's counter.
		const [counterRow] = await database.db
			.select()
			.from(signInThrottle)
			.where(eq(signInThrottle.key, `account:${email}`));
		expect(counterRow).toBeUndefined();
	});

	it('counts guesses sent in parallel: no more than 5 reach the password check', async () => {
		const { email } = await registerMember();
		const address = uniqueAddress();
		const outcomes = await Promise.all(
			Array.from({ length: 10 }, () =>
				failureOf(
					signIn(
						ctxFor(database, null, t0),
						{ email, password: WRONG },
						{ address, sleep: noSleep() }
					)
				).then((e) => e.status)
			)
		);
		expect(outcomes.filter((s) => s === 400)).toHaveLength(5);
		expect(outcomes.filter((s) => s === 429)).toHaveLength(5);
	});

	it('slows and then locks an address failing across many accounts', async () => {
		const { slowAfter, lockAfter } = addressLimits;
		// One address may be a whole school behind one router: it gets more room than an account.
		expect(slowAfter).toBeGreaterThan(accountLimits.lockAfter);
		expect(lockAfter).toBeGreaterThan(slowAfter);
		const address = uniqueAddress();
		const sleep = noSleep();
		const { email } = await registerMember();
		for (let i = 0; i < lockAfter; i++) {
			if (i === slowAfter) expect(sleep).not.toHaveBeenCalled();
			const failure = await failureOf(
				signIn(
					ctxFor(database, null, t0),
					{ email: uniqueEmail('doan'), password: WRONG },
					{ address, sleep }
				)
			);
			expect(failure.status).toBe(400);
		}
		// Slowed after `slowAfter` failures of the address, though no account failed twice.
		expect(sleep).toHaveBeenCalledTimes(lockAfter - slowAfter);
		expect(Math.min(...sleep.mock.calls.map(([ms]) => ms))).toBeGreaterThan(0);

		const refused = await failureOf(
			signIn(ctxFor(database, null, t0), { email, password: PASSWORD }, { address, sleep })
		);
		expect(refused.status).toBe(429);
		expect(refused.message).toContain('phút');

		// The account itself is fine: the same user signs in from another address.
		const session = await signIn(
			ctxFor(database, null, t0),
			{ email, password: PASSWORD },
			{ address: uniqueAddress(), sleep }
		);
		expect(session.token).toBeTruthy();
		// And the address lock lifts with time.
		const later = await signIn(
			ctxFor(database, null, at(15 * MINUTE)),
			{ email, password: PASSWORD },
			{ address, sleep }
		);
		expect(later.token).toBeTruthy();
	});

	it('does not hold successful sign-ins against a shared address', async () => {
		const address = uniqueAddress();
		const failuresOf = async () => {
			const [row] = await database.db
				.select()
				.from(signInThrottle)
				.where(eq(signInThrottle.key, `address:${address}`));
			return row?.failures ?? 0;
		};
		await failureOf(
			signIn(
				ctxFor(database, null, t0),
				{ email: uniqueEmail('khong-co'), password: WRONG },
				{ address, sleep: noSleep() }
			)
		);
		expect(await failuresOf()).toBe(1);
		for (let i = 0; i < 3; i++) {
			const { email } = await registerMember();
			await signIn(
				ctxFor(database, null, t0),
				{ email, password: PASSWORD },
				{ address, sleep: noSleep() }
			);
		}
		expect(await failuresOf()).toBe(1);
	});

	it('refuses a deactivated account even with the right password', async () => {
		const { email, actor } = await registerMember();
		await setUserActive(ctxFor(database, tree.organizer, t0), actor.id, false);
		const failure = await failureOf(
			signIn(
				ctxFor(database, null, t0),
				{ email, password: PASSWORD },
				{ address: uniqueAddress(), sleep: noSleep() }
			)
		);
		expect(failure.status).toBe(400);
		expect(failure.message).toContain('vô hiệu hoá');
		expect(
			await database.db.select().from(sessions).where(eq(sessions.userId, actor.id))
		).toHaveLength(0);
	});
});

describe('sessions', () => {
	async function freshSession() {
		const { email, actor } = await registerMember();
		const session = await signIn(
			ctxFor(database, null, t0),
			{ email, password: PASSWORD },
			{ address: uniqueAddress(), sleep: noSleep() }
		);
		return { email, actor, session, id: sha256Hex(session.token) };
	}

	it('turns a live token into its actor without moving a fresh expiry', async () => {
		const { actor, session, id } = await freshSession();
		const valid = await validateSessionToken(database.db, session.token, at(DAY));
		expect(valid).not.toBeNull();
		expect(valid!.actor.id).toBe(actor.id);
		expect(valid!.actor.roles.map((r) => r.role)).toEqual(['member']);
		expect(valid!.sessionId).toBe(id);
		expect(valid!.extended).toBe(false);
		expect(valid!.expiresAt.getTime()).toBe(t0.getTime() + 30 * DAY);
		expect(await validateSessionToken(database.db, `${session.token}x`, at(DAY))).toBeNull();
	});

	it('loads the whole actor in its one query: unit, every role with its unit path', async () => {
		const { actor } = await freshSession();
		// A second grant on another unit, so the aggregate carries more than one role.
		await database.db
			.insert(roleAssignments)
			.values({ userId: actor.id, role: 'organizer', unitId: tree.district.id });
		const token = generateSessionToken();
		await insertSession(database.db, sessionIdFromToken(token), actor.id, at(30 * DAY));
		const valid = await validateSessionToken(database.db, token, t0);
		expect(valid!.actor).toEqual(await loadActor(database.db, actor.id));
		expect(valid!.actor.unitPath).toBe(tree.grassroots.path);
		expect(valid!.actor.roles).toEqual([
			{ role: 'member', unitId: tree.grassroots.id, unitPath: tree.grassroots.path },
			{ role: 'organizer', unitId: tree.district.id, unitPath: tree.district.path }
		]);
	});

	it('forgets an expired session and deletes its row', async () => {
		const { session, id } = await freshSession();
		expect(await sessionRow(id)).not.toBeNull();
		expect(await validateSessionToken(database.db, session.token, at(30 * DAY))).toBeNull();
		expect(await sessionRow(id)).toBeNull();
		// Going back in time does not revive it.
		expect(await validateSessionToken(database.db, session.token, t0)).toBeNull();
	});

	it('ends only the signed-out session', async () => {
		const { email, session, id } = await freshSession();
		const other = await signIn(
			ctxFor(database, null, t0),
			{ email, password: PASSWORD },
			{ address: uniqueAddress(), sleep: noSleep() }
		);
		await signOut(database.db, id);
		expect(await validateSessionToken(database.db, session.token, t0)).toBeNull();
		expect(await validateSessionToken(database.db, other.token, t0)).not.toBeNull();
	});

	it('slides the expiry when used in the second half of its life', async () => {
		const { session, id } = await freshSession();
		const early = await validateSessionToken(database.db, session.token, at(14 * DAY));
		expect(early!.extended).toBe(false);
		expect((await sessionRow(id))!.expiresAt.getTime()).toBe(t0.getTime() + 30 * DAY);

		const late = await validateSessionToken(database.db, session.token, at(16 * DAY));
		expect(late!.extended).toBe(true);
		expect(late!.expiresAt.getTime()).toBe(t0.getTime() + 46 * DAY);
		expect((await sessionRow(id))!.expiresAt.getTime()).toBe(t0.getTime() + 46 * DAY);
		// Past the original expiry, the slid session still works.
		expect(await validateSessionToken(database.db, session.token, at(31 * DAY))).not.toBeNull();
	});

	it('stops working at once when an organizer deactivates the user', async () => {
		const { actor, session } = await freshSession();
		expect(await validateSessionToken(database.db, session.token, t0)).not.toBeNull();
		await setUserActive(ctxFor(database, tree.organizer, t0), actor.id, false);
		expect(await validateSessionToken(database.db, session.token, t0)).toBeNull();
	});

	it('stops working when the user is deactivated, even if a session row were left behind', async () => {
		const { actor, session, id } = await freshSession();
		// Simulate a row that escaped deletion: deactivate the user directly, keep the session.
		await database.db.update(users).set({ active: false }).where(eq(users.id, actor.id));
		expect(await sessionRow(id)).not.toBeNull();
		expect(await validateSessionToken(database.db, session.token, t0)).toBeNull();
	});
});

describe('changing the password', () => {
	it('ends every session of the user and starts a new one', async () => {
		const { email, session: first, actor } = await registerMember();
		const second = await signIn(
			ctxFor(database, null, t0),
			{ email, password: PASSWORD },
			{ address: uniqueAddress(), sleep: noSleep() }
		);
		const third = await signIn(
			ctxFor(database, null, t0),
			{ email, password: PASSWORD },
			{ address: uniqueAddress(), sleep: noSleep() }
		);
		const auditBefore = await database.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'user.password_change'), eq(auditLog.entityId, String(actor.id)))
			);
		expect(auditBefore).toHaveLength(0);

		const fresh = await changePassword(ctxFor(database, actor, at(MINUTE)), {
			currentPassword: PASSWORD,
			newPassword: 'Mat-khau-moi-2',
			newPasswordConfirm: 'Mat-khau-moi-2'
		});
		for (const old of [first, second, third]) {
			expect(await validateSessionToken(database.db, old.token, at(MINUTE))).toBeNull();
		}
		const valid = await validateSessionToken(database.db, fresh.token, at(MINUTE));
		expect(valid?.actor.id).toBe(actor.id);
		expect(
			await database.db.select().from(sessions).where(eq(sessions.userId, actor.id))
		).toHaveLength(1);

		const audit = await database.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'user.password_change'), eq(auditLog.entityId, String(actor.id)))
			);
		expect(audit).toHaveLength(1);
		expect(audit[0]!.actorId).toBe(actor.id);
		expect(JSON.stringify(audit[0])).not.toContain('Mat-khau-moi-2');

		// The old password no longer opens the account; the new one does.
		const address = uniqueAddress();
		expect(
			(
				await failureOf(
					signIn(
						ctxFor(database, null, at(MINUTE)),
						{ email, password: PASSWORD },
						{ address, sleep: noSleep() }
					)
				)
			).status
		).toBe(400);
		const again = await signIn(
			ctxFor(database, null, at(MINUTE)),
			{ email, password: 'Mat-khau-moi-2' },
			{ address, sleep: noSleep() }
		);
		expect(again.token).toBeTruthy();
	});

	it('refuses a wrong current password on that field and changes nothing', async () => {
		const { session, actor } = await registerMember();
		const auditCount = (await database.db.select().from(auditLog)).length;
		const failure = await failureOf(
			changePassword(ctxFor(database, actor, t0), {
				currentPassword: WRONG,
				newPassword: 'Mat-khau-moi-3',
				newPasswordConfirm: 'Mat-khau-moi-3'
			})
		);
		expect(failure.status).toBe(400);
		expect(failure.fieldErrors.currentPassword?.[0]).toMatch(VIETNAMESE);
		expect(await validateSessionToken(database.db, session.token, t0)).not.toBeNull();
		expect((await database.db.select().from(auditLog)).length).toBe(auditCount);
	});

	it('needs a signed-in user', async () => {
		const failure = await failureOf(
			changePassword(ctxFor(database, null, t0), {
				currentPassword: PASSWORD,
				newPassword: 'Mat-khau-moi-4',
				newPasswordConfirm: 'Mat-khau-moi-4'
			})
		);
		expect(failure.status).toBe(401);
	});
});

describe('registration', () => {
	it('creates a member of the chosen unit, signed in, with an audit row', async () => {
		const { email, actor } = await registerMember({ fullName: 'Trần Thị Bích' });
		const [user] = await database.db.select().from(users).where(eq(users.id, actor.id));
		expect(user!.email).toBe(email);
		expect(user!.unitId).toBe(tree.grassroots.id);
		expect(user!.nameFolded).toBe('tran thi bich');
		expect(user!.passwordHash).not.toContain(PASSWORD);
		expect(user!.passwordHash.startsWith('$argon2id$')).toBe(true);

		const roles = await database.db
			.select({ role: roleAssignments.role, unitId: roleAssignments.unitId })
			.from(roleAssignments)
			.where(eq(roleAssignments.userId, actor.id));
		expect(roles).toEqual([{ role: 'member', unitId: tree.grassroots.id }]);

		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'user.register'), eq(auditLog.entityId, String(actor.id))));
		expect(audit).toHaveLength(1);
		expect(audit[0]!.actorId).toBe(actor.id);
		expect(audit[0]!.unitPath).toBe(tree.grassroots.path);
		expect(audit[0]!.after).toMatchObject({ email, unitId: tree.grassroots.id });
		expect(JSON.stringify(audit[0])).not.toContain(PASSWORD);
	});

	it('creates a voter without a unit when none is chosen', async () => {
		const { actor } = await registerMember({ unitId: undefined });
		expect(actor.unitId).toBeNull();
		expect(actor.roles).toEqual([{ role: 'member', unitId: null, unitPath: null }]);
	});

	it('refuses an email already registered, whatever its case, and writes nothing', async () => {
		const { email } = await registerMember();
		const usersBefore = (await database.db.select().from(users)).length;
		const auditBefore = (await database.db.select().from(auditLog)).length;
		const failure = await failureOf(
			register(ctxFor(database, null, t0), {
				fullName: 'Người Trùng',
				email: email.toUpperCase(),
				phone: undefined,
				unitId: tree.grassroots.id,
				password: PASSWORD,
				passwordConfirm: PASSWORD
			})
		);
		expect(failure.status).toBe(409);
		expect(failure.fieldErrors.email?.[0]).toMatch(VIETNAMESE);
		expect((await database.db.select().from(users)).length).toBe(usersBefore);
		expect((await database.db.select().from(auditLog)).length).toBe(auditBefore);
	});

	it('refuses an unknown unit on the unit field', async () => {
		const failure = await failureOf(
			register(ctxFor(database, null, t0), {
				fullName: 'Người Lạc',
				email: uniqueEmail(),
				phone: undefined,
				unitId: 999_999,
				password: PASSWORD,
				passwordConfirm: PASSWORD
			})
		);
		expect(failure.status).toBe(400);
		expect(failure.fieldErrors.unitId).toBeDefined();
	});
});
