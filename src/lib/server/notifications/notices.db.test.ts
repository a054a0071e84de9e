// Who hears what: each domain event, through its real use case, ends as a message in a real SMTP
// server, read as a mail client reads it. Over 400 lines: one tree serves every event.
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scoreSheetSchema } from '$lib/schemas/judging';
import type { ManualDecisionInput } from '$lib/schemas/awards';
import type { Actor } from '../auth/actor';
import { mintAccountLink } from '../auth';
import {
	createDecisionFromCampaign,
	createDecisionFromRound,
	createManualDecision,
	honourModel,
	previewDecisionFromCampaign,
	previewDecisionFromRound,
	previewManualDecision,
	verifyCertificate
} from '../awards';
import { setPhases } from '../campaigns';
import {
	addRound,
	createContest,
	getAttempt,
	getContestPage,
	getLeaderboard,
	openRound as openContestRound,
	publishWinners,
	register,
	saveAnswer,
	setResultsMail,
	startAttempt,
	submitAttempt
} from '../contests';
import type { Database } from '../db/client';
import {
	awardRecipients,
	judgeAssignments,
	mailOptOuts,
	mailOutbox,
	nominations,
	notifications,
	questions,
	type Unit
} from '../db/schema';
import {
	addCriterion,
	addJudgeByEmail,
	assignPending,
	openRound,
	remindJudges,
	saveScores,
	warnJudgesOfClosingRound
} from '../judging';
import { createDraft, resubmitDossier, screenDossier, submitDossier } from '../nominations';
import { makeApprovedQuestion, optionIdOf } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import {
	ctxFor,
	individualDossier,
	makeAcceptedDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import { linksIn, startSmtpSink, type SmtpSink } from '../testing/smtp';
import { statusOf } from '../testing/status';
import { enqueueMail } from './outbox';
import {
	getMyMailPreferences,
	optOutByLink,
	readOptOutLink,
	updateMailPreferences
} from './preferences';
import { DIGEST_HOLD_MS } from './rules';
import { createMailer } from './sender';
import { smtpTransport, type MailTransport } from './transport';

const ORIGIN = 'https://guongsang.example.vn';
const now = new Date('2026-05-10T03:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const at = (ms: number) => new Date(now.getTime() + ms);
/** A tag no other test used, for addresses and decision numbers (no clock is read). */
const tag = () => randomUUID().slice(0, 8);

let database: Database;
let sink: SmtpSink;
let transport: MailTransport;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	sink = await startSmtpSink();
	transport = smtpTransport(sink.url);
	tree = await makeTree(database);
});
afterAll(async () => {
	transport?.close();
	await sink?.close();
	await database?.close();
});
beforeEach(async () => {
	await database.db.delete(mailOutbox);
	sink.received.length = 0;
});

/** Sends everything due at `when`, as a node's sender would. */
async function deliverAll(when: Date) {
	const mailer = createMailer({
		db: database.db,
		transport,
		origin: ORIGIN,
		from: 'Gương Sáng <no-reply@guongsang.example.vn>',
		clock: () => when,
		mintLink: mintAccountLink
	});
	let sent = 0;
	for (let n = await mailer.deliverDue(); n > 0; n = await mailer.deliverDue()) sent += n;
	return sent;
}

const to = (address: string) =>
	sink.received.filter((m) =>
		(Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((t) =>
			t.value.some((v) => v.address?.toLowerCase() === address.toLowerCase())
		)
	);

/** The only message an address received. */
function only(address: string): ParsedMail {
	const mails = to(address);
	expect(mails, `messages to ${address}`).toHaveLength(1);
	return mails[0]!;
}

async function outboxTo(address: string) {
	return database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address));
}

const pathsIn = (mail: ParsedMail) => linksIn(mail).map((l) => new URL(l).pathname);

