import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, units } from '../db/schema';
import { DomainError } from '../errors';
import { createTestDatabase } from '../testing/database';
import { failure, statusOf } from '../testing/status';
import { ctxFor, makeTree, makeUnit } from '../testing/factories';
import {
	csvFile,
	handMadeXlsx,
	part,
	sheetXml,
	textCell,
	textRow,
	workbookFile,
	zipBombXlsx
} from '../testing/spreadsheets';
import { importUnits } from './import-use-cases';
import { archiveUnit, createUnit, getUnit, listUnits, moveUnit, updateUnit } from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

const fields = { kind: 'grassroots' as const, memberCount: 40 };
let codeCounter = 0;
const code = () => `T${++codeCounter}`;

async function auditCount() {
	return (await database.db.select().from(auditLog)).length;
}

describe('units service', () => {
	it('lets an organizer create a unit inside their district, with an audit row', async () => {
		const before = await auditCount();
		const unit = await createUnit(ctxFor(database, tree.organizer), {
			name: 'Chi đoàn Mới',
			code: code(),
			parentId: tree.grassroots.id,
			...fields
		});
		expect(unit.path).toBe(`${tree.grassroots.path}${unit.id}/`);
		expect(unit.depth).toBe(3);
		expect(await auditCount()).toBe(before + 1);
	});

	it('refuses an organizer outside their district and writes nothing', async () => {
		const before = await auditCount();
		const ctx = ctxFor(database, tree.organizer);
		expect(
			await statusOf(
				createUnit(ctx, { name: 'X', code: code(), parentId: tree.sibling.id, ...fields })
			)
		).toBe(403);
		expect(
			await statusOf(createUnit(ctx, { name: 'X', code: code(), parentId: undefined, ...fields }))
		).toBe(403);
		expect(
			await statusOf(
				updateUnit(ctx, {
					id: tree.sibling.id,
					name: 'Đổi tên',
					code: tree.sibling.code,
					...fields
				})
			)
		).toBe(403);
		expect(
			await statusOf(
				updateUnit(ctx, {
					id: tree.province.id,
					name: 'Đổi tên',
					code: tree.province.code,
					...fields
				})
			)
		).toBe(403);
		expect(await statusOf(archiveUnit(ctx, { id: tree.district.id }))).toBe(403);
		expect(
			await statusOf(
				createUnit(ctxFor(database, tree.member), {
					name: 'X',
					code: code(),
					parentId: tree.grassroots.id,
					...fields
				})
			)
		).toBe(403);
		expect(
			await statusOf(
				createUnit(ctxFor(database, null), {
					name: 'X',
					code: code(),
					parentId: tree.grassroots.id,
					...fields
				})
			)
		).toBe(401);
		expect(await auditCount()).toBe(before);
	});

	it('hides units outside the reader (404, not 403) and lists only the subtree', async () => {
		expect(await statusOf(getUnit(ctxFor(database, tree.organizer), tree.sibling.id))).toBe(404);
		const listed = await listUnits(ctxFor(database, tree.organizer));
		const ids = listed.map((u) => u.id);
		expect(ids).toContain(tree.district.id);
		expect(ids).toContain(tree.grassroots.id);
		expect(ids).not.toContain(tree.sibling.id);
		expect(ids).not.toContain(tree.province.id);
	});

	it('refuses a duplicate code with a conflict on the code field', async () => {
		const error = await createUnit(ctxFor(database, tree.admin), {
			name: 'Trùng',
			code: tree.district.code,
			parentId: tree.province.id,
			...fields
		}).catch((e) => e);
		expect(error).toBeInstanceOf(DomainError);
		expect(error.status).toBe(409);
		expect(error.fieldErrors.code).toBeDefined();
	});

	it('moves a whole subtree and never makes a unit its own ancestor', async () => {
		const admin = ctxFor(database, tree.admin);
		const a = await makeUnit(database, tree.province);
		const b = await makeUnit(database, a);
		const c = await makeUnit(database, b);
		expect(await statusOf(moveUnit(admin, { id: a.id, parentId: c.id }))).toBe(400);
		expect(await statusOf(moveUnit(admin, { id: a.id, parentId: a.id }))).toBe(400);
		await moveUnit(admin, { id: a.id, parentId: tree.sibling.id });
		const [movedC] = await database.db.select().from(units).where(eq(units.id, c.id));
		expect(movedC!.path).toBe(`${tree.sibling.path}${a.id}/${b.id}/${c.id}/`);
		expect(movedC!.depth).toBe(4);
	});

	it('does not let an organizer move a unit out of their district', async () => {
		const unit = await makeUnit(database, tree.district);
		expect(
			await statusOf(
				moveUnit(ctxFor(database, tree.organizer), { id: unit.id, parentId: tree.sibling.id })
			)
		).toBe(403);
		expect(
			await statusOf(
				moveUnit(ctxFor(database, tree.organizer), { id: unit.id, parentId: tree.grassroots.id })
			)
		).toBe(200);
	});

	it('archives only units with no active children', async () => {
		const admin = ctxFor(database, tree.admin);
		const parent = await makeUnit(database, tree.sibling);
		const child = await makeUnit(database, parent);
		expect(await statusOf(archiveUnit(admin, { id: parent.id }))).toBe(409);
		await archiveUnit(admin, { id: child.id });
		const archived = await archiveUnit(admin, { id: parent.id });
		expect(archived.archivedAt).not.toBeNull();
	});
});

