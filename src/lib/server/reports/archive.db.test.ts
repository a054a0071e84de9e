import { createHash } from 'node:crypto';
import { and, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCertificateCode } from '$lib/shared/awards';
import { nominationStatusLabels } from '$lib/shared/campaigns';
import { loadActor } from '../auth';
import type { Database } from '../db/client';
import {
	auditLog,
	awardDecisions,
	awardRecipients,
	campaigns,
	judgeAssignments,
	judgeScores,
	nominationFiles,
	nominations,
	rubricCriteria,
	units,
	users
} from '../db/schema';
import { seedDemoIfEmpty } from '../demo/seed';
import { listZipEntries, readZipEntry } from '../files/zip';
import { createTestDatabase } from '../testing/database';
import { ctxFor, TEST_NOW } from '../testing/factories';
import { failure } from '../testing/status';
import { ARCHIVE_NOT_FINISHED } from './archive-rules';
import { campaignArchiveReadiness, campaignArchiveStream, prepareCampaignArchive } from './index';

// Issue 23: the archive of a finished campaign, built from the demo data (last year's campaign,
// judged and awarded), unzipped and read back entry by entry against the database.

const ORIGIN = 'https://guongsang.example.vn';
const UTF8_FLAG = 0x800;
let database: Database;
let finishedId: number;
let votingId: number;
let zip: Uint8Array;
let entries: Map<string, { name: string; flags: number; bytes: Buffer }>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function as(email: string) {
	const [user] = await database.db.select().from(users).where(eq(users.email, email));
	return ctxFor(database, await loadActor(database.db, user!.id), TEST_NOW);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return new Uint8Array(Buffer.concat(chunks));
}

/** The text of a PDF, every drawn string in order, whitespace collapsed. */
async function pdfText(bytes: Uint8Array): Promise<string> {
	const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
	const parts: string[] = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		for (const item of content.items) if ('str' in item && item.str) parts.push(item.str);
	}
	await doc.destroy();
	return parts.join(' ').replace(/\s+/g, ' ');
}
const flat = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

async function workbook(bytes: Uint8Array) {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(bytes.slice().buffer);
	return book;
}

/** A sheet's rows under its header row (the row whose first cell is `first`), by header. */
function rowsOf(sheet: ExcelJS.Worksheet, first: string) {
	const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
	let headerAt = 1;
	while (values(headerAt)[0] !== first) headerAt++;
	const headers = values(headerAt).map(String);
	const rows: Record<string, unknown>[] = [];
	for (let r = headerAt + 1; r <= sheet.rowCount; r++) {
		const cells = values(r);
		if (cells.every((c) => c === undefined || c === null)) break;
		rows.push(Object.fromEntries(headers.map((h, i) => [h, cells[i]])));
	}
	return { headers, rows };
}

beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoIfEmpty(database.db, TEST_NOW);
	const { db } = database;
	const [awarded] = await db
		.select({ id: awardDecisions.campaignId })
		.from(awardDecisions)
		.where(isNotNull(awardDecisions.campaignId));
	finishedId = awarded!.id!;
	// This year's judged campaign: its round closed, its public vote still open, no decision.
	const [finished] = await db.select().from(campaigns).where(eq(campaigns.id, finishedId));
	const [voting] = await db
		.select()
		.from(campaigns)
		.where(and(eq(campaigns.title, finished!.title.replace(/\d{4}$/, String(finished!.year + 1)))));
	votingId = voting!.id;

	// Evidence as officers upload it: Vietnamese names (one typed in NFD, two alike), a large
	// photo stored as is, a PDF deflated.
	const [first, second] = await db
		.select({ id: nominations.id })
		.from(nominations)
		.where(and(eq(nominations.campaignId, finishedId), eq(nominations.status, 'accepted')))
		.orderBy(nominations.id);
	const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
	const files = [
		{ id: first!.id, name: 'Giấy khen cấp huyện.pdf'.normalize('NFD'), mime: 'application/pdf' },
		{ id: first!.id, name: 'Ảnh hoạt động tình nguyện.jpg', mime: 'image/jpeg', bytes: big },
		{ id: first!.id, name: 'Giấy khen cấp huyện.pdf', mime: 'application/pdf' },
		{ id: second!.id, name: 'Báo cáo thành tích.pdf', mime: 'application/pdf' }
	];
	for (const [i, f] of files.entries()) {
		const bytes = f.bytes ?? new TextEncoder().encode(`%PDF-1.4\n% minh chứng ${i}\n%%EOF\n`);
		await db.insert(nominationFiles).values({
			id: crypto.randomUUID(),
			nominationId: f.id,
			role: 'evidence',
			fileName: f.name,
			mimeType: f.mime,
			size: bytes.length,
			sha256: sha256(bytes),
			bytes,
			createdAt: new Date(TEST_NOW.getTime() + i)
		});
	}

	const organizer = await as('tochuc@guongsang.vn');
	const plan = await prepareCampaignArchive(organizer, { campaignId: finishedId });
	zip = await collect(campaignArchiveStream(organizer, plan, ORIGIN));
	entries = new Map();
	for (const entry of listZipEntries(zip).values()) {
		const chunks: Uint8Array[] = [];
		for await (const chunk of readZipEntry(zip, entry, 64 * 1024 * 1024)) chunks.push(chunk);
		entries.set(entry.name, { name: entry.name, flags: entry.flags, bytes: Buffer.concat(chunks) });
	}
}, 600_000);
afterAll(async () => {
	await database?.close();
});

