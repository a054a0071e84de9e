import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
	bombPart,
	csvFile,
	handMadeXlsx,
	part,
	sheetXml,
	textCell,
	textRow,
	readInSmallProcess,
	workbookFile,
	zipBombXlsx,
	type BoundedRead,
	type Upload
} from '../testing/spreadsheets';
import { readImportRows, type ImportSpec } from './import-reader';

const spec: ImportSpec<'name' | 'code' | 'phone' | 'founded' | 'share' | 'members'> = {
	columns: {
		name: { name: 'Tên đơn vị', aliases: ['ten don vi', 'ten'], required: true },
		code: { name: 'Mã đơn vị', aliases: ['ma don vi', 'ma'], required: true },
		phone: { name: 'Số điện thoại', aliases: ['so dien thoai', 'dien thoai', 'sdt'] },
		founded: { name: 'Ngày thành lập', aliases: ['ngay thanh lap'] },
		share: { name: 'Tỷ lệ', aliases: ['ty le'] },
		members: { name: 'Số đoàn viên', aliases: ['so doan vien'] }
	},
	maxRows: 5000,
	tooMany: 'Mỗi lần nhập tối đa 5.000 dòng.'
};

async function refusal(file: Upload): Promise<string> {
	try {
		await readImportRows(file, spec);
	} catch (error) {
		if (error instanceof DomainError) {
			expect(error.status).toBe(400);
			return error.fieldErrors.file?.[0] ?? '';
		}
		throw error;
	}
	throw new Error('expected the file to be refused');
}

const emptyCells = { phone: '', founded: '', share: '', members: '' };
const [sheetHead, sheetTail] = sheetXml(`${textRow(1, ['Tên đơn vị', 'Mã đơn vị'])}#`).split(
	'#'
) as [string, string];

