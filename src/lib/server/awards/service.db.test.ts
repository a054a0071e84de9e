import { and, eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionInput, FromCampaignInput, ManualDecisionInput } from '$lib/schemas/awards';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Database } from '../db/client';
import { auditLog, awardDecisions, awardRecipients, campaignCategories } from '../db/schema';
import { addDossierFile, createDraft, screenDossier, submitDossier } from '../nominations';
import { createTestDatabase } from '../testing/database';
import {
	expectDateColumn,
	expectOfficeLayout,
	readCsv,
	readXlsx,
	sheetRows,
	vnDay,
	wallDay
} from '../testing/exports';
import {
	ctxFor,
	individualDossier,
	makeCampaign,
	makeTree,
	makeUser,
	makeUnit
} from '../testing/factories';
import { statusOf } from '../testing/status';
import {
	addRecipient,
	awardHistory,
	certificatePdf,
	correctDecision,
	correctRecipient,
	createDecisionFromCampaign,
	createManualDecision,
	decisionCertificatesPdf,
	exportDecisionRecipients,
	getDecision,
	honourModel,
	honourPhoto,
	honourRoll,
	previewDecisionFromCampaign,
	previewManualDecision,
	revokeRecipient,
	verifyCertificate
} from './service';
import { CODE_ALPHABET, CODE_LENGTH, verifyLimits } from './rules';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let officer: Actor;
let campaignId: number;
let accepted: number[];
let pending: number;
const now = new Date('2026-05-10T03:00:00Z');
const ORIGIN = 'https://guongsang.example.vn';
const HONG = 'Nguyễn Thị Hồng Nhung';
const BINH = 'Trần Văn Bình';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const decision = (number: string): DecisionInput => ({
	number,
	decidedOn: '2026-05-19',
	issuer: 'Ban Thường vụ Huyện đoàn A',
	signer: 'Lê Quang Đạo',
	signerTitle: 'Bí thư Huyện đoàn',
	citation: 'Đã có thành tích xuất sắc trong học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh.',
	field: 'Thanh niên tình nguyện'
});

/** Issued as an organizer does it: the confirmation step first, then the write it confirms. */
async function issueFromCampaign(ctx: Ctx, input: FromCampaignInput) {
	const { token } = await previewDecisionFromCampaign(ctx, input);
	return createDecisionFromCampaign(ctx, { ...input, confirmation: token });
}
async function issueManual(ctx: Ctx, input: ManualDecisionInput) {
	const { token } = await previewManualDecision(ctx, input);
	return createManualDecision(ctx, { ...input, confirmation: token });
}
/** A "giấy khen" entered by hand for one person, whose unit is typed (none of the system's). */
const handEntered = (ctx: Ctx, number: string, unitId: number, name: string, unitName: string) =>
	issueManual(ctx, {
		...decision(number),
		kind: 'giay_khen',
		customKind: undefined,
		unitId,
		type: 'individual',
		recipients: [{ name, unitName, position: '' }]
	});

async function acceptedDossier(name: string, accept = true, into = campaign) {
	const id = await createDraft(ctxFor(database, officer, now), {
		campaignId: into.id,
		categoryId: into.individual.id,
		unitId: tree.grassroots.id,
		dossier: individualDossier(name)
	});
	if (name === HONG)
		await addDossierFile(ctxFor(database, officer, now), {
			id,
			role: 'photo',
			file: {
				name: 'a.png',
				bytes: PNG
			}
		});
	await submitDossier(ctxFor(database, officer, now), { id });
	if (accept) await screenDossier(ctxFor(database, tree.organizer, now), id, 'accept', null);
	return id;
}

let campaign: Awaited<ReturnType<typeof makeCampaign>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	officer = await makeUser(database, {
		unit: tree.grassroots,
		roles: [{ role: 'officer', unit: tree.grassroots }]
	});
	campaign = await makeCampaign(database, tree.admin, tree.district, { now, quota: 5 });
	campaignId = campaign.id;
	accepted = [await acceptedDossier(HONG), await acceptedDossier(BINH)];
	pending = await acceptedDossier('Hồ sơ chưa duyệt', false);
});
afterAll(async () => {
	await database?.close();
});