describe('dossiers', () => {
	it('tell the level above what to screen and the nominating unit’s officers where their dossier is, one message each', async () => {
		const commune = await makeUnit(database, tree.district, { name: 'Đoàn xã Xuân Nộn' });
		const officer = await makeUser(database, {
			unit: commune,
			fullName: 'Phạm Minh Cán Bộ',
			roles: [{ role: 'officer', unit: commune }]
		});
		const province = await makeUser(database, {
			unit: tree.province,
			roles: [{ role: 'organizer', unit: tree.province }]
		});
		const campaign = await makeCampaign(database, tree.admin, tree.province, { now, quota: 3 });
		const draft = (name: string) =>
			createDraft(ctxFor(database, officer, now), {
				campaignId: campaign.id,
				categoryId: campaign.individual.id,
				unitId: commune.id,
				dossier: individualDossier(name)
			});
		const an = await draft('Nguyễn Văn An');
		const binh = await draft('Trần Thị Bình');
		const officerCtx = ctxFor(database, officer, now);
		const district = ctxFor(database, tree.organizer, now);
		await submitDossier(officerCtx, { id: an });
		await screenDossier(district, an, 'return', 'Thiếu ảnh chân dung');
		await resubmitDossier(officerCtx, { id: an });
		await screenDossier(district, an, 'forward', null);
		await screenDossier(ctxFor(database, province, now), an, 'accept', null);
		await submitDossier(officerCtx, { id: binh });
		await screenDossier(district, binh, 'reject', 'Chưa đủ thành tích tiêu biểu');

		// Nothing goes while a digest gathers; then one message per person.
		expect(await deliverAll(at(DIGEST_HOLD_MS - 1))).toBe(0);
		await deliverAll(at(DIGEST_HOLD_MS));
		const receipt = only(officer.email);
		expect(receipt.subject).toBe('7 cập nhật về hồ sơ đề cử');
		expect(receipt.text).toContain('Chào Phạm Minh Cán Bộ,');
		const item = (text: string, id: number) => `- ${text}\n  ${ORIGIN}/de-cu/${id}`;
		for (const line of [
			item('Hồ sơ Nguyễn Văn An đã được gửi tới Huyện đoàn A để thẩm định.', an),
			item('Hồ sơ Nguyễn Văn An bị trả lại để bổ sung: Thiếu ảnh chân dung', an),
			item('Hồ sơ Nguyễn Văn An đã được gửi lại tới Huyện đoàn A để thẩm định.', an),
			item('Hồ sơ Nguyễn Văn An đã được Huyện đoàn A chuyển lên cấp trên.', an),
			item('Hồ sơ Nguyễn Văn An đã được chấp nhận.', an),
			item('Hồ sơ Trần Thị Bình đã được gửi tới Huyện đoàn A để thẩm định.', binh),
			item('Hồ sơ Trần Thị Bình không được chấp nhận: Chưa đủ thành tích tiêu biểu', binh)
		])
			expect(receipt.text).toContain(line);

		const districtMail = only(tree.organizer.email);
		expect(districtMail.subject).toBe('3 cập nhật về hồ sơ đề cử');
		expect(districtMail.text).toContain(
			`- Hồ sơ mới cần thẩm định: Nguyễn Văn An (Đoàn xã Xuân Nộn).\n  ${ORIGIN}/tham-dinh/${an}`
		);
		expect(districtMail.text).toContain('- Hồ sơ đã được bổ sung và gửi lại: Nguyễn Văn An.');
		expect(districtMail.html).toContain(`<a href="${ORIGIN}/tham-dinh/${binh}"`);

		const provinceMail = only(province.email);
		expect(provinceMail.subject).toBe(
			'Hồ sơ đề cử: Hồ sơ được chuyển lên cần thẩm định: Nguyễn Văn An (Đoàn xã Xuân Nộn).'
		);
		expect(pathsIn(provinceMail)).toContain(`/tham-dinh/${an}`);
		// Every message can be turned off from its own footer.
		expect(pathsIn(provinceMail)).toContain('/thu/ngung-nhan');
	});
});

