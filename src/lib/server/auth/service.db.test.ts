// Over 400 lines: sign-in, registration and sessions share one database and their throttle fixtures, built once.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { RegisterInput } from '$lib/schemas/auth';
import type { Database } from '../db/client';
import { auditLog, roleAssignments, sessions, signInThrottle, users } from '../db/schema';
import { hashAddress, issueChallenge, issueTicket, TICKET_MIN_AGE_MS } from '../antiabuse/pow';
import { antiAbuseKey } from '../antiabuse/repo';
import { DomainError } from '../errors';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { solvedProof } from '../testing/proof';
import { deactivateUser } from '../users';
import { insertSession, loadActor } from './repo';
import { accountAddressLimits, accountLimits, addressLimits, registrationLimits } from './rules';
import { generateSessionToken, sessionIdFromToken } from './tokens';
import {
	changePassword,
	issueAccountChallenge,
	issueAccountFormTicket,
	register,
	signIn,
	signOut,
	validateSessionToken
} from './service';

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

/** A proof of work as the browser sends it; an easy challenge keeps the tests quick. */
async function proof(now = t0): Promise<string> {
	return solvedProof(await issueChallenge(await antiAbuseKey(database.db), now, 50));
}

/** What the registration form sends, with a fresh proof of work. */
async function registration(overrides: Partial<RegisterInput> = {}): Promise<RegisterInput> {
	return {
		fullName: 'Nguyễn Văn Ánh',
		email: uniqueEmail(),
		phone: undefined,
		unitId: tree.grassroots.id,
		password: PASSWORD,
		passwordConfirm: PASSWORD,
		consent: true,
		altcha: await proof(),
		...overrides
	};
}