async function textOf(pdf: Uint8Array): Promise<string[]> {
	const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false }).promise;
	const pages = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join('\n'));
	}
	await doc.destroy();
	return pages;
}

describe('decisions from a campaign’s results', () => {
	let decisionId: number;

	it('turns accepted dossiers into recipients with unguessable codes, history and audit', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		decisionId = await issueFromCampaign(ctx, {
			...decision('125-QĐ/HĐA'),
			kind: 'bang_khen',
			customKind: undefined,
			campaignId,
			nominationIds: accepted
		});
		const { recipients, history } = await getDecision(ctx, decisionId);
		expect(recipients.map((r) => r.name)).toEqual([HONG, BINH]);
		expect(recipients.map((r) => r.nominationId)).toEqual(accepted);
		expect(recipients.every((r) => r.unitId === tree.grassroots.id)).toBe(true);
		for (const r of recipients) {
			expect(r.certificateCode).toHaveLength(CODE_LENGTH);
			for (const c of r.certificateCode) expect(CODE_ALPHABET).toContain(c);
		}
		expect(new Set(recipients.map((r) => r.certificateCode)).size).toBe(2);
		expect(recipients[0]!.slug).toBe(`nguyen-thi-hong-nhung-${recipients[0]!.id}`);
		expect(history.map((h) => h.action)).toEqual(['create']);
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'award.create'));
		expect(audit.map((a) => a.entityId)).toContain(String(decisionId));
	});

	it('refuses a dossier that is not among the results, and writes nothing', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const before = (await database.db.select().from(awardDecisions)).length;
		expect(
			await statusOf(
				issueFromCampaign(ctx, {
					...decision('126-QĐ/HĐA'),
					kind: 'giay_khen',
					customKind: undefined,
					campaignId,
					nominationIds: [accepted[0]!, pending]
				})
			)
		).toBe(409);
		expect((await database.db.select().from(awardDecisions)).length).toBe(before);
	});

	it('refuses a number the unit already used, and organizers of other subtrees', async () => {
		const input = {
			...decision('125-qđ/hđa'),
			kind: 'bang_khen' as const,
			customKind: undefined,
			campaignId,
			nominationIds: [accepted[0]!]
		};
		await expect(
			issueFromCampaign(ctxFor(database, tree.organizer, now), input)
		).rejects.toMatchObject({ status: 409, message: 'Đơn vị này đã có quyết định mang số này.' });
		expect(
			await statusOf(
				issueFromCampaign(ctxFor(database, tree.siblingOrganizer, now), {
					...input,
					number: '1-QĐ/X'
				})
			)
		).toBe(404);
		expect(
			await statusOf(getDecision(ctxFor(database, tree.siblingOrganizer, now), decisionId))
		).toBe(404);
		expect(await statusOf(getDecision(ctxFor(database, tree.member, now), decisionId))).toBe(404);
	});

	it('never awards a dossier twice: a second decision on it is refused and writes nothing', async () => {
		const before = (await database.db.select().from(awardDecisions)).length;
		await expect(
			issueFromCampaign(ctxFor(database, tree.organizer, now), {
				...decision('127-QĐ/HĐA'),
				kind: 'giay_khen',
				customKind: undefined,
				campaignId,
				nominationIds: [accepted[1]!]
			})
		).rejects.toMatchObject({
			status: 409,
			message: `Hồ sơ “${BINH}” đã được khen theo quyết định số 125-QĐ/HĐA.`
		});
		expect((await database.db.select().from(awardDecisions)).length).toBe(before);
	});

	it('prints a certificate whose text holds the name with its diacritics exactly', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const { recipients } = await getDecision(ctx, decisionId);
		const { bytes } = await certificatePdf(ctx, recipients[0]!.id, ORIGIN);
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		const [page] = await textOf(bytes);
		const lines = page!.split('\n');
		expect(lines).toContain(HONG);
		expect(lines).toContain('BẰNG KHEN');
		expect(page).toContain('Quyết định số 125-QĐ/HĐA ngày 19 tháng 5 năm 2026');
		expect(page).toContain(`${ORIGIN}/xac-minh`);
		const code = recipients[0]!.certificateCode;
		expect(page).toContain(`${code.slice(0, 5)}-${code.slice(5, 10)}-${code.slice(10)}`);
	});

	it('prints all of a decision’s standing certificates, one page each', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const pages = await textOf((await decisionCertificatesPdf(ctx, decisionId, ORIGIN)).bytes);
		expect(pages).toHaveLength(2);
		expect(pages[1]!.split('\n')).toContain(BINH);
		expect(
			await statusOf(
				decisionCertificatesPdf(ctxFor(database, tree.siblingOrganizer, now), decisionId, ORIGIN)
			)
		).toBe(404);
	});

	it('verifies valid codes however they are typed, and says plainly when none exists', async () => {
		const ctx = ctxFor(database, null, now);
		const { recipients } = await getDecision(ctxFor(database, tree.organizer, now), decisionId);
		const code = recipients[1]!.certificateCode;
		const typed = `${code.slice(0, 5)}-${code.slice(5, 10)} ${code.slice(10)}`.toLowerCase();
		const found = await verifyCertificate(ctx, { code: typed, address: '10.0.0.1' });
		expect(found).toMatchObject({
			status: 'valid',
			name: BINH,
			awardLabel: 'Bằng khen',
			decision: { number: '125-QĐ/HĐA', decidedOn: '2026-05-19' }
		});
		const flipped = code.slice(0, -1) + (code.endsWith('Z') ? 'Y' : 'Z');
		expect(await verifyCertificate(ctx, { code: flipped, address: '10.0.0.1' })).toEqual({
			status: 'unknown'
		});
		expect(await verifyCertificate(ctx, { code: 'not a code', address: '10.0.0.1' })).toEqual({
			status: 'unknown'
		});
	});

	it('finds the model on the honour roll without diacritics, with filters', async () => {
		const found = await honourRoll(database.db, {
			q: 'nguyen thi hong nhung',
			field: '',
			page: 1,
			year: undefined,
			unit: undefined,
			kind: undefined
		});
		expect(found.rows.map((r) => r.name)).toEqual([HONG]);
		const inUnit = await honourRoll(database.db, {
			q: '',
			field: 'Thanh niên tình nguyện',
			page: 1,
			year: 2026,
			unit: tree.district.id,
			kind: 'bang_khen'
		});
		expect(inUnit.rows.map((r) => r.name).sort()).toEqual([BINH, HONG].sort());
		const elsewhere = await honourRoll(database.db, {
			q: '',
			field: '',
			page: 1,
			year: undefined,
			unit: tree.sibling.id,
			kind: undefined
		});
		expect(elsewhere.rows).toEqual([]);
		const wrongYear = await honourRoll(database.db, {
			q: 'nhung',
			field: '',
			page: 1,
			year: 2025,
			unit: undefined,
			kind: undefined
		});
		expect(wrongYear.rows).toEqual([]);
	});

	it('corrects a recipient keeping the old values, the reason and the code', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const { recipients } = await getDecision(ctx, decisionId);
		const r = recipients[1]!;
		const input = {
			kind: r.kind,
			customKind: undefined,
			type: r.type,
			name: 'Trần Văn Bính',
			unitId: r.unitId ?? undefined,
			unitName: r.unitName,
			position: r.position,
			achievement: r.achievement,
			reason: 'Sai chính tả tên'
		};
		expect(
			await statusOf(
				correctRecipient(ctxFor(database, tree.siblingOrganizer, now), {
					recipientId: r.id,
					...input
				})
			)
		).toBe(404);
		await correctRecipient(ctx, { recipientId: r.id, ...input });
		expect(await statusOf(correctRecipient(ctx, { recipientId: r.id, ...input }))).toBe(400);
		const after = await getDecision(ctx, decisionId);
		const corrected = after.recipients.find((x) => x.id === r.id)!;
		expect(corrected.name).toBe('Trần Văn Bính');
		expect(corrected.certificateCode).toBe(r.certificateCode);
		expect(after.history[0]).toMatchObject({
			action: 'correct',
			recipientId: r.id,
			before: { name: BINH },
			after: { name: 'Trần Văn Bính' },
			reason: 'Sai chính tả tên'
		});
		const roll = await honourRoll(database.db, {
			q: 'tran van binh',
			field: '',
			page: 1,
			year: undefined,
			unit: undefined,
			kind: undefined
		});
		expect(roll.rows.map((x) => x.name)).toEqual(['Trần Văn Bính']);
	});

	it('revokes with a reason: the record stays, verification says so, the honour roll drops it', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const { recipients } = await getDecision(ctx, decisionId);
		const r = recipients[0]!;
		const model = await honourModel(database.db, r.slug);
		expect(model.recipient.name).toBe(HONG);
		expect(model.hasPhoto).toBe(true);
		expect(model.narrative).toContain('hoàn thành xuất sắc');
		expect((await honourPhoto(database.db, r.slug)).bytes).toEqual(PNG);
		expect(
			await statusOf(
				revokeRecipient(ctxFor(database, tree.siblingOrganizer, now), {
					recipientId: r.id,
					reason: 'x'
				})
			)
		).toBe(404);
		await revokeRecipient(ctx, { recipientId: r.id, reason: 'Hồ sơ khai không trung thực' });
		expect(await statusOf(revokeRecipient(ctx, { recipientId: r.id, reason: 'lần nữa' }))).toBe(
			409
		);
		const [row] = await database.db
			.select()
			.from(awardRecipients)
			.where(eq(awardRecipients.id, r.id));
		expect(row).toMatchObject({ name: HONG, revokedReason: 'Hồ sơ khai không trung thực' });
		expect(
			await verifyCertificate(ctxFor(database, null, now), {
				code: r.certificateCode,
				address: 'a'
			})
		).toMatchObject({
			status: 'revoked',
			name: HONG,
			revokedReason: 'Hồ sơ khai không trung thực'
		});
		const roll = await honourRoll(database.db, {
			q: 'hong nhung',
			field: '',
			page: 1,
			year: undefined,
			unit: undefined,
			kind: undefined
		});
		expect(roll.rows).toEqual([]);
		expect(await statusOf(honourModel(database.db, r.slug))).toBe(404);
		expect(await statusOf(honourPhoto(database.db, r.slug))).toBe(404);
		expect(await statusOf(certificatePdf(ctx, r.id, ORIGIN))).toBe(409);
		const pages = await textOf((await decisionCertificatesPdf(ctx, decisionId, ORIGIN)).bytes);
		expect(pages).toHaveLength(1);
		const history = (await getDecision(ctx, decisionId)).history;
		expect(history[0]).toMatchObject({ action: 'revoke', reason: 'Hồ sơ khai không trung thực' });
		expect(history.map((h) => h.action)).toEqual(['revoke', 'correct', 'create']);
		// The organizer's record of the person keeps the revoked award, marked.
		const record = await awardHistory(ctx, { name: 'nguyen thi hong nhung' });
		expect(record).toHaveLength(1);
		expect(record[0]!.revokedAt).not.toBeNull();
	});

	it('lists the recipients to download: the decision above, dates as date cells, revoked marked', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const stored = await database.db
			.select()
			.from(awardRecipients)
			.where(eq(awardRecipients.decisionId, decisionId));
		stored.sort((a, b) => a.rank - b.rank || a.id - b.id);
		const [issued] = await database.db
			.select()
			.from(awardDecisions)
			.where(eq(awardDecisions.id, decisionId));
		const book = await exportDecisionRecipients(ctx, decisionId);
		const sheet = (await readXlsx(book)).worksheets[0]!;
		expect(sheet.name).toBe('Danh sách khen thưởng');
		expect(sheet.getCell('A1').value).toBe(
			`Danh sách kèm theo Quyết định số ${issued!.number} ngày 19/05/2026 của ${issued!.issuer}`
		);
		expectOfficeLayout(sheet, 2);
		expectDateColumn(sheet, 9, 'date', 3);
		expectDateColumn(sheet, 11, 'date', 3);
		const [header, ...body] = sheetRows(sheet, 2);
		expect(header).toEqual([
			'STT',
			'Họ và tên / Tên tập thể',
			'Cá nhân / Tập thể',
			'Chức vụ',
			'Đơn vị',
			'Hình thức khen thưởng',
			'Thành tích',
			'Mã xác minh',
			'Ngày quyết định',
			'Thu hồi',
			'Ngày thu hồi'
		]);
		expect(body).toEqual(
			stored.map((r) => [
				r.rank,
				r.name,
				r.type === 'individual' ? 'Cá nhân' : 'Tập thể',
				r.position,
				r.unitName,
				expect.any(String),
				r.achievement,
				expect.stringContaining(r.certificateCode.slice(0, 4)),
				new Date('2026-05-19T00:00:00Z'),
				r.revokedAt ? `Đã thu hồi: ${r.revokedReason}` : '',
				r.revokedAt ? wallDay(r.revokedAt) : null
			])
		);
		expect(body.filter((r) => r[9] !== '')).toHaveLength(1);
		const comma = readCsv(book, ',');
		const semicolon = readCsv(book, ';');
		expect(semicolon).toEqual(comma);
		expect(comma.slice(1).map((r) => [r[1], r[8], r[10]])).toEqual(
			stored.map((r) => [r.name, '19/05/2026', r.revokedAt ? vnDay(r.revokedAt) : ''])
		);
		expect(
			await statusOf(
				exportDecisionRecipients(ctxFor(database, tree.siblingOrganizer, now), decisionId)
			)
		).toBe(404);
	});
});

