import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromCampaignInput } from '$lib/schemas/awards';
import type { Database } from '../db/client';
import { auditLog, awardDecisions, awardRecipients, campaignCategories } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeAcceptedDossier, makeCampaign, makeTree } from '../testing/factories';
import { statusOf } from '../testing/status';
import {
	correctRecipient,
	createDecisionFromCampaign,
	decisionCertificatesPdf,
	getAwardSettings,
	getDecision,
	previewDecisionFromCampaign,
	saveAwardSettings,
	verifyCertificate
} from './service';

// Issue 14: a certificate prints the decision's citation (not the nominee's summary), each
// recipient's own field, and the sign-off of a Vietnamese office as its issuing unit sets it.

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let decisionId: number;
const T0 = new Date('2026-05-10T03:00:00Z');
const ORIGIN = 'https://guongsang.example.vn';
const CITATION =
	'Đã có thành tích xuất sắc trong phong trào thanh niên tình nguyện và khởi nghiệp, lập nghiệp năm 2026.';

/** The text of each page, one line per drawn string, as a reader copies it out. */
async function pagesOf(pdf: Uint8Array): Promise<string[][]> {
	const doc = await getDocument({ data: pdf.slice(), useSystemFonts: false }).promise;
	const pages = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		pages.push(content.items.flatMap((i) => ('str' in i && i.str ? [i.str] : [])));
	}
	await doc.destroy();
	return pages;
}

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const campaign = await makeCampaign(database, tree.admin, tree.district, { now: T0, quota: 5 });
	// Two categories, two fields: neither may be copied to the other's recipient.
	await database.db
		.update(campaignCategories)
		.set({ field: 'Khởi nghiệp, lập nghiệp' })
		.where(eq(campaignCategories.id, campaign.individual.id));
	await database.db
		.update(campaignCategories)
		.set({ field: 'Thanh niên tình nguyện' })
		.where(eq(campaignCategories.id, campaign.collective.id));
	const dossier = (name: string, categoryId: number) =>
		makeAcceptedDossier(database, {
			campaignId: campaign.id,
			categoryId,
			unit: tree.grassroots,
			name,
			top: tree.district
		});
	const nominationIds = [
		await dossier('Nguyễn Thị Hồng', campaign.individual.id),
		await dossier('Chi đoàn Thôn Đông', campaign.collective.id)
	];
	const organizer = ctxFor(database, tree.organizer, T0);
	// The district's office: its place and a deputy signing on the secretary's behalf.
	await saveAwardSettings(organizer, {
		unitId: tree.district.id,
		placeName: 'Hà Nội',
		authorityLine: 'KT. BÍ THƯ'
	});
	const input: FromCampaignInput = {
		number: '52-QĐ/HĐA',
		decidedOn: '2026-05-19',
		issuer: 'Ban Thường vụ Huyện đoàn A',
		signer: 'Phạm Thu Hà',
		signerTitle: 'Phó Bí thư',
		citation: CITATION,
		field: undefined,
		kind: 'bang_khen',
		customKind: undefined,
		campaignId: campaign.id,
		nominationIds
	};
	const { token } = await previewDecisionFromCampaign(organizer, input);
	decisionId = await createDecisionFromCampaign(organizer, { ...input, confirmation: token });
});
afterAll(async () => {
	await database?.close();
});

describe('a certificate', () => {
	it('prints the decision’s citation, each recipient’s own field and the office’s sign-off', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const pages = await pagesOf((await decisionCertificatesPdf(ctx, decisionId, ORIGIN)).bytes);
		expect(pages).toHaveLength(2);
		for (const lines of pages) {
			const text = lines.join(' ');
			expect(lines[0]).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
			expect(lines[1]).toBe('Độc lập - Tự do - Hạnh phúc');
			// The decision's wording, not the nominee's own summary ("Tóm tắt về …").
			expect(text).toContain(CITATION);
			expect(text).not.toContain('Tóm tắt về');
			expect(lines).toContain('Hà Nội, ngày 19 tháng 5 năm 2026');
			// The authority line stands above the signer's title, the name below.
			const authority = lines.indexOf('KT. BÍ THƯ');
			expect(authority).toBeGreaterThan(lines.indexOf('Hà Nội, ngày 19 tháng 5 năm 2026'));
			expect(lines[authority + 1]).toBe('PHÓ BÍ THƯ');
			expect(lines[authority + 2]).toBe('Phạm Thu Hà');
			expect(lines).toContain('Quyết định số 52-QĐ/HĐA ngày 19 tháng 5 năm 2026');
		}
		expect(pages[0]).toContain('Nguyễn Thị Hồng');
		expect(pages[0]).toContain('Lĩnh vực: Khởi nghiệp, lập nghiệp');
		expect(pages[1]).toContain('Chi đoàn Thôn Đông');
		expect(pages[1]).toContain('Lĩnh vực: Thanh niên tình nguyện');
	});

	it('keeps a recipient’s own achievement under the citation, and verification says the same', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const { recipients } = await getDecision(ctx, decisionId);
		const r = recipients[0]!;
		await correctRecipient(ctx, {
			recipientId: r.id,
			kind: r.kind,
			customKind: undefined,
			type: r.type,
			name: r.name,
			unitId: r.unitId ?? undefined,
			unitName: r.unitName,
			position: r.position,
			achievement: 'Sáng lập Hợp tác xã Thanh niên nuôi ong.',
			field: r.field ?? undefined,
			reason: 'Bổ sung thành tích riêng'
		});
		const [page] = await pagesOf((await decisionCertificatesPdf(ctx, decisionId, ORIGIN)).bytes);
		const text = page!.join(' ');
		expect(text.indexOf(CITATION)).toBeGreaterThan(-1);
		expect(text.indexOf('Sáng lập Hợp tác xã Thanh niên nuôi ong.')).toBeGreaterThan(
			text.indexOf(CITATION)
		);
		const shown = await verifyCertificate(ctxFor(database, null, T0), {
			code: r.certificateCode,
			address: 'v'
		});
		expect(shown).toMatchObject({
			status: 'valid',
			citation: [CITATION, 'Sáng lập Hợp tác xã Thanh niên nuôi ong.'],
			field: 'Khởi nghiệp, lập nghiệp'
		});
	});
});

