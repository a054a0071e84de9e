import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mintAccountLink } from '../auth';
import { sessionIdFromToken } from '../auth/tokens';
import type { Database } from '../db/client';
import { accountTokens, mailOutbox } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { makeUser, TEST_NOW } from '../testing/factories';
import { linksIn, startSmtpSink, type SmtpSink } from '../testing/smtp';
import { enqueueMail, setTopicOff, type NewMail } from './outbox';
import { LEASE_MS, optOutCode, readOptOutCode } from './rules';
import { createMailer, type MintLink } from './sender';
import { keptTransport, smtpTransport, type MailTransport } from './transport';

const ORIGIN = 'https://guongsang.example.vn';
let database: Database;
let sink: SmtpSink;

beforeAll(async () => {
	database = await createTestDatabase();
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink.close();
	await database.close();
});
beforeEach(async () => {
	await database.db.delete(mailOutbox);
	sink.received.length = 0;
});

const at = (ms: number) => new Date(TEST_NOW.getTime() + ms);

function mailer(
	transport: MailTransport,
	clock = () => TEST_NOW,
	mintLink: MintLink = mintAccountLink
) {
	return createMailer({
		db: database.db,
		transport,
		origin: ORIGIN,
		from: 'Gương Sáng <no-reply@guongsang.example.vn>',
		clock,
		mintLink
	});
}

const testMail = (to: string, n = 0): NewMail => ({
	kind: 'test',
	to,
	data: { requestedBy: `Quản trị viên ${n}` }
});

async function rows() {
	return database.db.select().from(mailOutbox).orderBy(mailOutbox.id);
}