describe('correcting a decision', () => {
	const FIELD = 'Khởi nghiệp, lập nghiệp';
	let decisionId: number;
	const stored = async (id: number) =>
		(await database.db.select().from(awardDecisions).where(eq(awardDecisions.id, id)))[0]!;

	beforeAll(async () => {
		// A campaign whose category has a field, awarded with the decision's field left blank.
		const other = await makeCampaign(database, tree.admin, tree.district, { now, quota: 5 });
		await database.db
			.update(campaignCategories)
			.set({ field: FIELD })
			.where(eq(campaignCategories.id, other.individual.id));
		const dossier = await acceptedDossier('Hoàng Văn Khởi', true, other);
		decisionId = await issueFromCampaign(ctxFor(database, tree.organizer, now), {
			...decision('30-QĐ/HĐA'),
			field: undefined,
			kind: 'giay_khen',
			customKind: undefined,
			campaignId: other.id,
			nominationIds: [dossier]
		});
		await issueManual(ctxFor(database, tree.organizer, now), {
			...decision('31-QĐ/HĐA'),
			kind: 'giay_khen',
			customKind: undefined,
			unitId: tree.district.id,
			type: 'individual',
			recipients: [{ name: 'Lý Thị Mận', unitName: 'Đoàn xã A1', position: '' }]
		});
	});

	it('keeps the old values, the reason and an audit entry; the year follows the date', async () => {
		const later = new Date(now.getTime() + 3_600_000);
		const ctx = ctxFor(database, tree.organizer, later);
		// The decision names no field of its own: its recipient keeps its category's.
		expect((await stored(decisionId)).field).toBeNull();
		await correctDecision(ctx, {
			id: decisionId,
			...decision('30-QĐ/HĐA'),
			decidedOn: '2027-01-05',
			signer: 'Lê Quang Đạt',
			field: FIELD,
			reason: 'Sai tên người ký và ngày ký'
		});
		expect(await stored(decisionId)).toMatchObject({
			signer: 'Lê Quang Đạt',
			decidedOn: '2027-01-05',
			year: 2027,
			field: FIELD,
			updatedAt: later
		});
		const { history } = await getDecision(ctx, decisionId);
		expect(history.map((h) => h.action)).toEqual(['correct', 'create']);
		expect(history[0]).toMatchObject({
			recipientId: null,
			before: { decidedOn: '2026-05-19', year: 2026, signer: 'Lê Quang Đạo' },
			after: { decidedOn: '2027-01-05', year: 2027, signer: 'Lê Quang Đạt' },
			reason: 'Sai tên người ký và ngày ký'
		});
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'award.correct'), eq(auditLog.entityId, String(decisionId))));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			actorId: tree.organizer.id,
			entityType: 'award_decision',
			unitPath: tree.district.path,
			before: { signer: 'Lê Quang Đạo' },
			after: { signer: 'Lê Quang Đạt', reason: 'Sai tên người ký và ngày ký' }
		});
		// The same values again change nothing and are refused.
		expect(
			await statusOf(
				correctDecision(ctx, {
					id: decisionId,
					...decision('30-QĐ/HĐA'),
					decidedOn: '2027-01-05',
					signer: 'Lê Quang Đạt',
					field: FIELD,
					reason: 'Lần nữa'
				})
			)
		).toBe(400);
	});

	it('leaves each recipient its own category’s field when blank; a field on the decision wins', async () => {
		const ctx = ctxFor(database, tree.organizer, new Date(now.getTime() + 7_200_000));
		const base = { ...decision('30-QĐ/HĐA'), decidedOn: '2027-01-05', signer: 'Lê Quang Đạt' };
		const { recipients } = await getDecision(ctx, decisionId);
		// What verification (and the certificate) gives as the recipient's field.
		const fieldPrinted = async () => {
			const code = recipients[0]!.certificateCode;
			const found = await verifyCertificate(ctxFor(database, null, now), { code, address: 'f' });
			return found.status === 'unknown' ? undefined : found.field;
		};
		// The field is left blank: the decision names none, the recipient keeps its category's.
		await correctDecision(ctx, {
			id: decisionId,
			...base,
			citation: 'Có thành tích xuất sắc trong khởi nghiệp.',
			field: undefined,
			reason: 'Bổ sung nội dung'
		});
		expect(await stored(decisionId)).toMatchObject({
			citation: 'Có thành tích xuất sắc trong khởi nghiệp.',
			field: null
		});
		expect(recipients[0]!.field).toBe(FIELD);
		expect(await fieldPrinted()).toBe(FIELD);
		// A field on the decision replaces it for every recipient; blank again gives it back.
		await correctDecision(ctx, {
			id: decisionId,
			...base,
			citation: 'Có thành tích xuất sắc trong khởi nghiệp.',
			field: 'Chuyển đổi số',
			reason: 'Đúng lĩnh vực'
		});
		expect(await fieldPrinted()).toBe('Chuyển đổi số');
		await correctDecision(ctx, {
			id: decisionId,
			...base,
			citation: 'Có thành tích xuất sắc trong khởi nghiệp.',
			field: undefined,
			reason: 'Theo hạng mục'
		});
		expect((await stored(decisionId)).field).toBeNull();
		expect(await fieldPrinted()).toBe(FIELD);
		// A decision entered by hand has no category: a blank field clears it.
		const [manual] = await database.db
			.select()
			.from(awardDecisions)
			.where(eq(awardDecisions.number, '31-QĐ/HĐA'));
		expect(manual!.field).toBe('Thanh niên tình nguyện');
		await correctDecision(ctx, {
			id: manual!.id,
			...decision('31-QĐ/HĐA'),
			field: undefined,
			reason: 'Không xếp lĩnh vực'
		});
		expect((await stored(manual!.id)).field).toBeNull();
	});

	it('is refused outside the organizer’s subtree (404) and writes nothing', async () => {
		const before = await stored(decisionId);
		const events = (await getDecision(ctxFor(database, tree.organizer, now), decisionId)).history;
		const input = { ...decision('30-QĐ/HĐA'), signer: 'Người lạ', reason: 'x' };
		for (const outsider of [tree.siblingOrganizer, tree.member])
			expect(
				await statusOf(
					correctDecision(ctxFor(database, outsider, now), { id: decisionId, ...input })
				)
			).toBe(404);
		expect(
			await statusOf(correctDecision(ctxFor(database, null, now), { id: decisionId, ...input }))
		).toBe(401);
		expect(await stored(decisionId)).toEqual(before);
		expect(
			(await getDecision(ctxFor(database, tree.organizer, now), decisionId)).history
		).toHaveLength(events.length);
	});

	it('refuses a number the issuing unit already used (409), but not another unit’s', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const before = await stored(decisionId);
		const current = {
			...decision('30-QĐ/HĐA'),
			decidedOn: before.decidedOn,
			signer: before.signer,
			citation: before.citation,
			field: before.field ?? undefined
		};
		await expect(
			correctDecision(ctx, { id: decisionId, ...current, number: '31-qđ/hđa', reason: 'Trùng' })
		).rejects.toMatchObject({
			status: 409,
			message: 'Đơn vị này đã có quyết định mang số này.',
			fieldErrors: { number: ['Đơn vị này đã có quyết định mang số này.'] }
		});
		expect(await stored(decisionId)).toEqual(before);
		// 88-QĐ/T belongs to another unit's decision (the province's): free for this one.
		const province = await makeUnit(database, null);
		const admin = await makeUser(database, { roles: [{ role: 'admin', unit: null }] });
		await handEntered(
			ctxFor(database, admin, now),
			'88-QĐ/T',
			province.id,
			'Đinh Văn Tỉnh',
			'Tỉnh đoàn'
		);
		await correctDecision(ctx, { id: decisionId, ...current, number: '88-QĐ/T', reason: 'Số mới' });
		expect((await stored(decisionId)).number).toBe('88-QĐ/T');
	});

	it('takes a number typed decomposed (NFD) as the same number, even past the forms', async () => {
		const unit = await makeUnit(database, null);
		const admin = await makeUser(database, { roles: [{ role: 'admin', unit: null }] });
		const ctx = ctxFor(database, admin, now);
		const manual = (number: string) =>
			handEntered(ctx, number, unit.id, 'Đinh Văn Huỷ', 'Tỉnh đoàn');
		await manual('902-QĐ/HỦY');
		const decomposed = '902-QĐ/HỦY'.normalize('NFD');
		expect(decomposed).not.toBe('902-QĐ/HỦY');
		await expect(manual(decomposed)).rejects.toMatchObject({ status: 409 });
		await expect(manual('902-qđ/hủy'.normalize('NFD'))).rejects.toMatchObject({ status: 409 });
	});
});

