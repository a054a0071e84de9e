// Accounts made by organizers get no password from anyone: the person is invited by e-mail and
// sets their own. Messages go through the real sender to a real SMTP server; each test follows
// the link a message carries, as the invited person would.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	confirmEmail,
	mintAccountLink,
	PASSWORD_LINK_UNUSABLE,
	setPasswordFromLink,
	signIn,
	validateSessionToken
} from '../auth';
import type { Database } from '../db/client';
import { accountTokens, auditLog, mailOutbox, users } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { deliverTo, tokenIn } from '../testing/mail';
import { startSmtpSink, type SmtpSink } from '../testing/smtp';
import { failure } from '../testing/status';
import {
	createUser,
	deactivateUser,
	getUser,
	importUsers,
	resendInvitation,
	sendPasswordReset,
	updateUser
} from './service';

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
const DAY = 24 * 60 * MINUTE;
const t0 = new Date('2026-11-20T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const PASSWORD = 'Mat-khau-tu-dat-1';
const WRONG_CREDENTIALS = 'Email hoặc mật khẩu không đúng.';

let counter = 0;
const uniqueEmail = (prefix = 'duoc-moi') => `${prefix}${++counter}-${process.pid}@example.vn`;

const signInAs = (email: string, password: string, now = t0) =>
	signIn(ctxFor(database, null, now), {
		email,
		password,
		address: `198.18.0.${++counter}`,
		sleep: vi.fn(async () => {})
	});

const takeUp = (token: string, now: Date) =>
	setPasswordFromLink(ctxFor(database, null, now), {
		token,
		password: PASSWORD,
		passwordConfirm: PASSWORD
	});

async function userRow(id: number) {
	return (await database.db.select().from(users).where(eq(users.id, id)))[0]!;
}

/** An organizer creates an account; the invitation is delivered at `now`. */
async function invited(fullName = 'Đoàn Thị Được Mời', now = t0) {
	const email = uniqueEmail();
	const id = await createUser(ctxFor(database, tree.organizer, now), {
		fullName,
		email,
		phone: undefined,
		unitId: tree.grassroots.id,
		role: 'judge'
	});
	return { id, email, fullName };
}

describe('an account made by an organizer', () => {
	it('has no password and cannot sign in until the invitation’s link sets one; then the person is signed in', async () => {
		const person = await invited('Đoàn Thị Được Mời');
		expect((await userRow(person.id)).passwordHash).toBeNull();
		for (const guess of ['null', PASSWORD])
			expect((await failure(signInAs(person.email, guess))).message).toBe(WRONG_CREDENTIALS);
		const view = await getUser(ctxFor(database, tree.organizer, t0), person.id);
		expect(view).toMatchObject({ hasPassword: false, emailVerifiedAt: null });

		const [mail] = await deliverTo(database, sink, person.email, t0);
		expect(mail!.subject).toBe('Mời bạn tham gia Gương Sáng');
		expect(mail!.text).toContain('Chào Đoàn Thị Được Mời,');
		expect(mail!.text).toContain(
			`${tree.organizer.fullName} đã tạo tài khoản Gương Sáng cho bạn tại ${tree.grassroots.name}, với địa chỉ email này.`
		);
		// The outbox keeps the message without its link: only the mailbox has it.
		const token = tokenIn(mail!, '/mat-khau-moi/');
		const [kept] = await database.db
			.select()
			.from(mailOutbox)
			.where(eq(mailOutbox.userId, person.id));
		expect(kept!.text).not.toContain(token);

		const session = await takeUp(token, at(DAY));
		const signedIn = await validateSessionToken(database.db, session.token, at(DAY));
		expect(signedIn?.actor).toMatchObject({ id: person.id, email: person.email });
		await signInAs(person.email, PASSWORD, at(DAY));
		// The link proved the address; the organizer's page says both.
		const after = await getUser(ctxFor(database, tree.organizer, at(DAY)), person.id);
		expect(after).toMatchObject({ hasPassword: true, emailVerifiedAt: at(DAY) });
		const [audit] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'user.password_set'), eq(auditLog.entityId, `${person.id}`)));
		expect(audit).toMatchObject({
			actorId: person.id,
			entityId: String(person.id),
			unitPath: tree.grassroots.path,
			after: { link: 'invitation', emailVerified: true }
		});
	});

	it('an invitation works for 7 days; a new one replaces it, and none is sent once the password is set', async () => {
		const person = await invited();
		const [first] = await deliverTo(database, sink, person.email, t0);
		const firstToken = tokenIn(first!, '/mat-khau-moi/');
		const ctx = ctxFor(database, tree.organizer, at(8 * DAY));
		// Past its week the link is refused; a fresh invitation is sent.
		expect((await failure(takeUp(firstToken, at(7 * DAY)))).message).toBe(PASSWORD_LINK_UNUSABLE);
		expect(await resendInvitation(ctx, { id: person.id })).toBe(person.email);
		const mails = await deliverTo(database, sink, person.email, at(8 * DAY));
		expect(mails).toHaveLength(2);
		const secondToken = tokenIn(mails[1]!, '/mat-khau-moi/');
		await takeUp(secondToken, at(8 * DAY + MINUTE));
		// Now the person has a password: no more invitations, and the reset path is the one.
		const again = await failure(resendInvitation(ctx, { id: person.id }));
		expect(again.status).toBe(409);
		expect(again.message).toContain('Gửi thư đặt lại mật khẩu');
		expect(await sendPasswordReset(ctx, { id: person.id })).toBe(person.email);
	});

	it('asks for an invitation, not a reset, while the person has no password; neither while deactivated', async () => {
		const person = await invited();
		const ctx = ctxFor(database, tree.organizer, t0);
		const reset = await failure(sendPasswordReset(ctx, { id: person.id }));
		expect(reset.status).toBe(409);
		expect(reset.message).toContain('Gửi lại lời mời');
		// A member of another district is not the organizer's to invite.
		const stranger = await createUser(ctxFor(database, tree.admin, t0), {
			fullName: 'Người Huyện Khác',
			email: uniqueEmail(),
			phone: undefined,
			unitId: tree.sibling.id,
			role: undefined
		});
		expect((await failure(resendInvitation(ctx, { id: stranger }))).status).toBe(404);
		await deactivateUser(ctx, { id: person.id });
		const inactive = await failure(resendInvitation(ctx, { id: person.id }));
		expect(inactive).toMatchObject({
			status: 409,
			message: 'Tài khoản đã bị vô hiệu hoá: hãy kích hoạt lại trước khi gửi thư.'
		});
		// Its earlier invitation no longer opens it either.
		const [mail] = await deliverTo(database, sink, person.email, t0);
		expect((await failure(takeUp(tokenIn(mail!, '/mat-khau-moi/'), t0))).status).toBe(403);
	});

	it('a new address is unproven, and links sent to the old one stop working', async () => {
		const person = await invited('Phan Văn Đổi Địa Chỉ');
		const [mail] = await deliverTo(database, sink, person.email, t0);
		const token = tokenIn(mail!, '/mat-khau-moi/');
		// The person had also proven the old address (as a verification link would).
		const verify = await mintAccountLink(
			database.db,
			{ userId: person.id, purpose: 'verify', address: person.email },
			t0
		);
		await confirmEmail(ctxFor(database, null, t0), { token: verify.split('/').pop()! });
		expect((await userRow(person.id)).emailVerifiedAt).toEqual(t0);

		const newEmail = uniqueEmail('dia-chi-moi');
		await updateUser(ctxFor(database, tree.organizer, at(MINUTE)), {
			id: person.id,
			fullName: person.fullName,
			email: newEmail,
			phone: undefined,
			unitId: tree.grassroots.id
		});
		expect((await userRow(person.id)).emailVerifiedAt).toBeNull();
		expect((await failure(takeUp(token, at(2 * MINUTE)))).status).toBe(404);
		expect(
			await database.db.select().from(accountTokens).where(eq(accountTokens.userId, person.id))
		).toEqual([expect.objectContaining({ purpose: 'verify', usedAt: t0 })]);
		// Invited again at the new address, the person proves it by setting the password.
		await resendInvitation(ctxFor(database, tree.organizer, at(3 * MINUTE)), { id: person.id });
		const [fresh] = await deliverTo(database, sink, newEmail, at(3 * MINUTE));
		await takeUp(tokenIn(fresh!, '/mat-khau-moi/'), at(4 * MINUTE));
		expect((await userRow(person.id)).emailVerifiedAt).toEqual(at(4 * MINUTE));
		// Saving the same address in another case is no new address: the proof stays.
		await updateUser(ctxFor(database, tree.organizer, at(5 * MINUTE)), {
			id: person.id,
			fullName: person.fullName,
			email: newEmail.toUpperCase(),
			phone: undefined,
			unitId: tree.grassroots.id
		});
		expect((await userRow(person.id)).emailVerifiedAt).toEqual(at(4 * MINUTE));
	});
});