describe('unit import', () => {
	const csv = (text: string) => ({ name: 'don-vi.csv', bytes: new TextEncoder().encode(text) });
	const header = 'Tên đơn vị,Mã đơn vị,Loại đơn vị,Số đoàn viên,Mã đơn vị cấp trên\n';

	it('imports nothing when a row is bad, unless asked to keep the good rows', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const file = csv(
			`${header}Chi đoàn Một,IMP-1,Chi đoàn,25,${tree.district.code}\nChi đoàn Hai,IMP-2,Chi đoàn,abc,${tree.district.code}\nChi đoàn Ba,IMP-3,chi doan,30,IMP-1\n`
		);
		const strict = await importUnits(ctx, { file, mode: 'all-or-nothing' });
		expect(strict.imported).toBe(0);
		expect(strict.errors).toHaveLength(1);
		expect(strict.errors[0]!.rowNumber).toBe(3);
		expect(strict.errors[0]!.messages.join()).toContain('Số đoàn viên');
		expect(await database.db.select().from(units).where(eq(units.code, 'IMP-1'))).toHaveLength(0);

		const lenient = await importUnits(ctx, { file, mode: 'good-rows' });
		expect(lenient.imported).toBe(2);
		const [three] = await database.db.select().from(units).where(eq(units.code, 'IMP-3'));
		const [one] = await database.db.select().from(units).where(eq(units.code, 'IMP-1'));
		expect(three!.path).toBe(`${one!.path}${three!.id}/`);
		expect(three!.kind).toBe('branch');
	});

	it('refuses rows that would land outside the organizer subtree', async () => {
		const report = await importUnits(ctxFor(database, tree.organizer), {
			file: csv(`${header}Ngoài,OUT-1,Cơ sở,5,${tree.sibling.code}\n`),
			mode: 'all-or-nothing'
		});
		expect(report.imported).toBe(0);
		expect(report.errors[0]!.messages.join()).toContain('không có quyền');
	});

	it('refuses a file that is not a spreadsheet by its content', async () => {
		const exe = {
			name: 'don-vi.xlsx',
			bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])
		};
		expect(
			await statusOf(
				importUnits(ctxFor(database, tree.organizer), { file: exe, mode: 'good-rows' })
			)
		).toBe(400);
		const binaryCsv = {
			name: 'don-vi.csv',
			bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff])
		};
		expect(
			await statusOf(
				importUnits(ctxFor(database, tree.organizer), { file: binaryCsv, mode: 'good-rows' })
			)
		).toBe(400);
	});
});

const T0 = new Date('2025-03-26T03:00:00Z');