describe('the archive of a finished campaign', () => {
	it('holds one folder per dossier that was sent, with every stored file byte for byte', async () => {
		const { db } = database;
		const sent = await db
			.select()
			.from(nominations)
			.where(and(eq(nominations.campaignId, finishedId), isNotNull(nominations.submittedAt)));
		const files = await db
			.select()
			.from(nominationFiles)
			.where(
				inArray(
					nominationFiles.nominationId,
					sent.map((d) => d.id)
				)
			);
		const folders = new Set(
			[...entries.keys()]
				.filter((p) => p.startsWith('01_Ho_so/'))
				.map((p) => p.split('/').slice(0, 2).join('/'))
		);
		expect(folders.size).toBe(sent.length);
		const dossierPdfs = [...entries.keys()].filter((p) =>
			/^01_Ho_so\/[^/]+\/\d+_Ho_so_de_cu\.pdf$/.test(p)
		);
		expect(dossierPdfs).toHaveLength(sent.length);
		const attachments = [...entries.keys()].filter(
			(p) => p.startsWith('01_Ho_so/') && !p.endsWith('_Ho_so_de_cu.pdf')
		);
		expect(attachments).toHaveLength(files.length);
		// Every stored file is in the zip exactly once, under its dossier's folder.
		const bySum = new Map<string, string[]>();
		for (const path of attachments) {
			const sum = sha256(entries.get(path)!.bytes);
			bySum.set(sum, [...(bySum.get(sum) ?? []), path]);
		}
		for (const file of files) {
			expect(sha256(file.bytes)).toBe(file.sha256);
			const paths = bySum.get(file.sha256) ?? [];
			expect(paths.length, file.fileName).toBeGreaterThan(0);
			const path = paths.shift()!;
			expect(Buffer.compare(entries.get(path)!.bytes, Buffer.from(file.bytes))).toBe(0);
		}
	});

	it('keeps uploaded names (NFC, made unique) and sets the UTF-8 flag; folders are ASCII', () => {
		const names = [...entries.keys()];
		expect(names.some((n) => n.endsWith('/Giấy khen cấp huyện.pdf'.normalize('NFC')))).toBe(true);
		expect(names.some((n) => n.endsWith('/Giấy khen cấp huyện (2).pdf'))).toBe(true);
		expect(names.some((n) => n.endsWith('/Ảnh hoạt động tình nguyện.jpg'))).toBe(true);
		for (const entry of entries.values()) {
			expect(entry.name).toBe(entry.name.normalize('NFC'));
			// eslint-disable-next-line no-control-regex
			const ascii = /^[\x00-\x7f]*$/.test(entry.name);
			expect(Boolean(entry.flags & UTF8_FLAG), entry.name).toBe(!ascii);
			// Only a stored file's own name may be Vietnamese: every folder reads in any zip reader.
			const folders = entry.name.split('/').slice(0, -1);
			for (const folder of folders) expect(folder).toMatch(/^[A-Za-z0-9_.-]+$/);
		}
	});

	it('prints each dossier with its fields, unit, category and screening result', async () => {
		const { db } = database;
		const sent = await db
			.select({
				id: nominations.id,
				name: nominations.nomineeName,
				status: nominations.status,
				summary: nominations.summary,
				unit: units.name
			})
			.from(nominations)
			.innerJoin(units, eq(units.id, nominations.nominatingUnitId))
			.where(and(eq(nominations.campaignId, finishedId), isNotNull(nominations.submittedAt)));
		const pdfs = [...entries.entries()].filter(([p]) => p.endsWith('_Ho_so_de_cu.pdf'));
		for (const dossier of sent) {
			const found = [];
			for (const [path, entry] of pdfs) {
				const text = await pdfText(entry.bytes);
				if (text.includes(`Mã hồ sơ trên hệ thống: ${dossier.id} `)) found.push({ path, text });
			}
			expect(found, dossier.name).toHaveLength(1);
			const { path, text } = found[0]!;
			expect(text).toContain('HỒ SƠ ĐỀ CỬ');
			expect(text).toContain(dossier.name);
			expect(text).toContain(`Đơn vị đề cử: ${dossier.unit}`);
			expect(text).toContain('Hạng mục: Gương sáng tuổi trẻ (Cá nhân)');
			expect(text).toContain(`Trạng thái: ${nominationStatusLabels[dossier.status]}`);
			expect(text).toContain(flat(dossier.summary));
			// The folder's number is printed on the dossier.
			const number = path.split('/')[1]!.slice(0, 3);
			expect(text).toContain(`Số hồ sơ lưu trữ: ${number}`);
		}
		// The first folder is the panel's first-ranked dossier, its rank and award printed.
		const firstText = await pdfText(pdfs.find(([p]) => p.startsWith('01_Ho_so/001_'))![1].bytes);
		expect(firstText).toContain('Xếp hạng của hội đồng: 1');
		expect(firstText).toContain('Khen thưởng: Bằng khen (Quyết định số 125-QĐ/TĐTN-BTG');
		expect(firstText).toContain('Giấy khen cấp huyện.pdf');
	});

	it('has the score sheet with every judge’s scores as the database holds them, and the results', async () => {
		const { db } = database;
		const scores = await db
			.select({
				judge: users.fullName,
				dossier: nominations.nomineeName,
				criterion: rubricCriteria.name,
				score: judgeScores.score
			})
			.from(judgeScores)
			.innerJoin(judgeAssignments, eq(judgeAssignments.id, judgeScores.assignmentId))
			.innerJoin(users, eq(users.id, judgeAssignments.judgeId))
			.innerJoin(nominations, eq(nominations.id, judgeAssignments.nominationId))
			.innerJoin(rubricCriteria, eq(rubricCriteria.id, judgeScores.criterionId))
			.where(and(eq(nominations.campaignId, finishedId), eq(judgeAssignments.status, 'submitted')));
		expect(scores.length).toBeGreaterThan(10);
		const book = await workbook(entries.get('02_Cham_diem/01_Bang_tong_hop_diem.xlsx')!.bytes);
		const { headers, rows } = rowsOf(book.worksheets[0]!, 'Hạng');
		for (const s of scores) {
			const header = headers.find((h) => h.startsWith(`${s.judge} — ${s.criterion} (`));
			expect(header, `${s.judge} ${s.criterion}`).toBeDefined();
			const row = rows.find((r) => r['Hồ sơ'] === s.dossier);
			expect(row?.[header!], `${s.judge} ${s.dossier} ${s.criterion}`).toBe(s.score);
		}
		// Results: the accepted dossiers in rank order, each with its folder's number.
		const results = rowsOf(
			(await workbook(entries.get('02_Cham_diem/02_Ket_qua.xlsx')!.bytes)).worksheets[0]!,
			'Số hồ sơ lưu trữ'
		).rows;
		const accepted = await db
			.select({ id: nominations.id })
			.from(nominations)
			.where(and(eq(nominations.campaignId, finishedId), eq(nominations.status, 'accepted')));
		expect(results).toHaveLength(accepted.length);
		expect(results.map((r) => r['Hạng'])).toEqual(
			[...results.map((r) => r['Hạng'] as number)].sort((a, b) => a - b)
		);
		for (const r of results) {
			const folder = [...entries.keys()].find((p) =>
				p.startsWith(`01_Ho_so/${r['Số hồ sơ lưu trữ']}_`)
			);
			expect(folder, String(r['Họ và tên / Tên'])).toBeDefined();
		}
	});

	it('files each decision with its document, its list and a certificate per standing recipient', async () => {
		const { db } = database;
		const decisions = await db
			.select()
			.from(awardDecisions)
			.where(eq(awardDecisions.campaignId, finishedId));
		expect(decisions).toHaveLength(1);
		const decision = decisions[0]!;
		const recipients = await db
			.select()
			.from(awardRecipients)
			.where(eq(awardRecipients.decisionId, decision.id));
		const folder = `03_Quyet_dinh/01_QD_125-QD-TDTN-BTG_${decision.decidedOn}`;
		const document = await pdfText(entries.get(`${folder}/01_Quyet_dinh.pdf`)!.bytes);
		expect(document).toContain(`Số: ${decision.number}`);
		expect(document).toContain('QUYẾT ĐỊNH');
		expect(document).toContain(flat(decision.signer));
		const list = rowsOf(
			(await workbook(entries.get(`${folder}/02_Danh_sach_khen_thuong.xlsx`)!.bytes))
				.worksheets[0]!,
			'STT'
		).rows;
		expect(list.map((r) => r['Họ và tên / Tên tập thể']).sort()).toEqual(
			recipients.map((r) => r.name).sort()
		);
		const certificates = [...entries.entries()].filter(([p]) =>
			p.startsWith(`${folder}/Giay_chung_nhan/`)
		);
		const standing = recipients.filter((r) => !r.revokedAt);
		expect(certificates).toHaveLength(standing.length);
		const texts = await Promise.all(certificates.map(([, e]) => pdfText(e.bytes)));
		for (const r of standing) {
			expect(document).toContain(r.name);
			const text = texts.find((t) => t.includes(formatCertificateCode(r.certificateCode)));
			expect(text, r.name).toBeDefined();
			expect(text).toContain(r.name);
		}
	});

	it('opens with an index that numbers and names every entry', async () => {
		const index = rowsOf(
			(await workbook(entries.get('00_Muc_luc.xlsx')!.bytes)).worksheets[0]!,
			'STT'
		).rows;
		expect(index.map((r) => r['Tệp trong hồ sơ lưu trữ']).sort()).toEqual(
			[...entries.keys()].sort()
		);
		expect(index.map((r) => r['STT'])).toEqual(index.map((_, i) => i + 1));
		const withSum = index.filter((r) => r['Mã kiểm tra SHA-256 (tệp gốc)']);
		for (const r of withSum)
			expect(sha256(entries.get(String(r['Tệp trong hồ sơ lưu trữ']))!.bytes)).toBe(
				r['Mã kiểm tra SHA-256 (tệp gốc)']
			);
	});

	it('is audited: who took the file, and what it held', async () => {
		const rows = await database.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'campaign.archive'), eq(auditLog.entityId, String(finishedId)))
			);
		expect(rows.length).toBeGreaterThanOrEqual(1);
		expect(rows[0]!.actorId).not.toBeNull();
		expect(rows[0]!.after).toMatchObject({ archiveEntries: entries.size });
	});
});

