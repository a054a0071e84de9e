import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintAccountLink } from '../auth';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/client';
import { auditLog, mailOutbox } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree, TEST_NOW } from '../testing/factories';
import { startSmtpSink, type SmtpSink } from '../testing/smtp';
import { statusOf } from '../testing/status';
import { getOutboxMessage, listOutbox, resendMail, sendTestMail } from './outbox-use-cases';
import { createMailer } from './sender';
import { smtpTransport } from './transport';

let database: Database;
let sink: SmtpSink;
let admin: Actor;
let organizer: Actor;

beforeAll(async () => {
	database = await createTestDatabase();
	sink = await startSmtpSink();
	({ admin, organizer } = await makeTree(database));
});
afterAll(async () => {
	await sink.close();
	await database.close();
});

const later = (ms: number) => new Date(TEST_NOW.getTime() + ms);
const send = (now = TEST_NOW) =>
	createMailer({
		db: database.db,
		transport: smtpTransport(sink.url),
		origin: 'http://127.0.0.1:3000',
		from: 'no-reply@example.vn',
		clock: () => now,
		mintLink: mintAccountLink
	}).deliverDue();
const row = async (id: number) =>
	(await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;

describe('the outbox, for administrators only', () => {
	it('refuses an organizer every read and write', async () => {
		const ctx = ctxFor(database, organizer);
		expect(await statusOf(listOutbox(ctx, { status: null, page: 1 }))).toBe(403);
		expect(await statusOf(sendTestMail(ctx, { to: 'x@example.vn' }))).toBe(403);
		expect(await statusOf(getOutboxMessage(ctx, 1, 'http://x'))).toBe(403);
		expect(await statusOf(resendMail(ctx, { id: 1 }))).toBe(404);
	});

	it('queues a test message, audited, and lists it by status', async () => {
		const ctx = ctxFor(database, admin);
		expect(await statusOf(sendTestMail(ctx, { to: 'không-phải-email' }))).toBe(400);
		const id = await sendTestMail(ctx, { to: 'kiemtra@example.vn' });
		const [entry] = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'mail.test'));
		expect(entry).toMatchObject({ actorId: admin.id, entityType: 'mail', entityId: String(id) });
		const pending = await listOutbox(ctx, { status: 'pending', page: 1 });
		expect(pending.rows.map((r) => r.id)).toContain(id);
		const shown = await getOutboxMessage(ctx, id, 'http://127.0.0.1:3000');
		expect(shown.shown.subject).toBe('Thư thử từ Gương Sáng');
		expect(shown.shown.text).toContain(`Người gửi thử: ${admin.fullName}.`);
	});

	it('resends a delivered message as a copy, and a failed one in place, at once', async () => {
		const ctx = ctxFor(database, admin);
		const first = await sendTestMail(ctx, { to: 'gui-lai@example.vn' });
		await send();
		expect((await row(first)).status).toBe('delivered');
		const copy = await resendMail(ctx, { id: first });
		expect(copy).not.toBe(first);
		expect(await row(copy)).toMatchObject({ status: 'pending', toAddress: 'gui-lai@example.vn' });
		await send();
		expect((await row(copy)).status).toBe('delivered');
		const to = (m: (typeof sink.received)[number]) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text;
		expect(sink.received.filter((m) => to(m) === 'gui-lai@example.vn')).toHaveLength(2);

		sink.refuse(1, 451, 'Thử lại sau');
		const failing = await sendTestMail(ctx, { to: 'tam-loi@example.vn' });
		await send(later(1000));
		expect(await row(failing)).toMatchObject({ status: 'pending', attempts: 1 });
		// Its retry is a minute away; "Gửi ngay" puts it back in line now.
		expect(await resendMail(ctxFor(database, admin, later(2000)), { id: failing })).toBe(failing);
		await send(later(2000));
		expect(await row(failing)).toMatchObject({ status: 'delivered', attempts: 2 });
	});
});
