// What a person does through their mailbox: a forgotten password, a reset link clicked twice or
// too late, the address check sent at sign-up. Messages go through the real sender to a real
// SMTP server, and each test follows the link the message carries.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { antiAbuseKey } from '../antiabuse/repo';
import { issueChallenge } from '../antiabuse/pow';
import type { Database } from '../db/client';
import { auditLog, mailOutbox, sessions, users } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree, makeUser } from '../testing/factories';
import { deliverTo, tokenIn } from '../testing/mail';
import { solvedProof } from '../testing/proof';
import { startSmtpSink, type SmtpSink } from '../testing/smtp';
import { failure } from '../testing/status';
import { deactivateUser } from '../users';
import {
	confirmEmail,
	PASSWORD_LINK_UNUSABLE,
	readAccountLink,
	requestPasswordReset,
	RESET_REQUESTED,
	sendVerificationEmail,
	setPasswordFromLink,
	VERIFY_LINK_UNUSABLE
} from './account-link-use-cases';
import { hashPassword } from './password';
import { register, signIn, validateSessionToken } from './service';
import { sessionIdFromToken } from './tokens';

let database: Database;
let sink: SmtpSink;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	sink = await startSmtpSink();
	tree = await makeTree(database);
});
afterAll(async () => {
	await sink?.close();
	await database?.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t0 = new Date('2026-11-20T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const OLD_PASSWORD = 'Mat-khau-cu-2026';
const NEW_PASSWORD = 'Mat-khau-moi-2026';
const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;

let counter = 0;
const uniqueEmail = (prefix = 'nguoi') => `${prefix}${++counter}-${process.pid}@example.vn`;
/** Each request comes from an address of its own unless a test means to share one. */
const uniqueAddress = () => `203.0.113.${++counter}`;

/** An account that has set a password (so it can sign in) and has a session or two open. */
async function personWithPassword(fullName = 'Lương Thị Quên') {
	const user = await makeUser(database, {
		unit: tree.grassroots,
		fullName,
		email: uniqueEmail(),
		passwordHash: await hashPassword(OLD_PASSWORD)
	});
	for (const device of ['dien-thoai', 'may-tinh'])
		await database.db
			.insert(sessions)
			.values({ id: `${device}-${user.id}`, userId: user.id, expiresAt: at(30 * 24 * HOUR) });
	return user;
}

const signInAs = (email: string, password: string, now = t0) =>
	signIn(ctxFor(database, null, now), {
		email,
		password,
		address: uniqueAddress(),
		sleep: vi.fn(async () => {})
	});

const askReset = (email: string, address = uniqueAddress(), now = t0) =>
	requestPasswordReset(ctxFor(database, null, now), { email, address });

const setPassword = (token: string, now = t0, password = NEW_PASSWORD) =>
	setPasswordFromLink(ctxFor(database, null, now), {
		token,
		password,
		passwordConfirm: password
	});

async function outboxFor(to: string) {
	return database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to));
}

/** The reset message for `email`, delivered at `now`, and the token its link carries. */
async function resetLink(email: string, now = t0) {
	const mails = await deliverTo(database, sink, email, now);
	const mail = mails.at(-1)!;
	expect(mail.subject).toBe('Đặt lại mật khẩu Gương Sáng');
	return tokenIn(mail, '/mat-khau-moi/');
}

describe('forgotten password', () => {
	it('answers an unknown address exactly as an account’s, and mails only the account', async () => {
		const person = await personWithPassword('Lương Thị Quên');
		const unknown = uniqueEmail('khong-co-ai');
		expect(await askReset(person.email)).toBe(RESET_REQUESTED);
		expect(await askReset(unknown)).toBe(RESET_REQUESTED);
		expect(RESET_REQUESTED).toMatch(/^Nếu email này có tài khoản, chúng tôi đã gửi thư hướng dẫn/);
		expect(await outboxFor(unknown)).toEqual([]);
		expect((await outboxFor(person.email)).map((m) => m.kind)).toEqual(['password_reset']);
		expect(await deliverTo(database, sink, unknown, t0)).toEqual([]);
		const [mail] = await deliverTo(database, sink, person.email, t0);
		expect(mail!.text).toContain('Chào Lương Thị Quên,');
		expect(mail!.text).toContain('Liên kết dùng được một lần, trong 1 giờ.');
	});

	it('sets the new password through the link, ends every session, and signs the person in', async () => {
		const person = await personWithPassword();
		await askReset(person.email);
		const token = await resetLink(person.email);
		// Opening the link only reads it: the page shows whose account it is.
		const link = await readAccountLink(ctxFor(database, null, at(MINUTE)), token, [
			'invite',
			'reset'
		]);
		expect(link).toEqual({
			purpose: 'reset',
			email: person.email,
			fullName: person.fullName,
			toCurrentAddress: true
		});
		const session = await setPassword(token, at(2 * MINUTE));
		// Only the new session is left; the phone and the computer are signed out.
		const left = await database.db.select().from(sessions).where(eq(sessions.userId, person.id));
		expect(left.map((s) => s.id)).toEqual([sessionIdFromToken(session.token)]);
		const signedIn = await validateSessionToken(database.db, session.token, at(2 * MINUTE));
		expect(signedIn?.actor.id).toBe(person.id);
		// The old password no longer works; the new one does.
		const refused = await failure(signInAs(person.email, OLD_PASSWORD, at(3 * MINUTE)));
		expect(refused.message).toBe('Email hoặc mật khẩu không đúng.');
		await signInAs(person.email, NEW_PASSWORD, at(3 * MINUTE));
		// The link proved the mailbox, and the change is in the log without the password.
		const [row] = await database.db.select().from(users).where(eq(users.id, person.id));
		expect(row!.emailVerifiedAt).toEqual(at(2 * MINUTE));
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'user.password_set'), eq(auditLog.entityId, `${person.id}`)));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			actorId: person.id,
			after: { link: 'reset', emailVerified: true }
		});
		expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
	});

	it('works once, even when two clicks arrive at the same moment', async () => {
		const person = await personWithPassword();
		await askReset(person.email);
		const token = await resetLink(person.email);
		const outcomes = await Promise.allSettled([
			setPassword(token, at(MINUTE), 'Mat-khau-lan-mot'),
			setPassword(token, at(MINUTE), 'Mat-khau-lan-hai')
		]);
		const done = outcomes.filter((o) => o.status === 'fulfilled');
		const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
		expect(done).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect(refused[0]).toMatchObject({ status: 404, message: PASSWORD_LINK_UNUSABLE });
		expect(
			await database.db.select().from(sessions).where(eq(sessions.userId, person.id))
		).toHaveLength(1);
		// Later, the spent link reads as unusable and sets nothing.
		expect(await readAccountLink(ctxFor(database, null, at(2 * MINUTE)), token, ['reset'])).toBe(
			null
		);
		expect((await failure(setPassword(token, at(2 * MINUTE)))).status).toBe(404);
	});

	it('stops working an hour after it was sent, by the server’s clock', async () => {
		const person = await personWithPassword();
		await askReset(person.email);
		const token = await resetLink(person.email, t0);
		const read = (now: Date) => readAccountLink(ctxFor(database, null, now), token, ['reset']);
		expect(await read(at(HOUR - 1000))).not.toBeNull();
		expect(await read(at(HOUR))).toBeNull();
		const late = await failure(setPassword(token, at(HOUR)));
		expect(late.status).toBe(404);
		expect(late.message).toMatch(VIETNAMESE);
		await signInAs(person.email, OLD_PASSWORD, at(HOUR));
	});

	it('only the latest message’s link works', async () => {
		const person = await personWithPassword();
		await askReset(person.email);
		const first = await resetLink(person.email, t0);
		await askReset(person.email, uniqueAddress(), at(MINUTE));
		const second = await resetLink(person.email, at(MINUTE));
		expect(second).not.toBe(first);
		expect((await failure(setPassword(first, at(2 * MINUTE)))).status).toBe(404);
		await setPassword(second, at(2 * MINUTE));
	});

	it('sends nothing to a deactivated account, with the same answer', async () => {
		const person = await personWithPassword();
		await deactivateUser(ctxFor(database, tree.organizer, t0), { id: person.id });
		expect(await askReset(person.email)).toBe(RESET_REQUESTED);
		expect(await outboxFor(person.email)).toEqual([]);
	});

	it('lets one client address ask 5 times an hour, then says so in Vietnamese', async () => {
		const address = uniqueAddress();
		for (let n = 0; n < 5; n++)
			expect(await askReset(uniqueEmail('thu'), address, at(n * MINUTE))).toBe(RESET_REQUESTED);
		const refused = await failure(askReset(uniqueEmail('thu'), address, at(6 * MINUTE)));
		expect(refused.status).toBe(429);
		expect(refused.message).toBe(
			'Địa chỉ mạng của bạn đã yêu cầu đặt lại mật khẩu 5 lần trong một giờ. Vui lòng thử lại sau 58 phút.'
		);
		// Once the hour's lock is over, the address may ask again.
		expect(await askReset(uniqueEmail('thu'), address, at(64 * MINUTE))).toBe(RESET_REQUESTED);
	});

	it('mails one account at most 3 times an hour from anywhere, answering as always', async () => {
		const person = await personWithPassword();
		for (let n = 0; n < 6; n++)
			expect(await askReset(person.email, uniqueAddress(), at(n * MINUTE))).toBe(RESET_REQUESTED);
		expect(await outboxFor(person.email)).toHaveLength(3);
		await askReset(person.email, uniqueAddress(), at(62 * MINUTE));
		expect(await outboxFor(person.email)).toHaveLength(4);
	});
});