describe('a failure half-way', () => {
	it('ends the stream with the error, never as a zip that looks whole', async () => {
		const organizer = await as('tochuc@guongsang.vn');
		const plan = await prepareCampaignArchive(organizer, { campaignId: finishedId });
		// A file gone after the plan was made (as if deleted from the database by hand).
		const last = plan.entries.filter((e) => e.source.kind === 'file').at(-1)!;
		const source = last.source as { kind: 'file'; fileId: string };
		const [kept] = await database.db
			.delete(nominationFiles)
			.where(eq(nominationFiles.id, source.fileId))
			.returning();
		try {
			await expect(collect(campaignArchiveStream(organizer, plan, ORIGIN))).rejects.toThrow(
				last.path
			);
		} finally {
			await database.db.insert(nominationFiles).values(kept!);
		}
	});
});

describe('refusals', () => {
	it('an unfinished campaign is refused in Vietnamese, and its page says why', async () => {
		const organizer = await as('tochuc@guongsang.vn');
		const refused = await failure(prepareCampaignArchive(organizer, { campaignId: votingId }));
		expect(refused.status).toBe(409);
		expect(refused.message).toBe(ARCHIVE_NOT_FINISHED);
		expect(await campaignArchiveReadiness(organizer, votingId)).toEqual({
			ready: false,
			reason: ARCHIVE_NOT_FINISHED
		});
		expect(await campaignArchiveReadiness(organizer, finishedId)).toEqual({
			ready: true,
			reason: null
		});
	});

	it('anyone but the campaign’s organizers is refused as if it did not exist', async () => {
		for (const email of ['canbo@guongsang.vn', 'huyendoan@guongsang.vn']) {
			const other = await as(email);
			const refused = await failure(prepareCampaignArchive(other, { campaignId: finishedId }));
			expect(refused.status, email).toBe(404);
			expect(await campaignArchiveReadiness(other, finishedId)).toBeNull();
		}
		const anonymous = ctxFor(database, null, TEST_NOW);
		expect(
			(await failure(prepareCampaignArchive(anonymous, { campaignId: finishedId }))).status
		).toBe(401);
		const written = await database.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'campaign.archive'), ne(auditLog.entityId, String(finishedId)))
			);
		expect(written).toHaveLength(0);
	});
});