describe('decisions entered by hand', () => {
	it('offers the issuing unit in the honour roll’s unit filter when its recipients have none', async () => {
		const unit = await makeUnit(database, null, { name: 'Tỉnh đoàn Lọc Đơn Vị' });
		const admin = await makeUser(database, { roles: [{ role: 'admin', unit: null }] });
		await handEntered(
			ctxFor(database, admin, now),
			'31-QĐ/LỌC',
			unit.id,
			'Mai Văn Lọc',
			'Trường THPT A'
		);
		const filter = { q: '', field: '', page: 1, year: undefined, kind: undefined };
		const roll = await honourRoll(database.db, { ...filter, unit: undefined });
		expect(roll.facets.units).toContainEqual({ id: unit.id, name: 'Tỉnh đoàn Lọc Đơn Vị' });
		// The filter it offers finds the award.
		const within = await honourRoll(database.db, { ...filter, unit: unit.id });
		expect(within.rows.map((r) => r.name)).toEqual(['Mai Văn Lọc']);
	});

	it('takes one recipient per line, within the organizer’s subtree only', async () => {
		const input = {
			...decision('7-QĐ/HĐA'),
			kind: 'custom' as const,
			customKind: 'Giấy chứng nhận Thanh niên tiêu biểu',
			unitId: tree.district.id,
			type: 'collective' as const,
			recipients: [
				{ name: 'Chi đoàn Thôn Đông', unitName: 'Đoàn xã A1', position: '' },
				{ name: 'Chi đoàn Thôn Tây', unitName: 'Đoàn xã A1', position: '' }
			]
		};
		expect(await statusOf(issueManual(ctxFor(database, tree.siblingOrganizer, now), input))).toBe(
			403
		);
		const ctx = ctxFor(database, tree.organizer, now);
		const id = await issueManual(ctx, input);
		const { recipients } = await getDecision(ctx, id);
		expect(recipients.map((r) => [r.name, r.type, r.customKind])).toEqual([
			['Chi đoàn Thôn Đông', 'collective', 'Giấy chứng nhận Thanh niên tiêu biểu'],
			['Chi đoàn Thôn Tây', 'collective', 'Giấy chứng nhận Thanh niên tiêu biểu']
		]);
		const [page] = await textOf((await certificatePdf(ctx, recipients[0]!.id, ORIGIN)).bytes);
		expect(page!.split('\n')).toContain('GIẤY CHỨNG NHẬN THANH NIÊN TIÊU BIỂU');
		// A recipient added later may link a unit of the decision's subtree only.
		const person = {
			kind: 'giay_khen' as const,
			customKind: undefined,
			type: 'individual' as const,
			name: 'Võ Thị Sáu',
			unitName: 'Huyện đoàn B',
			position: '',
			achievement: ''
		};
		expect(await statusOf(addRecipient(ctx, { id, ...person, unitId: tree.sibling.id }))).toBe(400);
		const added = await addRecipient(ctx, { id, ...person, unitId: tree.grassroots.id });
		const after = await getDecision(ctx, id);
		expect(after.recipients.map((r) => [r.id, r.rank, r.unitId]).at(-1)).toEqual([
			added,
			3,
			tree.grassroots.id
		]);
		expect(after.history.map((h) => h.action)).toEqual(['add', 'create']);
	});
});