/** A self-registration, as the sign-up form sends it (with a solved proof of work). */
async function signUp(email: string, now = t0) {
	const proof = await solvedProof(await issueChallenge(await antiAbuseKey(database.db), now, 50));
	const session = await register(ctxFor(database, null, now), {
		consent: true,
		fullName: 'Trịnh Văn Đăng Ký',
		email,
		phone: undefined,
		unitId: tree.grassroots.id,
		password: OLD_PASSWORD,
		passwordConfirm: OLD_PASSWORD,
		altcha: proof,
		address: uniqueAddress()
	});
	return (await validateSessionToken(database.db, session.token, now))!.actor;
}

const verifiedAt = async (id: number) =>
	(await database.db.select().from(users).where(eq(users.id, id)))[0]!.emailVerifiedAt;

describe('the address check at sign-up', () => {
	it('mails a link with the account; opening it spends nothing, its button verifies once', async () => {
		const email = uniqueEmail('dang-ky');
		const actor = await signUp(email);
		expect((await outboxFor(email)).map((m) => m.kind)).toEqual(['email_verification']);
		const [mail] = await deliverTo(database, sink, email, t0);
		expect(mail!.subject).toBe('Xác nhận địa chỉ email của bạn');
		expect(mail!.text).toContain('Chào Trịnh Văn Đăng Ký,');
		const token = tokenIn(mail!, '/xac-nhan-email/');
		// A mail scanner opens the link twice: nothing is spent, nothing is verified.
		for (let n = 0; n < 2; n++)
			expect(await readAccountLink(ctxFor(database, null, at(MINUTE)), token, ['verify'])).toEqual({
				purpose: 'verify',
				email,
				fullName: 'Trịnh Văn Đăng Ký',
				toCurrentAddress: true
			});
		// A verification link is not a password link.
		expect(
			await readAccountLink(ctxFor(database, null, at(MINUTE)), token, ['invite', 'reset'])
		).toBeNull();
		expect((await failure(setPassword(token, at(MINUTE)))).status).toBe(404);
		expect(await verifiedAt(actor.id)).toBeNull();

		expect(await confirmEmail(ctxFor(database, null, at(2 * MINUTE)), { token })).toEqual({
			verified: true,
			email
		});
		expect(await verifiedAt(actor.id)).toEqual(at(2 * MINUTE));
		const again = await failure(confirmEmail(ctxFor(database, null, at(3 * MINUTE)), { token }));
		expect(again).toMatchObject({ status: 404, message: VERIFY_LINK_UNUSABLE });
	});

	it('sends another from the account page, not within two minutes of the last, and not once verified', async () => {
		const email = uniqueEmail('gui-lai');
		const actor = await signUp(email);
		const resend = (now: Date) => sendVerificationEmail(ctxFor(database, actor, now), {});
		const soon = await failure(resend(at(MINUTE)));
		expect(soon.status).toBe(429);
		expect(soon.message).toBe(
			'Thư xác nhận vừa được gửi. Vui lòng kiểm tra hộp thư (cả mục Thư rác), hoặc thử lại sau 1 phút.'
		);
		expect(await resend(at(2 * MINUTE))).toBe(email);
		expect(await outboxFor(email)).toHaveLength(2);
		// Only the latest message's link works.
		const mails = await deliverTo(database, sink, email, at(2 * MINUTE));
		expect(mails).toHaveLength(2);
		const [first, latest] = mails.map((m) => tokenIn(m, '/xac-nhan-email/'));
		expect(first).not.toBe(latest);
		expect(
			(await failure(confirmEmail(ctxFor(database, null, at(3 * MINUTE)), { token: first! })))
				.status
		).toBe(404);
		await confirmEmail(ctxFor(database, null, at(3 * MINUTE)), { token: latest! });
		const done = await failure(resend(at(10 * MINUTE)));
		expect(done).toMatchObject({ status: 409, message: 'Email của bạn đã được xác nhận.' });
		expect((await failure(sendVerificationEmail(ctxFor(database, null, t0), {}))).status).toBe(401);
	});
});