/** Files an organizer could upload to any import page, each built to exhaust a naive reader. */
const hostile: Record<string, () => Upload | Promise<Upload>> = {
	// 1,200 rows with one cell at column XFD, the last Excel has: a few kilobytes.
	'xfd.xlsx': () =>
		workbookFile((sheet) => {
			sheet.addRow(['Tên đơn vị', 'Mã đơn vị']);
			for (let i = 1; i <= 1200; i++) {
				const row = sheet.getRow(i + 1);
				row.getCell(1).value = `Chi đoàn ${i}`;
				row.getCell(2).value = `CD-${i}`;
				row.getCell(16384).value = 'x';
			}
		}),
	// A sheet of 2 GiB of XML in about 2 MB.
	'bomb.xlsx': () => zipBombXlsx(['Tên đơn vị', 'Mã đơn vị']),
	// 1.3 GB of shared strings after the four the rows use.
	'shared-unused.xlsx': () => {
		const rows =
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>`;
		const used = ['Tên đơn vị', 'Mã đơn vị', 'Chi đoàn Một', 'CD-1']
			.map((text) => `<si><t>${text}</t></si>`)
			.join('');
		const filler = '<si><t>chuỗi không dùng đến</t></si>'.repeat(200_000);
		return handMadeXlsx(part(sheetXml(rows)), bombPart(`<sst>${used}`, filler, 100, '</sst>'));
	},
	// 1.3 GB of shared strings before the one the row uses.
	'shared-bomb.xlsx': () => {
		const rows = `<row r="1"><c r="A1" t="s"><v>99999999</v></c></row>`;
		const filler = '<si><t>x</t></si>'.repeat(2_000_000);
		return handMadeXlsx(part(sheetXml(rows)), bombPart('<sst>', filler, 40, '</sst>'));
	},
	// A cell holding a 100 MB string, inline and shared.
	'long-inline.xlsx': () =>
		handMadeXlsx(
			bombPart(
				`${sheetHead}<row r="2"><c r="B2" t="inlineStr"><is><t>`,
				'A'.repeat(1024 * 1024),
				100,
				`</t></is></c></row>${sheetTail}`
			)
		),
	'long-shared.xlsx': () =>
		handMadeXlsx(
			part(sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)),
			bombPart('<sst><si><t>', 'B'.repeat(1024 * 1024), 100, '</t></si></sst>')
		),
	// Five million nested elements, and entities defined in terms of each other.
	'deep.xlsx': () => handMadeXlsx(bombPart(sheetHead, '<x>'.repeat(100_000), 50, '')),
	'laughs.xlsx': () =>
		handMadeXlsx(
			part(
				'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
					sheetXml(`<row r="1">${textCell('A1', '&lol2;')}</row>`).replace(/^<\?xml[^>]*>\n/, '')
			)
		),
	'many-rows.csv': () => csvFile(`Tên đơn vị,Mã đơn vị\n${'Chi đoàn,CD\n'.repeat(300_000)}`),
	'wide.csv': () => csvFile(`Tên đơn vị,Mã đơn vị${','.repeat(2_000_000)}\nChi đoàn,CD-1\n`),
	'long-cell.csv': () => csvFile(`Tên đơn vị,Mã đơn vị\n"${'A'.repeat(4_000_000)}",CD-1\n`)
};

describe('hostile files keep memory flat', () => {
	let read: Record<string, BoundedRead>;
	let peakGrowthMb: number;

	beforeAll(async () => {
		const files = await Promise.all(
			Object.entries(hostile).map(async ([name, build]) => ({ ...(await build()), name }))
		);
		for (const file of files) expect(file.bytes.length).toBeLessThan(5 * 1024 * 1024);
		({ results: read, peakGrowthMb } = await readInSmallProcess(files, spec));
	}, 180_000);

	it('reads them all in a process with a 160 MB heap, its memory growing by less than 200 MB', () => {
		expect(Object.keys(read)).toEqual(Object.keys(hostile));
		expect(peakGrowthMb).toBeLessThan(200);
	});

	it('reads 1,200 rows with a cell at column XFD without touching the empty columns', () => {
		expect(read['xfd.xlsx']!.count).toBe(1200);
		expect(read['xfd.xlsx']!.rows![2]).toEqual({
			rowNumber: 4,
			cells: { name: 'Chi đoàn 3', code: 'CD-3', ...emptyCells }
		});
	});

	it('stops inflating a part that unzips to gigabytes (a zip bomb), with a clear error', () => {
		const tooBig =
			'Tệp Excel bung ra quá lớn (trên 64 MB dữ liệu). Hãy chỉ giữ lại trang tính cần nhập và lưu lại.';
		expect(read['bomb.xlsx']!.refusal).toBe(tooBig);
		expect(read['shared-bomb.xlsx']!.refusal).toBe(tooBig);
	});

	it('keeps only the shared strings the rows use, however large the shared-strings part', () => {
		expect(read['shared-unused.xlsx']!.rows).toEqual([
			{ rowNumber: 2, cells: { name: 'Chi đoàn Một', code: 'CD-1', ...emptyCells } }
		]);
	});

	it('refuses a cell holding a 100 MB string, naming the cell when it can', () => {
		expect(read['long-inline.xlsx']!.refusal).toBe(
			'Ô B2 dài quá 32.767 ký tự (giới hạn của Excel).'
		);
		expect(read['long-shared.xlsx']!.refusal).toBe(
			'Một ô của tệp dài quá 32.767 ký tự (giới hạn của Excel).'
		);
		expect(read['long-cell.csv']!.refusal).toBe('Ô A2 dài quá 32.767 ký tự (giới hạn của Excel).');
	});

	it('refuses deeply nested XML and entity declarations', () => {
		expect(read['deep.xlsx']!.refusal).toMatch(/^Không đọc được tệp Excel/);
		expect(read['laughs.xlsx']!.refusal).toMatch(/^Không đọc được tệp Excel/);
	});

	it('bounds a CSV by its rows and its columns', () => {
		expect(read['many-rows.csv']!.refusal).toBe('Mỗi lần nhập tối đa 5.000 dòng.');
		expect(read['wide.csv']!.rows!.map((r) => r.cells.code)).toEqual(['CD-1']);
	});

	it('says when an .xls or a password-protected workbook is sent', async () => {
		const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
		expect(await refusal({ name: 'danh-sach.xls', bytes: ole })).toMatch(/\.xls.*mật khẩu/);
	});
});

describe('office layouts', () => {
	it('finds the header under title rows, combines a merged two-row header, skips STT and numbering rows', async () => {
		const file = await workbookFile((sheet) => {
			sheet.addRow(['ĐOÀN TNCS HỒ CHÍ MINH', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
			sheet.addRow(['BCH TỈNH ĐOÀN', '', '', 'Độc lập - Tự do - Hạnh phúc']);
			sheet.addRow([]);
			sheet.addRow(['DANH SÁCH ĐƠN VỊ TRỰC THUỘC NĂM 2025']);
			sheet.mergeCells('A4:F4');
			// Rows 5–6: a header over two rows; "Đơn vị" spans "Tên" and "Mã", the others merge down.
			sheet.addRow(['STT', 'Đơn vị', '', 'Số điện thoại\n(di động)', 'Số đoàn viên', 'Ghi chú']);
			sheet.addRow(['', 'Tên', 'Mã', '', '', '']);
			for (const range of ['A5:A6', 'B5:C5', 'D5:D6', 'E5:E6']) sheet.mergeCells(range);
			sheet.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']);
			sheet.addRow([1, 'Chi đoàn Giáo viên', 'CD-GV', '0912 345 678', 25, '']);
			sheet.addRow([2, 'Chi đoàn Thôn Đông', 'CD-TD', '', 30, 'mới']);
			sheet.addRow([3, '', '', '', '', '']);
		});
		const sheet = await readImportRows(file, spec);
		expect(sheet.headerRow).toBe(6);
		expect(sheet.rows).toEqual([
			{
				rowNumber: 8,
				cells: {
					name: 'Chi đoàn Giáo viên',
					code: 'CD-GV',
					phone: '0912 345 678',
					founded: '',
					share: '',
					members: '25'
				}
			},
			{
				rowNumber: 9,
				cells: {
					name: 'Chi đoàn Thôn Đông',
					code: 'CD-TD',
					phone: '',
					founded: '',
					share: '',
					members: '30'
				}
			}
		]);
	});

	it('says which row must hold the header, and which columns it lacks', async () => {
		const noHeader = await workbookFile((sheet) => {
			sheet.addRow(['DANH SÁCH ĐƠN VỊ']);
			sheet.addRow(['Chi đoàn Một', 'CD-1']);
		});
		expect(await refusal(noHeader)).toBe(
			'Không tìm thấy dòng tiêu đề trong 15 dòng đầu của trang tính đầu tiên. Dòng tiêu đề phải có các cột “Tên đơn vị”, “Mã đơn vị”.'
		);
		const lacking = csvFile('DANH SÁCH\n\nTên đơn vị;Số đoàn viên\nChi đoàn;12\n');
		expect(await refusal(lacking)).toBe(
			'Dòng tiêu đề (dòng 3) thiếu cột “Mã đơn vị”. Dòng tiêu đề phải có các cột “Tên đơn vị”, “Mã đơn vị”.'
		);
	});

	it('reads cells as Excel shows them: dates, percentages, numbers as written, NFC text', async () => {
		const nfd = 'Chi đoàn Thanh niên'.normalize('NFD');
		const file = await workbookFile((sheet) => {
			sheet.addRow([
				'Tên đơn vị',
				'Mã đơn vị',
				'Điện thoại',
				'Ngày thành lập',
				'Tỷ lệ',
				'Số đoàn viên'
			]);
			const row = sheet.addRow([
				nfd,
				'CD-1',
				912345678,
				new Date(Date.UTC(1931, 2, 26)),
				0.05,
				1234
			]);
			row.getCell(4).numFmt = 'dd/mm/yyyy';
			row.getCell(5).numFmt = '0%';
			row.getCell(6).numFmt = '#,##0';
			// A date cell left with Excel's default short date, a decimal percent, a padded phone.
			const second = sheet.addRow([
				'Chi đoàn Hai',
				'CD-2',
				912000111,
				new Date(Date.UTC(2025, 0, 6)),
				0.125,
				0.1 + 0.2
			]);
			second.getCell(3).numFmt = '0000000000';
			second.getCell(5).numFmt = '0.0%';
		});
		const sheet = await readImportRows(file, spec);
		expect(sheet.rows.map((r) => r.cells)).toEqual([
			{
				name: 'Chi đoàn Thanh niên'.normalize('NFC'),
				code: 'CD-1',
				phone: '912345678',
				founded: '26/03/1931',
				share: '5%',
				members: '1.234'
			},
			{
				name: 'Chi đoàn Hai',
				code: 'CD-2',
				phone: '0912000111',
				founded: '06/01/2025',
				share: '12,5%',
				members: '0,3'
			}
		]);
		expect(sheet.rows[0]!.cells.name).not.toBe(nfd);
	});

	it('reads a semicolon CSV with title rows and keeps Excel row numbers across blank lines', async () => {
		const file = csvFile(
			'\uFEFFDANH SÁCH ĐƠN VỊ;;\n;;\nSTT;Tên đơn vị;Mã đơn vị\n1;Chi đoàn Một;CD-1\n;;\n2;"Chi đoàn; Hai";CD-2\n'
		);
		const sheet = await readImportRows(file, spec);
		expect(sheet.headerRow).toBe(3);
		expect(sheet.rows.map((r) => [r.rowNumber, r.cells.name, r.cells.code])).toEqual([
			[4, 'Chi đoàn Một', 'CD-1'],
			[6, 'Chi đoàn; Hai', 'CD-2']
		]);
	});
});