describe('an import', () => {
	it('invites every account it creates, and each person signs in with the password they set', async () => {
		const people = [
			{ name: 'Hà Thị Nhập Một', email: uniqueEmail('nhap') },
			{ name: 'Tạ Văn Nhập Hai', email: uniqueEmail('nhap') }
		];
		const csv =
			'Họ và tên,Email,Số điện thoại,Mã đơn vị,Vai trò\n' +
			people.map((p) => `${p.name},${p.email},,${tree.grassroots.code},`).join('\n');
		const report = await importUsers(ctxFor(database, tree.organizer, t0), {
			file: { name: 'nguoi-dung.csv', bytes: new TextEncoder().encode(csv) },
			mode: 'all-or-nothing'
		});
		expect(report).toEqual({ total: 2, imported: 2, errors: [], invited: 2 });
		for (const person of people) {
			const [mail] = await deliverTo(database, sink, person.email, t0);
			expect(mail!.subject).toBe('Mời bạn tham gia Gương Sáng');
			expect(mail!.text).toContain(`Chào ${person.name},`);
			await expect(signInAs(person.email, PASSWORD)).rejects.toMatchObject({
				message: WRONG_CREDENTIALS
			});
			await takeUp(tokenIn(mail!, '/mat-khau-moi/'), at(MINUTE));
			await signInAs(person.email, PASSWORD, at(MINUTE));
		}
	});
});
