// Over 400 lines on purpose: one unit tree carries every step of a dossier's life.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, nominationFiles, nominations } from '../db/schema';
import { DomainError } from '../errors';
import { createTestDatabase } from '../testing/database';
import {
	expectDateColumn,
	expectOfficeLayout,
	readXlsx,
	sheetRows,
	wallDay
} from '../testing/exports';
import { statusOf } from '../testing/status';
import {
	ctxFor,
	individualDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import {
	addDossierFile,
	createDraft,
	deleteDraft,
	exportScreeningSheet,
	getDossier,
	listMyUnitDossiers,
	listNominationOpportunities,
	listScreeningQueue,
	readDossierFile,
	resubmitDossier,
	screenDossier,
	submitDossier,
	updateDraft,
	withdrawDossier
} from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
const now = new Date('2026-05-10T03:00:00Z');
const DAY = 86_400_000;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

/** A fresh commune with two officers under the tree's district, and a province campaign. */
async function setting(options: { quota?: number } = {}) {
	const commune = await makeUnit(database, tree.district, { name: 'Đoàn xã Thử' });
	const officerA = await makeUser(database, {
		unit: commune,
		roles: [{ role: 'officer', unit: commune }]
	});
	const officerB = await makeUser(database, {
		unit: commune,
		roles: [{ role: 'officer', unit: commune }]
	});
	const districtStaff = tree.organizer; // organizer of the district
	const provinceOrganizer = await makeUser(database, {
		unit: tree.province,
		roles: [{ role: 'organizer', unit: tree.province }]
	});
	const campaign = await makeCampaign(database, tree.admin, tree.province, {
		now,
		quota: options.quota
	});
	return { commune, officerA, officerB, districtStaff, provinceOrganizer, campaign };
}

async function draft(s: Awaited<ReturnType<typeof setting>>, name = 'Nguyễn Văn An', at = now) {
	return createDraft(ctxFor(database, s.officerA, at), {
		campaignId: s.campaign.id,
		categoryId: s.campaign.individual.id,
		unitId: s.commune.id,
		dossier: individualDossier(name)
	});
}

describe('quotas', () => {
	it('gives the last place to exactly one of two officers submitting at the same moment', async () => {
		const s = await setting({ quota: 1 });
		const first = await draft(s, 'Người thứ nhất');
		const second = await createDraft(ctxFor(database, s.officerB, now), {
			campaignId: s.campaign.id,
			categoryId: s.campaign.individual.id,
			unitId: s.commune.id,
			dossier: individualDossier('Người thứ hai')
		});
		const results = await Promise.allSettled([
			submitDossier(ctxFor(database, s.officerA, now), { id: first }),
			submitDossier(ctxFor(database, s.officerB, now), { id: second })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toBeInstanceOf(DomainError);
		expect(refused.reason.status).toBe(409);
		expect(refused.reason.message).toContain('chỉ tiêu');
		const sent = await database.db
			.select()
			.from(nominations)
			.where(eq(nominations.status, 'submitted'));
		expect(sent.filter((n) => n.nominatingUnitId === s.commune.id)).toHaveLength(1);
	});

	it('frees a place when a dossier is withdrawn', async () => {
		const s = await setting({ quota: 1 });
		const a = await draft(s, 'A');
		const b = await draft(s, 'B');
		await submitDossier(ctxFor(database, s.officerA, now), { id: a });
		expect(await statusOf(submitDossier(ctxFor(database, s.officerA, now), { id: b }))).toBe(409);
		await withdrawDossier(ctxFor(database, s.officerA, now), { id: a });
		expect(await statusOf(submitDossier(ctxFor(database, s.officerA, now), { id: b }))).toBe(200);
	});

	it('holds each level to its own quota when forwarding', async () => {
		const s = await setting({ quota: 1 });
		const other = await makeUnit(database, tree.district);
		const otherOfficer = await makeUser(database, {
			unit: other,
			roles: [{ role: 'officer', unit: other }]
		});
		const a = await draft(s, 'Từ xã thử');
		const b = await createDraft(ctxFor(database, otherOfficer, now), {
			campaignId: s.campaign.id,
			categoryId: s.campaign.individual.id,
			unitId: other.id,
			dossier: individualDossier('Từ xã khác')
		});
		await submitDossier(ctxFor(database, s.officerA, now), { id: a });
		await submitDossier(ctxFor(database, otherOfficer, now), { id: b });
		const district = ctxFor(database, s.districtStaff, now);
		await screenDossier(district, a, 'forward', null);
		const error = await screenDossier(district, b, 'forward', null).catch((e) => e);
		expect(error.status).toBe(409);
		expect(error.message).toContain('chỉ tiêu');
	});
});

describe('windows use server time', () => {
	it('accepts a submission a millisecond before closing and refuses one at closing or before opening', async () => {
		const s = await setting({ quota: 5 });
		const nomination = s.campaign.phases.find((p) => p.kind === 'nomination')!;
		const a = await draft(s, 'Sát giờ');
		const b = await draft(s, 'Trễ giờ');
		const c = await draft(s, 'Sớm quá');
		expect(
			await statusOf(
				submitDossier(ctxFor(database, s.officerA, new Date(nomination.endsAt.getTime() - 1)), {
					id: a
				})
			)
		).toBe(200);
		expect(
			await statusOf(submitDossier(ctxFor(database, s.officerA, nomination.endsAt), { id: b }))
		).toBe(409);
		expect(
			await statusOf(
				submitDossier(ctxFor(database, s.officerA, new Date(nomination.startsAt.getTime() - 1)), {
					id: c
				})
			)
		).toBe(409);
		expect((await getDossier(ctxFor(database, s.officerA, now), b)).dossier.status).toBe('draft');
	});

	it('offers a campaign to nominate for until its deadline, and not from the deadline on', async () => {
		const s = await setting();
		const nomination = s.campaign.phases.find((p) => p.kind === 'nomination')!;
		const offered = async (at: Date) =>
			(await listNominationOpportunities(ctxFor(database, s.officerA, at)))
				.filter((o) => o.campaign.id === s.campaign.id)
				.map((o) => o.open);
		// Before it opens: offered (drafts may start), not yet open.
		expect(await offered(new Date(nomination.startsAt.getTime() - DAY))).toEqual([false]);
		expect(await offered(new Date(nomination.endsAt.getTime() - 1))).toEqual([true]);
		expect(await offered(nomination.endsAt)).toEqual([]);
	});

	it('refuses screening after the screening window', async () => {
		const s = await setting();
		const a = await draft(s);
		await submitDossier(ctxFor(database, s.officerA, now), { id: a });
		const screening = s.campaign.phases.find((p) => p.kind === 'screening')!;
		expect(
			await statusOf(
				screenDossier(
					ctxFor(database, s.districtStaff, new Date(screening.endsAt.getTime() + DAY)),
					a,
					'forward',
					null
				)
			)
		).toBe(409);
	});
});

describe('climbing the tree', () => {
	it('goes commune → district → province, each level seeing only what reached it', async () => {
		const s = await setting();
		const id = await draft(s);
		const district = ctxFor(database, s.districtStaff, now);
		const province = ctxFor(database, s.provinceOrganizer, now);
		// A draft belongs to its unit alone.
		expect(await statusOf(getDossier(district, id))).toBe(404);
		await submitDossier(ctxFor(database, s.officerA, now), { id });
		expect((await getDossier(district, id)).dossier.levelUnitId).toBe(tree.district.id);
		expect(await statusOf(getDossier(province, id))).toBe(404);
		expect(
			(await listScreeningQueue(province, { campaignId: s.campaign.id })).map((d) => d.id)
		).not.toContain(id);
		// The district cannot accept: only the organizing level does.
		expect(await statusOf(screenDossier(district, id, 'accept', null))).toBe(409);
		await screenDossier(district, id, 'forward', null);
		const atProvince = await getDossier(province, id);
		expect(atProvince.dossier.levelUnitId).toBe(tree.province.id);
		expect(atProvince.dossier.forwardedBy).toEqual([tree.district.id]);
		const districtView = (await listScreeningQueue(district, { campaignId: s.campaign.id })).find(
			(d) => d.id === id
		)!;
		expect(districtView.passedOn).toBe(true);
		expect(districtView.actionable).toBe(false);
		// The district no longer decides; the province accepts.
		expect(await statusOf(screenDossier(district, id, 'reject', 'x'))).toBe(403);
		await screenDossier(province, id, 'accept', null);
		expect((await getDossier(ctxFor(database, s.officerA, now), id)).dossier.status).toBe(
			'accepted'
		);
		expect((await getDossier(province, id)).events.map((e) => e.action)).toEqual([
			'create',
			'submit',
			'forward',
			'accept'
		]);

		// The district's download lists what it sees, the day sent as a date cell in Vietnam.
		const queue = await listScreeningQueue(district, { campaignId: s.campaign.id });
		const book = await exportScreeningSheet(district, s.campaign.id);
		const sheet = (await readXlsx(book)).worksheets[0]!;
		expect(sheet.name).toBe('Hồ sơ');
		expectOfficeLayout(sheet);
		expectDateColumn(sheet, 8, 'date');
		const [header, ...body] = sheetRows(sheet);
		expect(header).toEqual([
			'STT',
			'Người / tập thể / tác phẩm được đề cử',
			'Hạng mục',
			'Loại',
			'Đơn vị đề cử',
			'Cấp đang xét',
			'Trạng thái',
			'Ngày gửi'
		]);
		expect(body).toEqual(
			queue.map((d, i) => [
				i + 1,
				d.nomineeName,
				d.categoryName,
				expect.any(String),
				d.nominatingUnitName,
				d.levelUnitName ?? '',
				d.passedOn ? 'Đã chuyển lên cấp trên' : expect.any(String),
				d.submittedAt ? wallDay(d.submittedAt) : null
			])
		);
		const [stored] = await database.db.select().from(nominations).where(eq(nominations.id, id));
		expect(body.find((r) => r[1] === stored!.nomineeName)![7]).toEqual(
			wallDay(stored!.submittedAt!)
		);
	});

	it('returns with a reason, lets the officer revise and resubmit to the same level', async () => {
		const s = await setting();
		const id = await draft(s);
		await submitDossier(ctxFor(database, s.officerA, now), { id });
		const district = ctxFor(database, s.districtStaff, now);
		expect(await statusOf(screenDossier(district, id, 'return', null))).toBe(400);
		await screenDossier(district, id, 'return', 'Thiếu minh chứng thành tích năm 2025.');
		const officer = ctxFor(database, s.officerA, now);
		const seen = await getDossier(officer, id);
		expect(seen.returnReason).toBe('Thiếu minh chứng thành tích năm 2025.');
		expect(seen.may.edit).toBe(true);
		await updateDraft(officer, {
			id,
			dossier: {
				...individualDossier('Nguyễn Văn An'),
				summary: 'Đã bổ sung.'
			}
		});
		await resubmitDossier(officer, { id });
		const after = await getDossier(district, id);
		expect(after.dossier.status).toBe('submitted');
		expect(after.dossier.levelUnitId).toBe(tree.district.id);
		expect(after.dossier.summary).toBe('Đã bổ sung.');
	});
});

describe('the state machine', () => {
	it('refuses accepting a draft, editing a sent dossier and withdrawing after screening, writing nothing', async () => {
		const s = await setting();
		const id = await draft(s);
		const officer = ctxFor(database, s.officerA, now);
		const before = (await database.db.select({ n: count() }).from(auditLog))[0]!.n;
		expect(
			await statusOf(screenDossier(ctxFor(database, tree.admin, now), id, 'accept', null))
		).toBe(409);
		await submitDossier(officer, { id });
		const afterSubmit = (await database.db.select({ n: count() }).from(auditLog))[0]!.n;
		expect(afterSubmit).toBe(before + 1);
		expect(
			await statusOf(updateDraft(officer, { id, dossier: individualDossier('Đổi tên') }))
		).toBe(409);
		expect(await statusOf(deleteDraft(officer, { id }))).toBe(409);
		await screenDossier(ctxFor(database, s.districtStaff, now), id, 'forward', null);
		expect(await statusOf(withdrawDossier(officer, { id }))).toBe(409);
		expect((await database.db.select({ n: count() }).from(auditLog))[0]!.n).toBe(afterSubmit + 1);
	});
});

describe('another unit’s dossiers', () => {
	it('cannot be listed, read, downloaded or changed by an officer of a different unit', async () => {
		const s = await setting();
		const id = await draft(s);
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		await addDossierFile(ctxFor(database, s.officerA, now), {
			id,
			role: 'evidence',
			file: {
				name: 'minh-chung.png',
				bytes: png
			}
		});
		const fileId = (await getDossier(ctxFor(database, s.officerA, now), id)).files[0]!.id;
		const stranger = await makeUser(database, {
			unit: tree.sibling,
			roles: [{ role: 'officer', unit: tree.sibling }]
		});
		const ctx = ctxFor(database, stranger, now);
		expect((await listMyUnitDossiers(ctx)).map((d) => d.id)).not.toContain(id);
		expect(await statusOf(getDossier(ctx, id))).toBe(404);
		expect(await statusOf(readDossierFile(ctx, id, fileId))).toBe(404);
		expect(await statusOf(updateDraft(ctx, { id, dossier: individualDossier('X') }))).toBe(404);
		expect(await statusOf(submitDossier(ctx, { id }))).toBe(404);
		expect(await statusOf(deleteDraft(ctx, { id }))).toBe(404);
		expect(
			await statusOf(
				createDraft(ctx, {
					campaignId: s.campaign.id,
					categoryId: s.campaign.individual.id,
					unitId: s.commune.id,
					dossier: individualDossier()
				})
			)
		).toBe(403);
		// The file id under another dossier is no way in either.
		const own = await createDraft(ctxFor(database, stranger, now), {
			campaignId: s.campaign.id,
			categoryId: s.campaign.individual.id,
			unitId: tree.sibling.id,
			dossier: individualDossier()
		});
		expect(await statusOf(readDossierFile(ctx, own, fileId))).toBe(404);
		expect((await readDossierFile(ctxFor(database, s.officerA, now), id, fileId)).bytes).toEqual(
			png
		);
	});
});

describe('evidence files', () => {
	it('refuses a renamed executable and oversize files, keeps safe names, and goes with the dossier', async () => {
		const s = await setting();
		const id = await draft(s);
		const officer = ctxFor(database, s.officerA, now);
		const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0]);
		const error = await addDossierFile(officer, {
			id,
			role: 'evidence',
			file: {
				name: 'bang-khen.pdf',
				bytes: exe
			}
		}).catch((e) => e);
		expect(error.status).toBe(400);
		expect(error.fieldErrors.file[0]).toContain('PDF');
		process.env.EVIDENCE_MAX_MB = '0.001';
		try {
			const big = new Uint8Array(2000);
			big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
			const tooBig = await addDossierFile(officer, {
				id,
				role: 'evidence',
				file: {
					name: 'a.pdf',
					bytes: big
				}
			}).catch((e) => e);
			expect(tooBig.status).toBe(400);
			expect(tooBig.message).toContain('quá lớn');
		} finally {
			delete process.env.EVIDENCE_MAX_MB;
		}
		await addDossierFile(officer, {
			id,
			role: 'evidence',
			file: {
				name: '../../Bằng khen.exe',
				bytes: new TextEncoder().encode('%PDF-1.4 test')
			}
		});
		const files = (await getDossier(officer, id)).files;
		expect(files.map((f) => f.fileName)).toEqual(['Bằng khen.pdf']);
		expect(
			await statusOf(
				addDossierFile(officer, {
					id,
					role: 'photo',
					file: {
						name: 'anh.jpg',
						bytes: new TextEncoder().encode('%PDF-1.4')
					}
				})
			)
		).toBe(400);
		await deleteDraft(officer, { id });
		expect(
			await database.db.select().from(nominationFiles).where(eq(nominationFiles.nominationId, id))
		).toHaveLength(0);
	});

	it('holds a dossier to the configured number of evidence files', async () => {
		const s = await setting();
		const id = await draft(s);
		const officer = ctxFor(database, s.officerA, now);
		const pdf = { name: 'a.pdf', bytes: new TextEncoder().encode('%PDF-1.4 x') };
		process.env.EVIDENCE_MAX_FILES = '2';
		try {
			await addDossierFile(officer, { id, role: 'evidence', file: pdf });
			await addDossierFile(officer, { id, role: 'evidence', file: pdf });
			const third = await addDossierFile(officer, { id, role: 'evidence', file: pdf }).catch(
				(e) => e
			);
			expect(third.status).toBe(409);
			expect(third.message).toContain('tối đa 2');
			// The photo is not evidence and replaces the previous one.
			const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
			await addDossierFile(officer, { id, role: 'photo', file: { name: 'a.png', bytes: png } });
			await addDossierFile(officer, { id, role: 'photo', file: { name: 'b.png', bytes: png } });
			const files = (await getDossier(officer, id)).files;
			expect(files.filter((f) => f.role === 'photo').map((f) => f.fileName)).toEqual(['b.png']);
			expect(files.filter((f) => f.role === 'evidence')).toHaveLength(2);
		} finally {
			delete process.env.EVIDENCE_MAX_FILES;
		}
	});

	it('keeps a narrative with markup exactly as typed (it is shown as text)', async () => {
		const s = await setting();
		const narrative = '<script>alert("x")</script> <b>đậm</b>';
		const id = await createDraft(ctxFor(database, s.officerA, now), {
			campaignId: s.campaign.id,
			categoryId: s.campaign.individual.id,
			unitId: s.commune.id,
			dossier: { ...individualDossier(), narrative }
		});
		expect((await getDossier(ctxFor(database, s.officerA, now), id)).dossier.narrative).toBe(
			narrative
		);
	});
});