describe('the outbox', () => {
	it('holds a message exactly when the change that wrote it commits', async () => {
		await expect(
			database.db.transaction(async (tx) => {
				await enqueueMail(tx, TEST_NOW, testMail('rolled-back@example.vn'));
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		await database.db.transaction((tx) =>
			enqueueMail(tx, TEST_NOW, testMail('committed@example.vn'))
		);
		expect((await rows()).map((r) => r.toAddress)).toEqual(['committed@example.vn']);
	});

	it('gathers pending items of one digest into one message, and starts a new one once it is claimed', async () => {
		const item = (n: number): NewMail => ({
			kind: 'updates',
			to: 'giamkhao@example.vn',
			topic: 'judging',
			data: { items: [{ message: `Hồ sơ số ${n}`, link: `/cham-diem/${n}` }] },
			digest: { key: 'updates:judging:7', holdMs: 60_000 }
		});
		for (let n = 1; n <= 40; n++) await enqueueMail(database.db, TEST_NOW, item(n));
		let all = await rows();
		expect(all).toHaveLength(1);
		expect((all[0]!.data.items as unknown[]).length).toBe(40);
		// Held for the gathering window, then sent as one message.
		expect(await mailer(smtpTransport(sink.url)).deliverDue()).toBe(0);
		expect(await mailer(smtpTransport(sink.url), () => at(60_000)).deliverDue()).toBe(1);
		const [mail] = await sink.waitFor(1);
		expect(mail!.subject).toBe('40 cập nhật về việc chấm điểm');
		expect(mail!.text).toContain('Có 40 cập nhật dành cho bạn trên Gương Sáng:');
		expect(mail!.text).toContain(`- Hồ sơ số 40\n  ${ORIGIN}/cham-diem/40`);
		await enqueueMail(database.db, at(60_000), item(41));
		all = await rows();
		expect(all).toHaveLength(2);
		expect(all[1]!.data.items).toEqual([{ message: 'Hồ sơ số 41', link: '/cham-diem/41' }]);
	});

	it('skips a topic the address turned off, whatever its case, and never an essential message', async () => {
		await setTopicOff(database.db, 'Can.Bo@Example.vn', 'dossiers', true, TEST_NOW);
		const update: NewMail = {
			kind: 'updates',
			to: 'can.bo@example.vn',
			topic: 'dossiers',
			data: { items: [{ message: 'Hồ sơ bị trả lại', link: '/de-cu/1' }] }
		};
		expect(await enqueueMail(database.db, TEST_NOW, update)).toBeNull();
		expect(await enqueueMail(database.db, TEST_NOW, testMail('CAN.BO@example.vn'))).not.toBeNull();
		await setTopicOff(database.db, 'can.bo@example.vn', 'dossiers', false, TEST_NOW);
		expect(await enqueueMail(database.db, TEST_NOW, update)).not.toBeNull();
	});

	it('signs opt-out codes so that nobody turns off mail for another address', () => {
		const code = optOutCode('secret', 'An@Example.vn', 'awards');
		expect(readOptOutCode('secret', code)).toEqual({ address: 'an@example.vn', topic: 'awards' });
		const [payload] = code.split('.');
		const forged = `${Buffer.from('khac@example.vn\nawards').toString('base64url')}.${code.split('.')[1]}`;
		expect(readOptOutCode('secret', forged)).toBeNull();
		expect(readOptOutCode('other secret', code)).toBeNull();
		expect(readOptOutCode('secret', `${payload}`)).toBeNull();
	});
});

describe('the sender', () => {
	it('delivers in Vietnamese, text and HTML, with our Message-ID, and records the reply', async () => {
		const id = await enqueueMail(database.db, TEST_NOW, testMail('nhan@example.vn', 1));
		expect(await mailer(smtpTransport(sink.url)).deliverDue()).toBe(1);
		const [mail] = await sink.waitFor(1);
		expect(mail!.subject).toBe('Thư thử từ Gương Sáng');
		expect(mail!.text).toContain('Người gửi thử: Quản trị viên 1.');
		expect(mail!.html).toContain('Đây là thư thử do quản trị viên gửi từ trang “Thư đi”');
		expect(mail!.from?.value).toEqual([
			{ name: 'Gương Sáng', address: 'no-reply@guongsang.example.vn' }
		]);
		const [row] = await rows();
		expect(row!.id).toBe(id);
		expect(mail!.messageId).toBe(row!.messageId);
		expect(row!.status).toBe('delivered');
		expect(row!.reply).toMatch(/^250/);
		expect(row!.subject).toBe('Thư thử từ Gương Sáng');
		expect(row!.sentAt).toEqual(TEST_NOW);
	});

	it('mints the single-use link when it sends, and keeps the sent copy without it', async () => {
		const user = await makeUser(database, { fullName: 'Nguyễn Thị Hoà', email: 'hoa@example.vn' });
		await enqueueMail(database.db, TEST_NOW, {
			kind: 'password_reset',
			to: user.email,
			userId: user.id,
			data: { fullName: user.fullName }
		});
		const [before] = await rows();
		expect(JSON.stringify(before)).not.toMatch(/mat-khau-moi\//);
		await mailer(smtpTransport(sink.url)).deliverDue();
		const [mail] = await sink.waitFor(1);
		expect(mail!.text).toContain('Chào Nguyễn Thị Hoà,');
		const link = linksIn(mail!).find((l) => l.includes('/mat-khau-moi/'))!;
		expect(link.startsWith(`${ORIGIN}/mat-khau-moi/`)).toBe(true);
		const token = link.split('/').pop()!;
		const [stored] = await database.db
			.select()
			.from(accountTokens)
			.where(eq(accountTokens.tokenHash, sessionIdFromToken(token)));
		expect(stored).toMatchObject({ userId: user.id, purpose: 'reset', address: user.email });
		expect(stored!.expiresAt).toEqual(at(3600_000));
		const [after] = await rows();
		expect(after!.text).not.toContain(token);
		expect(after!.html).not.toContain(token);
		expect(after!.text).toContain('[liên kết riêng: chỉ có trong thư đã gửi tới người nhận]');
	});

	it('puts an opt-out link and one-click headers on a non-essential message only', async () => {
		await enqueueMail(database.db, TEST_NOW, {
			kind: 'updates',
			to: 'canbo@example.vn',
			topic: 'dossiers',
			data: { items: [{ message: 'Hồ sơ Lê Văn Tám đã được chấp nhận.', link: '/de-cu/3' }] }
		});
		await enqueueMail(database.db, TEST_NOW, testMail('canbo@example.vn'));
		await mailer(smtpTransport(sink.url)).deliverDue();
		const mails = await sink.waitFor(2);
		const update = mails.find((m) => m.subject?.startsWith('Hồ sơ đề cử:'))!;
		const test = mails.find((m) => m.subject === 'Thư thử từ Gương Sáng')!;
		expect(update.subject).toBe('Hồ sơ đề cử: Hồ sơ Lê Văn Tám đã được chấp nhận.');
		const optOut = linksIn(update).find((l) => l.includes('/thu/ngung-nhan?ma='))!;
		const header = (m: typeof update, key: string) =>
			m.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n\s+/g, ' ');
		expect(header(update, 'list-unsubscribe')).toBe(`List-Unsubscribe: <${optOut}>`);
		expect(header(update, 'list-unsubscribe-post')).toBe(
			'List-Unsubscribe-Post: List-Unsubscribe=One-Click'
		);
		expect(header(test, 'list-unsubscribe')).toBeUndefined();
		expect(linksIn(test).some((l) => l.includes('ngung-nhan'))).toBe(false);
	});

	it('never blocks on an unreachable server: the message waits, says why, and goes later', async () => {
		const closed = await startSmtpSink();
		await closed.close();
		await enqueueMail(database.db, TEST_NOW, testMail('cho@example.vn'));
		expect(await mailer(smtpTransport(closed.url)).deliverDue()).toBe(1);
		let [row] = await rows();
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(row!.reply).toMatch(/ECONNREFUSED/);
		expect(row!.notBefore).toEqual(at(60_000));
		// Not before its backoff; then to the server that works.
		expect(await mailer(smtpTransport(sink.url), () => at(59_999)).deliverDue()).toBe(0);
		expect(await mailer(smtpTransport(sink.url), () => at(60_000)).deliverDue()).toBe(1);
		[row] = await rows();
		expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
		expect(sink.received).toHaveLength(1);
	});

	it('stops retrying an address the server refuses, and keeps the refusal', async () => {
		sink.refuse(1, 550, 'Mailbox unavailable');
		await enqueueMail(database.db, TEST_NOW, testMail('khong-co@example.vn'));
		await mailer(smtpTransport(sink.url)).deliverDue();
		const [row] = await rows();
		expect(row!.status).toBe('failed');
		expect(row!.reply).toMatch(/550/);
	});

	it('without a mail server keeps each message whole for the outbox page, and prints it', async () => {
		const user = await makeUser(database, { fullName: 'Trần Minh', email: 'minh@example.vn' });
		await enqueueMail(database.db, TEST_NOW, {
			kind: 'invitation',
			to: user.email,
			userId: user.id,
			data: { fullName: user.fullName, invitedBy: 'Quản trị viên', unitName: 'Đoàn xã' }
		});
		const printed: string[] = [];
		await mailer(keptTransport((line) => printed.push(line))).deliverDue();
		const [row] = await rows();
		expect(row!.status).toBe('kept');
		expect(row!.text).toMatch(new RegExp(`${ORIGIN}/mat-khau-moi/[a-z0-9]{32}`));
		expect(printed.join('\n')).toContain(row!.text!);
		expect(row!.text).toContain('Quản trị viên đã tạo tài khoản Gương Sáng cho bạn tại Đoàn xã');
	});
});

describe('a sender that stops mid-batch', () => {
	/** Sends through SMTP until `after` messages, then hangs for ever on the next, as a node that died. */
	function dyingAfter(after: number): MailTransport {
		const real = smtpTransport(sink.url);
		let sent = 0;
		return {
			mode: 'smtp',
			send: (mail) => (sent++ < after ? real.send(mail) : new Promise<string>(() => {})),
			close: () => real.close()
		};
	}

	it('loses nothing and sends nothing twice: another sender takes the rest once the claim lapses', async () => {
		for (let n = 1; n <= 6; n++)
			await enqueueMail(database.db, TEST_NOW, testMail(`n${n}@example.vn`, n));
		const dying = mailer(dyingAfter(2));
		void dying.deliverDue();
		// It dies on the third message, after recording the first two.
		await sink.waitFor(2);
		while ((await rows()).filter((r) => r.status === 'delivered').length < 2)
			await new Promise((resolve) => setTimeout(resolve, 20));
		// While the dead node's claim holds, nobody else takes its messages.
		expect(await mailer(smtpTransport(sink.url), () => at(LEASE_MS - 1)).deliverDue()).toBe(0);
		expect(await mailer(smtpTransport(sink.url), () => at(LEASE_MS + 1)).deliverDue()).toBe(4);
		const mails = await sink.waitFor(6);
		expect(mails).toHaveLength(6);
		expect(new Set(mails.map((m) => m.messageId)).size).toBe(6);
		expect(mails.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual(
			[1, 2, 3, 4, 5, 6].map((n) => `n${n}@example.vn`)
		);
		expect((await rows()).every((r) => r.status === 'delivered')).toBe(true);
	});

	it('hands the rest of its batch back at once when stopped on purpose', async () => {
		for (let n = 1; n <= 5; n++)
			await enqueueMail(database.db, TEST_NOW, testMail(`s${n}@example.vn`, n));
		const real = smtpTransport(sink.url);
		let sender: ReturnType<typeof mailer> | null = null;
		const stopping: { done?: Promise<void> } = {};
		sender = mailer({
			mode: 'smtp',
			send: async (mail) => {
				const reply = await real.send(mail);
				stopping.done ??= sender!.stop();
				return reply;
			},
			close: () => {}
		});
		await sender.deliverDue();
		await stopping.done;
		const all = await rows();
		expect(all.filter((r) => r.status === 'delivered')).toHaveLength(1);
		expect(all.filter((r) => r.status === 'pending' && r.attempts === 0)).toHaveLength(4);
		expect(await mailer(smtpTransport(sink.url)).deliverDue()).toBe(4);
		expect(await sink.waitFor(5)).toHaveLength(5);
		real.close();
	});

	it('lets two senders share one outbox, each message going once', async () => {
		for (let n = 1; n <= 30; n++)
			await enqueueMail(database.db, TEST_NOW, testMail(`p${n}@example.vn`, n));
		const a = createMailer({
			db: database.db,
			transport: smtpTransport(sink.url),
			origin: ORIGIN,
			from: 'a@example.vn',
			clock: () => TEST_NOW,
			mintLink: mintAccountLink,
			batchSize: 5
		});
		const b = createMailer({
			db: database.db,
			transport: smtpTransport(sink.url),
			origin: ORIGIN,
			from: 'b@example.vn',
			clock: () => TEST_NOW,
			mintLink: mintAccountLink,
			batchSize: 5
		});
		const drain = async (m: typeof a) => {
			let total = 0;
			for (let n; (n = await m.deliverDue()) > 0;) total += n;
			return total;
		};
		const [byA, byB] = await Promise.all([drain(a), drain(b)]);
		expect(byA + byB).toBe(30);
		const mails = await sink.waitFor(30);
		expect(new Set(mails.map((m) => m.messageId)).size).toBe(30);
		expect(mails).toHaveLength(30);
	});
});