/** A province campaign with one rubric criterion and its judging phase ending at `closesAt`. */
async function judgingSetUp(closesAt?: Date) {
	const organizer = await makeUser(database, {
		unit: tree.province,
		roles: [{ role: 'organizer', unit: tree.province }]
	});
	const campaign = await makeCampaign(database, tree.admin, tree.province, { now });
	const ctx = ctxFor(database, organizer, now);
	if (closesAt) {
		await setPhases(ctxFor(database, tree.admin, now), {
			campaignId: campaign.id,
			phases: [
				...campaign.phases.map(({ kind, startsAt, endsAt }) => ({ kind, startsAt, endsAt })),
				{ kind: 'judging', startsAt: at(20 * DAY), endsAt: closesAt }
			]
		});
	}
	const criterion = await addCriterion(ctx, {
		id: campaign.id,
		categoryId: campaign.individual.id,
		name: 'Thành tích nổi bật',
		description: '',
		maxScore: 10,
		weight: 1
	});
	const dossier = (unit: Unit, name: string) =>
		makeAcceptedDossier(database, {
			campaignId: campaign.id,
			categoryId: campaign.individual.id,
			unit,
			name,
			top: tree.province
		});
	const judge = async (fullName: string) => {
		const user = await makeUser(database, { unit: tree.province, fullName });
		await addJudgeByEmail(ctx, { id: campaign.id, email: user.email });
		return user;
	};
	return { organizer, campaign, ctx, criterion, dossier, judge };
}

async function submitScore(judge: Actor, nominationId: number, criterion: number, when = now) {
	const [assignment] = await database.db
		.select()
		.from(judgeAssignments)
		.where(
			and(eq(judgeAssignments.judgeId, judge.id), eq(judgeAssignments.nominationId, nominationId))
		);
	await saveScores(ctxFor(database, judge, when), {
		id: assignment!.id,
		...scoreSheetSchema.parse({
			intent: 'submit',
			[`score_${criterion}`]: '8',
			[`comment_${criterion}`]: ''
		})
	});
}