describe('an issuing unit’s certificate settings', () => {
	it('default sensibly: the place from the unit’s name or an ancestor’s, the standing committee', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		// "Đoàn xã A1" names its commune; the district's authority line is its own affair.
		expect(await getAwardSettings(ctx, tree.grassroots.id)).toMatchObject({
			own: { placeName: null, authorityLine: null },
			prints: { placeName: 'A1', authorityLine: 'TM. BAN THƯỜNG VỤ' }
		});
		expect((await getAwardSettings(ctx, tree.district.id)).prints).toEqual({
			placeName: 'Hà Nội',
			authorityLine: 'KT. BÍ THƯ'
		});
	});

	it('are edited by the unit’s organizers only, audited, and blank means the default', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const input = { unitId: tree.district.id, placeName: 'Đông Anh', authorityLine: undefined };
		expect(
			await statusOf(saveAwardSettings(ctxFor(database, tree.siblingOrganizer, T0), input))
		).toBe(404);
		expect((await getAwardSettings(ctx, tree.district.id)).prints.placeName).toBe('Hà Nội');
		await saveAwardSettings(ctx, input);
		expect((await getAwardSettings(ctx, tree.district.id)).prints).toEqual({
			placeName: 'Đông Anh',
			authorityLine: 'TM. BAN THƯỜNG VỤ'
		});
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'award.settings'));
		expect(audit.at(-1)).toMatchObject({
			actorId: tree.organizer.id,
			before: { placeName: 'Hà Nội', authorityLine: 'KT. BÍ THƯ' },
			after: { placeName: 'Đông Anh', authorityLine: null }
		});
		const [page] = await pagesOf((await decisionCertificatesPdf(ctx, decisionId, ORIGIN)).bytes);
		expect(page).toContain('Đông Anh, ngày 19 tháng 5 năm 2026');
		expect(page).toContain('TM. BAN THƯỜNG VỤ');
	});
});

describe('decisions issued before certificates printed the decision’s text', () => {
	it('are put right by the backfill migration: citation, and each recipient’s own field', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const { recipients } = await getDecision(ctx, decisionId);
		// As the old code wrote them: the summary as achievement, the first category's field for all.
		await database.db
			.update(awardDecisions)
			.set({ field: 'Khởi nghiệp, lập nghiệp' })
			.where(eq(awardDecisions.id, decisionId));
		for (const r of recipients)
			await database.db
				.update(awardRecipients)
				.set({ field: null, achievement: `Tóm tắt về ${r.name}.` })
				.where(eq(awardRecipients.id, r.id));
		const migration = readFileSync(
			new URL('../../../../drizzle/0017_backfill_award_recipients.sql', import.meta.url),
			'utf8'
		);
		for (const statement of migration.split('--> statement-breakpoint'))
			await database.db.execute(sql.raw(statement));

		const after = await getDecision(ctx, decisionId);
		expect(after.decision.field).toBeNull();
		expect(after.recipients.map((r) => [r.field, r.achievement])).toEqual([
			['Khởi nghiệp, lập nghiệp', ''],
			['Thanh niên tình nguyện', '']
		]);
		const pages = await pagesOf((await decisionCertificatesPdf(ctx, decisionId, ORIGIN)).bytes);
		expect(pages[1]!.join(' ')).toContain(CITATION);
		expect(pages[1]!.join(' ')).not.toContain('Tóm tắt về');
		expect(pages[1]).toContain('Lĩnh vực: Thanh niên tình nguyện');
	});
});