describe('unit import of real office files', () => {
	const csv = (text: string) => csvFile(text, 'don-vi.csv');

	it('imports a sheet with title rows, a merged two-row header, an STT column and NFD names', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const file = await workbookFile((sheet) => {
			sheet.addRow(['HUYỆN ĐOÀN A']);
			sheet.addRow(['DANH SÁCH ĐƠN VỊ TRỰC THUỘC']);
			sheet.mergeCells('A2:F2');
			sheet.addRow(['STT', 'Đơn vị', '', 'Loại đơn vị', 'Số đoàn viên', 'Đơn vị cấp trên']);
			sheet.addRow(['', 'Tên', 'Mã', '', '', 'Mã']);
			for (const range of ['A3:A4', 'B3:C3', 'D3:D4', 'E3:E4']) sheet.mergeCells(range);
			sheet.addRow([
				1,
				'Chi đoàn Giáo viên'.normalize('NFD'),
				'VP-GV',
				'Chi đoàn',
				1234,
				tree.district.code
			]);
			sheet.getCell('E5').numFmt = '#,##0';
			sheet.addRow([2, 'Chi đoàn Thôn Đông', 'VP-TD', 'chi doan', 18, 'VP-GV']);
		});
		const report = await importUnits(ctx, { file, mode: 'all-or-nothing' });
		expect(report).toEqual({ imported: 2, errors: [], total: 2 });
		const [teachers] = await database.db.select().from(units).where(eq(units.code, 'VP-GV'));
		expect(teachers!.name).toBe('Chi đoàn Giáo viên'.normalize('NFC'));
		expect(teachers!.memberCount).toBe(1234);
		const [village] = await database.db.select().from(units).where(eq(units.code, 'VP-TD'));
		expect(village!.parentId).toBe(teachers!.id);
	});

	it('reports every problem of a row, with the row number Excel shows', async () => {
		const report = await importUnits(ctxFor(database, tree.organizer, T0), {
			file: csv(
				'DANH SÁCH ĐƠN VỊ,,,,\n' +
					'Tên đơn vị,Mã đơn vị,Loại đơn vị,Số đoàn viên,Mã đơn vị cấp trên\n' +
					`Chi đoàn Mới,${tree.grassroots.code},loại lạ,mười,KHONG-CO\n`
			),
			mode: 'good-rows'
		});
		expect(report.imported).toBe(0);
		expect(report.errors).toHaveLength(1);
		expect(report.errors[0]!.rowNumber).toBe(3);
		const messages = report.errors[0]!.messages.join(' ');
		expect(messages).toContain('Loại đơn vị');
		expect(messages).toContain('Số đoàn viên');
		expect(messages).toContain(`"${tree.grassroots.code}" đã tồn tại`);
		expect(messages).toContain('"KHONG-CO"');
	});

	it('refuses a zip bomb and reads past an XFD cell, whatever the import page', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const bomb = zipBombXlsx(['Tên đơn vị', 'Mã đơn vị'], 'don-vi.xlsx');
		const refused = await failure(importUnits(ctx, { file: bomb, mode: 'good-rows' }));
		expect(refused.status).toBe(400);
		expect(refused.fieldErrors.file?.[0]).toMatch(/bung ra quá lớn/);

		// 1,200 rows, each with a cell at XFD, the last column Excel has.
		const withXfd = (r: number, values: string[]) =>
			textRow(r, values).replace('</row>', `${textCell(`XFD${r}`, 'x')}</row>`);
		const rows = [withXfd(1, ['Tên đơn vị', 'Mã đơn vị', 'Loại đơn vị', 'Mã đơn vị cấp trên'])];
		for (let r = 2; r <= 1201; r++) {
			const kind = r === 601 ? 'không rõ' : 'Chi đoàn';
			rows.push(withXfd(r, [`Chi đoàn ${r}`, `XFD-${r}`, kind, tree.district.code]));
		}
		const xfd = handMadeXlsx(part(sheetXml(rows.join(''))), undefined, 'don-vi.xlsx');
		const report = await importUnits(ctx, { file: xfd, mode: 'all-or-nothing' });
		expect(report.total).toBe(1200);
		expect(report.errors.map((e) => e.rowNumber)).toEqual([601]);
	}, 60_000);
});