describe('judging', () => {
	it('gathers forty dossiers given to a judge one by one into one message of forty items', async () => {
		const s = await judgingSetUp();
		const judge = await s.judge('Hoàng Thị Giám Khảo');
		await s.dossier(tree.grassroots, 'Hồ sơ mở vòng');
		await openRound(s.ctx, { id: s.campaign.id });
		await deliverAll(at(DIGEST_HOLD_MS));
		expect(only(judge.email).subject).toBe(
			'Chấm điểm: Bạn được phân công chấm hồ sơ của “Đợt tôn vinh thử nghiệm”.'
		);

		sink.received.length = 0;
		const later = at(DAY);
		for (let n = 1; n <= 40; n++) {
			await s.dossier(tree.grassroots, `Hồ sơ số ${n}`);
			await assignPending(ctxFor(database, s.organizer, later), { id: s.campaign.id });
		}
		expect(await outboxTo(judge.email)).toHaveLength(2);
		await deliverAll(new Date(later.getTime() + DIGEST_HOLD_MS));
		const digest = only(judge.email);
		expect(digest.subject).toBe('40 cập nhật về việc chấm điểm');
		expect(digest.text).toContain('Có 40 cập nhật dành cho bạn trên Gương Sáng:');
		for (const n of [1, 17, 40])
			expect(digest.text).toContain(
				`- Bạn được phân công thêm hồ sơ “Hồ sơ số ${n}” (Đợt tôn vinh thử nghiệm).\n  ${ORIGIN}/cham-diem`
			);
		// The in-app updates are one per event, as before.
		const inApp = await database.db
			.select()
			.from(notifications)
			.where(eq(notifications.userId, judge.id));
		expect(inApp).toHaveLength(41);
	});

	it('leaves out a topic the person turned off, while essential messages still go', async () => {
		const s = await judgingSetUp();
		const judge = await s.judge('Giám khảo Không Nhận Thư');
		await s.dossier(tree.grassroots, 'Hồ sơ nhắc việc');
		await openRound(s.ctx, { id: s.campaign.id });
		await updateMailPreferences(ctxFor(database, judge, now), {
			topics: ['dossiers', 'awards', 'contests']
		});
		expect(
			(await getMyMailPreferences(ctxFor(database, judge, now))).topics.map((t) => [t.topic, t.on])
		).toEqual([
			['dossiers', true],
			['judging', false],
			['awards', true],
			['contests', true]
		]);
		await database.db.delete(mailOutbox);
		expect(await remindJudges(s.ctx, { id: s.campaign.id })).toBe(1);
		// Told in the app, not by e-mail.
		expect(await outboxTo(judge.email)).toEqual([]);
		const [reminder] = await database.db
			.select()
			.from(notifications)
			.where(
				and(
					eq(notifications.userId, judge.id),
					eq(
						notifications.message,
						'Nhắc việc: bạn còn hồ sơ chưa nộp điểm trong “Đợt tôn vinh thử nghiệm”.'
					)
				)
			);
		expect(reminder).toBeDefined();
		await enqueueMail(database.db, now, {
			kind: 'password_reset',
			to: judge.email,
			userId: judge.id,
			data: { fullName: judge.fullName }
		});
		await deliverAll(now);
		expect(only(judge.email).subject).toBe('Đặt lại mật khẩu Gương Sáng');
	});

	it('warns the judges still behind once, within the last 24 hours of the judging phase', async () => {
		const closesAt = new Date('2026-06-09T10:30:00Z'); // 17:30 in Vietnam
		const s = await judgingSetUp(closesAt);
		const done = await s.judge('Giám khảo Xong Việc');
		const behind = await s.judge('Giám khảo Còn Một');
		const idle = await s.judge('Giám khảo Chưa Chấm');
		const d1 = await s.dossier(tree.grassroots, 'Hồ sơ Một');
		const d2 = await s.dossier(tree.grassroots, 'Hồ sơ Hai');
		await openRound(s.ctx, { id: s.campaign.id });
		for (const d of [d1, d2]) await submitScore(done, d, s.criterion);
		await submitScore(behind, d1, s.criterion);
		await database.db.delete(mailOutbox);

		const before = (ms: number) => new Date(closesAt.getTime() - ms);
		expect(await warnJudgesOfClosingRound(database.db, before(25 * HOUR))).toBe(0);
		expect(await database.db.select().from(mailOutbox)).toEqual([]);
		// Two nodes at the same minute: the round is told once.
		const told = await Promise.all([
			warnJudgesOfClosingRound(database.db, before(23 * HOUR)),
			warnJudgesOfClosingRound(database.db, before(23 * HOUR))
		]);
		expect(told[0] + told[1]).toBe(2);
		expect(await warnJudgesOfClosingRound(database.db, before(22 * HOUR))).toBe(0);
		expect(await warnJudgesOfClosingRound(database.db, before(HOUR))).toBe(0);

		await deliverAll(new Date(before(23 * HOUR).getTime() + DIGEST_HOLD_MS));
		expect(to(done.email)).toEqual([]);
		expect(only(behind.email).subject).toMatch(
			/^Chấm điểm: Vòng chấm “Đợt tôn vinh thử nghiệm” đóng lúc 17:30 ngày 09\/06\/2026; bạn còn 1 hồ/
		);
		expect(only(behind.email).text).toContain(
			`- Vòng chấm “Đợt tôn vinh thử nghiệm” đóng lúc 17:30 ngày 09/06/2026; bạn còn 1 hồ sơ chưa nộp điểm.\n  ${ORIGIN}/cham-diem`
		);
		expect(only(idle.email).text).toContain('bạn còn 2 hồ sơ chưa nộp điểm.');
	});
});