/** A signed-up member of the grassroots unit, with the actor behind the registration session. */
async function registerMember(overrides: Partial<RegisterInput> = {}) {
	const input = await registration(overrides);
	const email = input.email;
	const session = await register(ctxFor(database, null, t0), {
		...input,
		address: uniqueAddress()
	});
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
		const session = await signIn(ctxFor(database, null, t0), {
			email,
			password: PASSWORD,
			address: uniqueAddress(),
			sleep: noSleep()
		});
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
			signIn(ctxFor(database, null, t0), { email, password: WRONG, address, sleep: noSleep() })
		);
		const unknown = await failureOf(
			signIn(ctxFor(database, null, t0), {
				email: uniqueEmail('khong-co'),
				password: PASSWORD,
				address,
				sleep: noSleep()
			})
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
		const session = await signIn(ctxFor(database, null, t0), {
			email: email.toUpperCase(),
			password: PASSWORD,
			address: uniqueAddress(),
			sleep: noSleep()
		});
		expect(await validateSessionToken(database.db, session.token, t0)).not.toBeNull();
	});

	/** The counter of one throttle key, as stored (0 when there is no row). */
	async function failuresOf(key: string): Promise<number> {
		const [row] = await database.db
			.select()
			.from(signInThrottle)
			.where(eq(signInThrottle.key, key));
		return row?.failures ?? 0;
	}
	const hashed = async (address: string) => hashAddress(address, await antiAbuseKey(database.db));

	it('slows an account guessed from one address after 3 failures, locks that address out of it after 5, and lifts the lock after 15 minutes', async () => {
		const { email } = await registerMember();
		const address = uniqueAddress();
		const sleep = noSleep();
		const attempt = (password: string, now: Date) =>
			signIn(ctxFor(database, null, now), { email, password, address, sleep });

		for (let i = 0; i < 3; i++) expect((await failureOf(attempt(WRONG, t0))).status).toBe(400);
		expect(sleep).not.toHaveBeenCalled();

		// The fourth attempt is held back before the password is even checked.
		expect((await failureOf(attempt(WRONG, t0))).status).toBe(400);
		expect(sleep).toHaveBeenCalledTimes(1);
		expect(sleep.mock.calls[0]![0]).toBeGreaterThan(0);

		expect((await failureOf(attempt(WRONG, t0))).status).toBe(400);
		expect(sleep).toHaveBeenCalledTimes(2);
		expect(sleep.mock.calls[1]![0]).toBeGreaterThan(0);

		// Five failures: from this address even the right password is refused, with a wait.
		const locked = await failureOf(attempt(PASSWORD, at(MINUTE)));
		expect(locked.status).toBe(429);
		expect(locked.message).toMatch(VIETNAMESE);
		expect(locked.message).toContain('14 phút');
		const stillLocked = await failureOf(attempt(PASSWORD, at(15 * MINUTE - 1)));
		expect(stillLocked.status).toBe(429);
		expect(stillLocked.message).toContain('1 phút');

		const callsBefore = sleep.mock.calls.length;
		const session = await attempt(PASSWORD, at(15 * MINUTE));
		expect(await validateSessionToken(database.db, session.token, at(15 * MINUTE))).not.toBeNull();
		expect(sleep.mock.calls.length).toBe(callsBefore);
		// A successful sign-in clears the counter of this account from this address.
		expect(await failuresOf(`account-address:${email}|${await hashed(address)}`)).toBe(0);
	});

	it("does not let a stranger's 50 wrong passwords from another address keep the owner out", async () => {
		const { email } = await registerMember();
		const stranger = uniqueAddress();
		const owner = uniqueAddress();
		const outcomes: number[] = [];
		for (let i = 0; i < 50; i++) {
			const guess = await failureOf(
				signIn(ctxFor(database, null, at(i * 1000)), {
					email,
					password: `${WRONG}-${i}`,
					address: stranger,
					sleep: noSleep()
				})
			);
			outcomes.push(guess.status);
		}
		// Five guesses reach the password check; the rest are refused before it.
		expect(outcomes.filter((s) => s === 400)).toHaveLength(accountAddressLimits.lockAfter);
		expect(outcomes.filter((s) => s === 429)).toHaveLength(50 - accountAddressLimits.lockAfter);

		// The owner, from their own address, signs in at once, with no wait and no proof.
		const sleep = noSleep();
		const session = await signIn(ctxFor(database, null, at(MINUTE)), {
			email,
			password: PASSWORD,
			address: owner,
			sleep
		});
		expect(await validateSessionToken(database.db, session.token, at(MINUTE))).not.toBeNull();
		expect(sleep).not.toHaveBeenCalled();
		// The stranger is still locked out of this account, but only from their address.
		const stillOut = await failureOf(
			signIn(ctxFor(database, null, at(MINUTE)), {
				email,
				password: PASSWORD,
				address: stranger,
				sleep: noSleep()
			})
		);
		expect(stillOut.status).toBe(429);
	});

	it('counts guesses sent in parallel: no more than 5 from one address reach the password check', async () => {
		const { email } = await registerMember();
		const address = uniqueAddress();
		const outcomes = await Promise.all(
			Array.from({ length: 10 }, () =>
				failureOf(
					signIn(ctxFor(database, null, t0), { email, password: WRONG, address, sleep: noSleep() })
				).then((e) => e.status)
			)
		);
		expect(outcomes.filter((s) => s === 400)).toHaveLength(5);
		expect(outcomes.filter((s) => s === 429)).toHaveLength(5);
	});

	it('slows and then locks an address failing across many accounts', async () => {
		const { slowAfter, lockAfter } = addressLimits;
		// One address may be a whole school behind one router: it gets more room than an account.
		expect(slowAfter).toBeGreaterThan(accountAddressLimits.lockAfter);
		expect(lockAfter).toBeGreaterThan(slowAfter);
		const address = uniqueAddress();
		const sleep = noSleep();
		const { email } = await registerMember();
		for (let i = 0; i < lockAfter; i++) {
			if (i === slowAfter) expect(sleep).not.toHaveBeenCalled();
			const failure = await failureOf(
				signIn(ctxFor(database, null, t0), {
					email: uniqueEmail('doan'),
					password: WRONG,
					address,
					sleep
				})
			);
			expect(failure.status).toBe(400);
		}
		// Slowed after `slowAfter` failures of the address, though no account failed twice.
		expect(sleep).toHaveBeenCalledTimes(lockAfter - slowAfter);
		expect(Math.min(...sleep.mock.calls.map(([ms]) => ms))).toBeGreaterThan(0);

		const refused = await failureOf(
			signIn(ctxFor(database, null, t0), { email, password: PASSWORD, address, sleep })
		);
		expect(refused.status).toBe(429);
		expect(refused.message).toContain('phút');

		// The account itself is fine: the same user signs in from another address.
		const session = await signIn(ctxFor(database, null, t0), {
			email,
			password: PASSWORD,
			address: uniqueAddress(),
			sleep
		});
		expect(session.token).toBeTruthy();
		// And the address lock lifts with time.
		const later = await signIn(ctxFor(database, null, at(15 * MINUTE)), {
			email,
			password: PASSWORD,
			address,
			sleep
		});
		expect(later.token).toBeTruthy();
	});

	it('asks for a proof of work once an account has failed often from many addresses; the right password with one signs in', async () => {
		const { email } = await registerMember();
		const ceiling = accountLimits.proofAfter!;
		// Guesses spread over addresses, each below its own lock.
		for (let i = 0; i < ceiling; i++) {
			const guess = await failureOf(
				signIn(ctxFor(database, null, at(i * 1000)), {
					email,
					password: WRONG,
					address: uniqueAddress(),
					sleep: noSleep()
				})
			);
			expect(guess.status).toBe(400);
		}
		const now = at(MINUTE);
		const owner = uniqueAddress();
		const send = (extra: { password?: string; altcha?: string; ticket?: string }) =>
			signIn(ctxFor(database, null, now), {
				email,
				password: PASSWORD,
				...extra,
				address: owner,
				sleep: noSleep()
			});

		// Without a proof even the right password is refused, and nothing says it was right.
		const asked = await failureOf(send({}));
		expect(asked.status).toBe(429);
		expect(asked.message).toMatch(VIETNAMESE);
		expect(asked.fieldErrors.altcha?.[0]).toBe(asked.message);
		const forged = Buffer.from(
			JSON.stringify({
				...JSON.parse(Buffer.from(await proof(now), 'base64').toString()),
				number: -1
			})
		).toString('base64');
		expect((await failureOf(send({ altcha: forged }))).status).toBe(429);

		// A wrong password with a proof is still a failure that counts.
		const before = await failuresOf(`account:${email}`);
		expect((await failureOf(send({ password: WRONG, altcha: await proof(now) }))).status).toBe(400);
		expect(await failuresOf(`account:${email}`)).toBe(before + 1);

		// The right password with a proof gets in, not locked out; the proof is good once.
		const altcha = await solvedProof(await issueAccountChallenge(ctxFor(database, null, now)));
		const session = await send({ altcha });
		expect(await validateSessionToken(database.db, session.token, now)).not.toBeNull();
		expect((await failureOf(send({ altcha }))).status).toBe(429);

		// Without JavaScript, the sign-in page's ticket serves, once it is a few seconds old.
		const page = await issueAccountFormTicket(ctxFor(database, null, now));
		expect((await failureOf(send({ ticket: page }))).status).toBe(429);
		const later = signIn(ctxFor(database, null, new Date(now.getTime() + TICKET_MIN_AGE_MS)), {
			email,
			password: PASSWORD,
			ticket: page,
			address: owner,
			sleep: noSleep()
		});
		expect((await later).token).toBeTruthy();

		// The ceiling is counted over its window, then forgotten.
		const next = await signIn(ctxFor(database, null, at(accountLimits.windowMs)), {
			email,
			password: PASSWORD,
			address: owner,
			sleep: noSleep()
		});
		expect(next.token).toBeTruthy();
	});

	it('does not hold successful sign-ins against a shared address', async () => {
		const address = uniqueAddress();
		const key = `address:${await hashed(address)}`;
		await failureOf(
			signIn(ctxFor(database, null, t0), {
				email: uniqueEmail('khong-co'),
				password: WRONG,
				address,
				sleep: noSleep()
			})
		);
		expect(await failuresOf(key)).toBe(1);
		for (let i = 0; i < 3; i++) {
			const { email } = await registerMember();
			await signIn(ctxFor(database, null, t0), {
				email,
				password: PASSWORD,
				address,
				sleep: noSleep()
			});
		}
		expect(await failuresOf(key)).toBe(1);
		// The address itself is not kept, only its keyed hash.
		const keys = (await database.db.select().from(signInThrottle)).map((r) => r.key);
		expect(keys.join(' ')).not.toContain(address);
	});

	it('refuses a deactivated account even with the right password', async () => {
		const { email, actor } = await registerMember();
		await deactivateUser(ctxFor(database, tree.organizer, t0), { id: actor.id });
		const failure = await failureOf(
			signIn(ctxFor(database, null, t0), {
				email,
				password: PASSWORD,
				address: uniqueAddress(),
				sleep: noSleep()
			})
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
		const session = await signIn(ctxFor(database, null, t0), {
			email,
			password: PASSWORD,
			address: uniqueAddress(),
			sleep: noSleep()
		});
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
		const other = await signIn(ctxFor(database, null, t0), {
			email,
			password: PASSWORD,
			address: uniqueAddress(),
			sleep: noSleep()
		});
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
		await deactivateUser(ctxFor(database, tree.organizer, t0), { id: actor.id });
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
		const second = await signIn(ctxFor(database, null, t0), {
			email,
			password: PASSWORD,
			address: uniqueAddress(),
			sleep: noSleep()
		});
		const third = await signIn(ctxFor(database, null, t0), {
			email,
			password: PASSWORD,
			address: uniqueAddress(),
			sleep: noSleep()
		});
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
					signIn(ctxFor(database, null, at(MINUTE)), {
						email,
						password: PASSWORD,
						address,
						sleep: noSleep()
					})
				)
			).status
		).toBe(400);
		const again = await signIn(ctxFor(database, null, at(MINUTE)), {
			email,
			password: 'Mat-khau-moi-2',
			address,
			sleep: noSleep()
		});
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
		expect(user!.passwordHash!.startsWith('$argon2id$')).toBe(true);

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
				...(await registration({ fullName: 'Người Trùng', email: email.toUpperCase() })),
				address: uniqueAddress()
			})
		);
		expect(failure.status).toBe(409);
		expect(failure.fieldErrors.email?.[0]).toMatch(VIETNAMESE);
		expect((await database.db.select().from(users)).length).toBe(usersBefore);
		expect((await database.db.select().from(auditLog)).length).toBe(auditBefore);
	});

	it('refuses a registration without a valid proof of work, and a proof sent twice', async () => {
		const usersBefore = await database.db.$count(users);
		const address = uniqueAddress();
		const send = (input: RegisterInput) =>
			register(ctxFor(database, null, t0), { ...input, address });
		const bare = await failureOf(send(await registration({ altcha: undefined })));
		expect(bare.status).toBe(400);
		expect(bare.fieldErrors.altcha?.[0]).toMatch(VIETNAMESE);
		const decoded = JSON.parse(Buffer.from(await proof(), 'base64').toString());
		const forged = Buffer.from(JSON.stringify({ ...decoded, number: decoded.number + 1 })).toString(
			'base64'
		);
		expect((await failureOf(send(await registration({ altcha: forged })))).status).toBe(400);
		// Expired: a challenge is good for ten minutes by the server's clock.
		const old = await solvedProof(
			await issueAccountChallenge(ctxFor(database, null, at(-11 * MINUTE)))
		);
		expect((await failureOf(send(await registration({ altcha: old })))).status).toBe(400);
		expect(await database.db.$count(users)).toBe(usersBefore);

		const altcha = await proof();
		await send(await registration({ altcha }));
		const replayed = await failureOf(send(await registration({ altcha })));
		expect(replayed.status).toBe(400);
		expect(replayed.message).toBe('Mã xác minh này đã được dùng. Vui lòng thử lại.');
		expect(await database.db.$count(users)).toBe(usersBefore + 1);
	});

	it('takes 50 registrations sent from one address at once only up to its hourly allowance', async () => {
		const usersBefore = await database.db.$count(users);
		const address = uniqueAddress();
		const inputs = await Promise.all(Array.from({ length: 50 }, () => registration()));
		const outcomes = await Promise.all(
			inputs.map((input) =>
				register(ctxFor(database, null, at(2000)), { ...input, address }).then(
					() => 200,
					(error: unknown) => {
						if (error instanceof DomainError) return error.status;
						throw error;
					}
				)
			)
		);
		const allowance = registrationLimits.lockAfter;
		expect(outcomes.filter((s) => s === 200)).toHaveLength(allowance);
		expect(outcomes.filter((s) => s === 429)).toHaveLength(50 - allowance);
		expect(await database.db.$count(users)).toBe(usersBefore + allowance);

		const refused = await failureOf(
			register(ctxFor(database, null, at(MINUTE)), { ...(await registration()), address })
		);
		expect(refused.status).toBe(429);
		expect(refused.message).toContain(`${allowance} tài khoản trong một giờ`);
		expect(refused.message).toContain('60 phút');
		// Another address is not held back, and this one may register again an hour later.
		await register(ctxFor(database, null, at(MINUTE)), {
			...(await registration()),
			address: uniqueAddress()
		});
		const later = at(2000 + registrationLimits.lockMs);
		await register(ctxFor(database, null, later), {
			...(await registration({ altcha: await proof(later) })),
			address
		});
	});

	it('keeps the proof and the allowance spent when the email is taken, so one proof cannot probe emails', async () => {
		const { email } = await registerMember();
		const address = uniqueAddress();
		const altcha = await proof();
		const taken = await failureOf(
			register(ctxFor(database, null, t0), { ...(await registration({ email, altcha })), address })
		);
		expect(taken.status).toBe(409);
		const probe = await failureOf(
			register(ctxFor(database, null, t0), { ...(await registration({ altcha })), address })
		);
		expect(probe.status).toBe(400);
		expect(probe.message).toBe('Mã xác minh này đã được dùng. Vui lòng thử lại.');
		const [row] = await database.db
			.select()
			.from(signInThrottle)
			.where(
				eq(signInThrottle.key, `register:${hashAddress(address, await antiAbuseKey(database.db))}`)
			);
		expect(row?.failures).toBe(1);
	});

	it('works without JavaScript by the page ticket: not within seconds of the page, and once', async () => {
		const address = uniqueAddress();
		const ticket = await issueAccountFormTicket(ctxFor(database, null, t0));
		const send = async (now: Date) =>
			register(ctxFor(database, null, now), {
				...(await registration({ altcha: undefined, ticket })),
				address
			});
		const early = await failureOf(send(at(TICKET_MIN_AGE_MS - 1)));
		expect(early.status).toBe(400);
		expect(early.fieldErrors.altcha?.[0]).toContain('chờ vài giây');
		const session = await send(at(TICKET_MIN_AGE_MS));
		expect(await validateSessionToken(database.db, session.token, at(MINUTE))).not.toBeNull();
		expect((await failureOf(send(at(MINUTE)))).status).toBe(400);
		// A ticket signed with another key, or tampered with, is refused.
		const foreign = issueTicket('khoa-khac-'.repeat(4), t0);
		const tampered = `${Number(ticket.split('.')[0]) - 60_000}.${ticket.split('.').slice(1).join('.')}`;
		for (const bad of [foreign, tampered]) {
			const refused = await failureOf(
				register(ctxFor(database, null, at(MINUTE)), {
					...(await registration({ altcha: undefined, ticket: bad })),
					address
				})
			);
			expect(refused.status).toBe(400);
		}
	});

	it('records the account as created at the server time it was registered', async () => {
		const later = at(3 * DAY);
		const input = await registration({ altcha: await proof(later) });
		const session = await register(ctxFor(database, null, later), {
			...input,
			address: uniqueAddress()
		});
		const valid = await validateSessionToken(database.db, session.token, later);
		const [user] = await database.db.select().from(users).where(eq(users.id, valid!.actor.id));
		expect(user!.createdAt.getTime()).toBe(later.getTime());
	});

	it('refuses an unknown unit on the unit field', async () => {
		const failure = await failureOf(
			register(ctxFor(database, null, t0), {
				...(await registration({ fullName: 'Người Lạc', unitId: 999_999 })),
				address: uniqueAddress()
			})
		);
		expect(failure.status).toBe(400);
		expect(failure.fieldErrors.unitId).toBeDefined();
	});
});