describe('probing for codes', () => {
	it('locks an address after repeated unknown codes, valid ones included, while others go on', async () => {
		const ctx = ctxFor(database, null, now);
		const province = await makeUnit(database, null);
		const admin = await makeUser(database, { roles: [{ role: 'admin', unit: null }] });
		const id = await issueManual(ctxFor(database, admin, now), {
			...decision('9-QĐ/T'),
			kind: 'giay_khen',
			customKind: undefined,
			unitId: province.id,
			type: 'individual',
			recipients: [{ name: 'Phạm Thị Lụa', unitName: 'Đoàn trường', position: '' }]
		});
		const code = (await getDecision(ctxFor(database, admin, now), id)).recipients[0]!
			.certificateCode;
		// Valid lookups do not count: a hall scanning real certificates is never slowed.
		for (let i = 0; i < 40; i++)
			expect((await verifyCertificate(ctx, { code, address: 'scanner' })).status).toBe('valid');
		for (let i = 0; i < verifyLimits.lockAfter; i++) {
			const guess = `${String(i).padStart(2, '0')}AAAAAAAAAAAAA`;
			expect((await verifyCertificate(ctx, { code: guess, address: 'prober' })).status).toBe(
				'unknown'
			);
		}
		expect(await statusOf(verifyCertificate(ctx, { code, address: 'prober' }))).toBe(429);
		expect((await verifyCertificate(ctx, { code, address: 'someone-else' })).status).toBe('valid');
		const later = ctxFor(database, null, new Date(now.getTime() + verifyLimits.lockMs + 1));
		expect((await verifyCertificate(later, { code, address: 'prober' })).status).toBe('valid');
	});
});