describe('the opt-out link', () => {
	it('names the address and topic on GET, turns it off on POST, on again on request, and refuses a forged code', async () => {
		const person = await makeUser(database, { email: `Nguoi.Nhan.${tag()}@Example.vn` });
		await enqueueMail(database.db, now, {
			kind: 'updates',
			to: person.email,
			userId: person.id,
			topic: 'awards',
			data: { items: [{ message: 'Bạn có một cập nhật.', link: '/thong-bao' }] }
		});
		await deliverAll(now);
		const link = new URL(linksIn(only(person.email)).find((l) => l.includes('/thu/ngung-nhan'))!);
		const code = link.searchParams.get('ma')!;
		const anyone = ctxFor(database, null, now);

		// Reading changes nothing (mail scanners open links).
		const shown = await readOptOutLink(database.db, code);
		expect(shown).toEqual({
			address: person.email.toLowerCase(),
			topic: 'awards',
			label: 'Khen thưởng: quyết định và giấy chứng nhận',
			off: false
		});
		expect(await readOptOutLink(database.db, code)).toMatchObject({ off: false });

		expect(await optOutByLink(anyone, { ma: code })).toMatchObject({ topic: 'awards', off: true });
		expect(await readOptOutLink(database.db, code)).toMatchObject({ off: true });
		const again = { kind: 'updates', to: person.email, topic: 'awards' as const, data: {} };
		expect(await enqueueMail(database.db, now, again)).toBeNull();
		expect(
			(await getMyMailPreferences(ctxFor(database, person, now))).topics.find(
				(t) => t.topic === 'awards'
			)
		).toMatchObject({ on: false });

		await optOutByLink(anyone, { ma: code, resume: true });
		expect(await enqueueMail(database.db, now, again)).not.toBeNull();

		const [payload, signature] = code.split('.');
		const other = Buffer.from('khac@example.vn\nawards').toString('base64url');
		expect(await statusOf(optOutByLink(anyone, { ma: `${other}.${signature}` }))).toBe(404);
		expect(await statusOf(readOptOutLink(database.db, `${payload}.x${signature}`))).toBe(404);
		expect(await statusOf(optOutByLink(anyone, { ma: '' }))).toBe(400);
		const offRows = await database.db
			.select()
			.from(mailOptOuts)
			.where(eq(mailOptOuts.address, 'khac@example.vn'));
		expect(offRows).toEqual([]);
	});
});

const decisionText = {
	decidedOn: '19/05/2026',
	issuer: 'Ban Thường vụ Tỉnh đoàn',
	signer: 'Lê Quang Đạo',
	signerTitle: 'Bí thư Tỉnh đoàn',
	citation: 'Đã có thành tích xuất sắc trong công tác Đoàn năm 2026.',
	field: undefined
};

describe('awards', () => {
	it('tell each recipient with a known address, with the certificate’s verification link', async () => {
		const organizer = await makeUser(database, {
			unit: tree.province,
			roles: [{ role: 'organizer', unit: tree.province }]
		});
		const ctx = ctxFor(database, organizer, now);
		const hoa = `hoa.${tag()}@example.vn`;
		const input: ManualDecisionInput = {
			...decisionText,
			number: `12-QĐ/TĐ-${tag()}`,
			kind: 'bang_khen',
			customKind: undefined,
			unitId: tree.province.id,
			type: 'individual',
			recipients: [
				{ name: 'Trần Thị Hoà', unitName: 'Đoàn xã A1', position: 'Bí thư chi đoàn', email: hoa },
				{ name: 'Lê Văn Nam', unitName: 'Đoàn xã A1', position: '' }
			]
		};
		const preview = await previewManualDecision(ctx, input);
		expect(preview.mailed).toBe(1);
		const id = await createManualDecision(ctx, { ...input, confirmation: preview.token });
		const rows = await database.db
			.select()
			.from(awardRecipients)
			.where(eq(awardRecipients.decisionId, id))
			.orderBy(awardRecipients.rank);
		expect(rows.map((r) => r.email)).toEqual([hoa, null]);
		expect(await database.db.select().from(mailOutbox)).toHaveLength(1);

		await deliverAll(now);
		const mail = only(hoa);
		expect(mail.subject).toBe(`Khen thưởng: Bằng khen theo Quyết định số ${input.number}`);
		expect(mail.text).toContain('Chào Trần Thị Hoà,');
		expect(mail.text).toContain(
			`Ban Thường vụ Tỉnh đoàn đã ban hành Quyết định số ${input.number} ngày 19/05/2026, tặng Bằng khen cho Trần Thị Hoà (Đoàn xã A1).`
		);
		expect(mail.text).toContain(
			'Nội dung khen thưởng: Đã có thành tích xuất sắc trong công tác Đoàn năm 2026.'
		);
		// The links lead to the certificate's own check and the honour roll.
		const hoaRow = rows[0]!;
		const paths = pathsIn(mail);
		expect(paths).toContain(`/xac-minh/${hoaRow.certificateCode}`);
		expect(paths).toContain(`/vinh-danh/${hoaRow.slug}`);
		const checked = await verifyCertificate(anyoneAt(), {
			code: paths
				.find((p) => p.startsWith('/xac-minh/'))!
				.split('/')
				.pop()!,
			address: '10.1.1.1'
		});
		expect(checked).toMatchObject({ status: 'valid', name: 'Trần Thị Hoà' });
		expect((await honourModel(database.db, hoaRow.slug)).recipient.name).toBe('Trần Thị Hoà');
	});

	it('from a campaign tells the nominee at the dossier’s address and the unit’s officers, and keeps the address off the honour roll', async () => {
		const organizer = await makeUser(database, {
			unit: tree.province,
			roles: [{ role: 'organizer', unit: tree.province }]
		});
		const commune = await makeUnit(database, tree.district, { name: 'Đoàn xã Liên Hà' });
		const officer = await makeUser(database, {
			unit: commune,
			roles: [{ role: 'officer', unit: commune }]
		});
		const campaign = await makeCampaign(database, tree.admin, tree.province, { now });
		const nomineeEmail = `dang.thu.ha.${tag()}@example.vn`;
		const withEmail = await makeAcceptedDossier(database, {
			campaignId: campaign.id,
			categoryId: campaign.individual.id,
			unit: commune,
			name: 'Đặng Thu Hà',
			top: tree.province
		});
		await database.db
			.update(nominations)
			.set({ nominee: { ...individualDossier('Đặng Thu Hà').nominee, email: nomineeEmail } })
			.where(eq(nominations.id, withEmail));
		const without = await makeAcceptedDossier(database, {
			campaignId: campaign.id,
			categoryId: campaign.individual.id,
			unit: commune,
			name: 'Vũ Minh Khôi',
			top: tree.province
		});
		const ctx = ctxFor(database, organizer, now);
		const input = {
			...decisionText,
			number: `45-QĐ/TĐ-${tag()}`,
			kind: 'giay_khen' as const,
			customKind: undefined,
			campaignId: campaign.id,
			nominationIds: [withEmail, without]
		};
		const preview = await previewDecisionFromCampaign(ctx, input);
		await createDecisionFromCampaign(ctx, { ...input, confirmation: preview.token });
		await deliverAll(at(DIGEST_HOLD_MS));

		const award = only(nomineeEmail);
		expect(award.subject).toBe(`Khen thưởng: Giấy khen theo Quyết định số ${input.number}`);
		expect(award.text).toContain('tặng Giấy khen cho Đặng Thu Hà (Đoàn xã Liên Hà).');
		const officerMail = only(officer.email);
		expect(officerMail.subject).toBe('2 cập nhật về hồ sơ đề cử');
		expect(officerMail.text).toContain(
			`- Hồ sơ Đặng Thu Hà được khen thưởng: Giấy khen theo Quyết định số ${input.number} ngày 19/05/2026 của Ban Thường vụ Tỉnh đoàn.\n  ${ORIGIN}/de-cu/${withEmail}`
		);
		expect(officerMail.text).toContain(`- Hồ sơ Vũ Minh Khôi được khen thưởng: Giấy khen`);
		const slug = pathsIn(award)
			.find((p) => p.startsWith('/vinh-danh/'))!
			.split('/')
			.pop()!;
		const page = await honourModel(database.db, slug);
		expect(JSON.stringify(page)).not.toContain(nomineeEmail);
	});
});

function anyoneAt(when = now) {
	return ctxFor(database, null, when);
}

describe('contest results', () => {
	it('go to the players who asked and took part, with their rank and prize; the award reaches the winner', async () => {
		const organizer = await makeUser(database, {
			unit: tree.district,
			roles: [{ role: 'organizer', unit: tree.district }]
		});
		const ctx = ctxFor(database, organizer, now);
		await makeApprovedQuestion(ctx, tree.district.id, { topic: 'Thư kết quả' });
		const contest = await createContest(ctx, {
			unitId: tree.district.id,
			title: 'Tìm hiểu 95 năm Đoàn TNCS Hồ Chí Minh',
			description: '',
			scope: 'members',
			predictionKind: 'participants',
			tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
		});
		const round = await addRound(ctx, {
			contestId: contest.id,
			title: 'Tuần 1',
			opensAt: now,
			closesAt: at(HOUR),
			questionCount: 1,
			timeLimitMinutes: 10,
			attemptsAllowed: 1,
			topics: ['Thư kết quả'],
			difficulties: [],
			predictionQuestion: 'Bao nhiêu người?',
			prizeTiers: [{ label: 'Giải Nhất', count: 1 }]
		});
		await openContestRound(ctx, { roundId: round.id });
		let phone = 0;
		const player = async (fullName: string, wantsResults: boolean) => {
			const actor = await makeUser(database, {
				unit: tree.grassroots,
				fullName,
				roles: [{ role: 'member', unit: tree.grassroots }]
			});
			await register(ctxFor(database, actor, now), {
				consent: true,
				contestId: contest.id,
				fullName,
				phone: `09870000${String(++phone).padStart(2, '0')}`,
				idNumber: `0010980000${String(phone).padStart(2, '0')}`,
				birthDate: undefined,
				unitId: tree.grassroots.id,
				wantsResults
			});
			return actor;
		};
		const play = async (actor: Actor, right: boolean, minute: number) => {
			const when = at(minute * 60_000);
			const c = ctxFor(database, actor, when);
			const { attemptId } = await startAttempt(c, { roundId: round.id, prediction: 2 });
			const [q] = (await getAttempt(c, attemptId)).questions;
			const [row] = await database.db.select().from(questions).where(eq(questions.id, q!.id));
			const index = right ? row!.correct[0]! : (row!.correct[0]! + 1) % row!.options.length;
			await saveAnswer(c, {
				attemptId,
				questionId: q!.id,
				choice: [optionIdOf(q!, row!.options[index]!)]
			});
			await submitAttempt(c, { attemptId });
		};
		const asked = await player('Nguyễn Thị Thư', true);
		const silent = await player('Trần Văn Lặng', false);
		const absent = await player('Lê Thị Vắng', true);
		const lateOff = await player('Phạm Văn Tắt', true);
		await play(asked, true, 5);
		await play(silent, false, 6);
		await play(lateOff, false, 7);
		// Turned off from the contest page before the results came.
		expect(
			await setResultsMail(ctxFor(database, lateOff, at(8 * 60_000)), {
				contestId: contest.id,
				wantsResults: false
			})
		).toBeNull();
		expect(
			(await getContestPage(ctxFor(database, lateOff, at(8 * 60_000)), contest.id)).player
		).toMatchObject({ resultsEmail: null });

		const published = at(2 * HOUR);
		await publishWinners(ctxFor(database, organizer, published), { roundId: round.id });
		await deliverAll(published);
		expect(to(silent.email)).toEqual([]);
		expect(to(absent.email)).toEqual([]);
		expect(to(lateOff.email)).toEqual([]);
		const mail = only(asked.email);
		expect(mail.subject).toBe('Kết quả Tuần 1: Tìm hiểu 95 năm Đoàn TNCS Hồ Chí Minh');
		expect(mail.text).toContain('Chào Nguyễn Thị Thư,');
		expect(mail.text).toContain('Kết quả tốt nhất của bạn: 1/1 câu đúng');
		expect(mail.text).toContain('xếp hạng 1/3.');
		expect(mail.text).toContain('Chúc mừng! Bạn đạt Giải Nhất.');
		const board = `/cuoc-thi/${contest.id}/tuan/${round.id}`;
		expect(pathsIn(mail)).toContain(board);
		// The rank it gives is the leaderboard's.
		const leaderboard = await getLeaderboard(ctxFor(database, asked, published), round.id);
		expect(leaderboard.me).toMatchObject({ rank: 1, total: 3 });

		sink.received.length = 0;
		const input = {
			...decisionText,
			number: `7-QĐ/HĐ-${tag()}`,
			roundId: round.id
		};
		const preview = await previewDecisionFromRound(ctx, input);
		await createDecisionFromRound(ctx, { ...input, confirmation: preview.token });
		await deliverAll(published);
		expect(only(asked.email).subject).toBe(
			`Khen thưởng: Giải Nhất theo Quyết định số ${input.number}`
		);
	});
});
