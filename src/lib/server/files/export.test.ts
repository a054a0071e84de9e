import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
	expectOfficeLayout,
	readCsv,
	readXlsx,
	sheetRows,
	wallClock,
	wallDay
} from '../testing/exports';
import {
	exportDataUrl,
	exportFile,
	gridTable,
	sheetNames,
	table,
	textColumns,
	writeCsv,
	type ExportBook
} from './export';

// 17:30 UTC on the 24th is 00:30 on the 25th in Hanoi: a date written in UTC would be a day off.
const LATE = new Date('2026-11-24T17:30:00Z');
const MORNING = new Date('2026-12-06T03:06:00Z');
const FORMULA = '=HYPERLINK("http://x","y")';

interface Row {
	name: string;
	votes: number;
	change: number;
	share: number;
	at: Date;
	day: Date | string;
}

const rows: Row[] = [
	{ name: 'Nguyễn Văn An', votes: 147255, change: -3.5, share: 3 / 7, at: LATE, day: LATE },
	{ name: FORMULA, votes: 2, change: 1, share: 0.05, at: MORNING, day: '2026-12-06' },
	{ name: '-1+2', votes: 0, change: 0, share: 0, at: MORNING, day: MORNING },
	{ name: '@SUM(A1)', votes: 1, change: 0, share: 1, at: LATE, day: LATE },
	{ name: 'Chi; "Bình"', votes: 3, change: 2.25, share: 0.5, at: LATE, day: LATE }
];

function book(title?: string, notes?: string[]): ExportBook {
	return {
		filename: 'thu',
		sheets: [
			table<Row>(
				'Kết quả',
				[
					{ header: 'Tên', kind: 'text', value: (r) => r.name },
					{ header: 'Số phiếu', kind: 'number', value: (r) => r.votes },
					{ header: 'Thay đổi', kind: 'number', value: (r) => r.change },
					{ header: 'Tỷ lệ', kind: 'percent', value: (r) => r.share },
					{ header: 'Thời điểm', kind: 'datetime', value: (r) => r.at },
					{ header: 'Ngày', kind: 'date', value: (r) => r.day }
				],
				rows,
				{ title, notes }
			)
		]
	};
}

describe('the Excel file', () => {
	it('stores each kind as Excel does: dates in Vietnam time, numbers, shares, inert text', async () => {
		const sheet = (await readXlsx(book())).worksheets[0]!;
		expect(sheet.name).toBe('Kết quả');
		const [header, ...body] = sheetRows(sheet);
		expect(header).toEqual(['Tên', 'Số phiếu', 'Thay đổi', 'Tỷ lệ', 'Thời điểm', 'Ngày']);
		expect(body).toEqual(
			rows.map((r) => [
				r.name,
				r.votes,
				r.change,
				r.share,
				wallClock(r.at),
				typeof r.day === 'string' ? new Date(`${r.day}T00:00:00Z`) : wallDay(r.day)
			])
		);
		// 00:30 on 25/11 in Hanoi, not 17:30 on 24/11.
		expect(sheet.getCell('E2').value).toEqual(new Date('2026-11-25T00:30:00Z'));
		expect(sheet.getCell('F2').value).toEqual(new Date('2026-11-25T00:00:00Z'));
		expect(sheet.getCell('E2').numFmt).toBe('dd/mm/yyyy hh:mm');
		expect(sheet.getCell('F2').numFmt).toBe('dd/mm/yyyy');
		expect(sheet.getCell('B2').numFmt).toBe('#,##0');
		expect(sheet.getCell('C2').numFmt).toBe('#,##0.00');
		expect(sheet.getCell('D2').numFmt).toBe('0.0%');
		// Text that looks like a formula is a string cell in text format, never a formula.
		for (const address of ['A3', 'A4', 'A5']) {
			const cell = sheet.getCell(address);
			expect(cell.type).toBe(ExcelJS.ValueType.String);
			expect(cell.formula).toBeUndefined();
			expect(cell.numFmt).toBe('@');
		}
		// A real negative number stays a number.
		expect(sheet.getCell('C2').type).toBe(ExcelJS.ValueType.Number);
	});

	it('freezes and filters the header, fits widths within bounds, prints on A4 by width', async () => {
		const sheet = (await readXlsx(book())).worksheets[0]!;
		expectOfficeLayout(sheet);
		expect(sheet.pageSetup.orientation).toBe('portrait');
		expect(sheet.getColumn(1).width).toBe(FORMULA.length + 2);
		expect(sheet.getColumn(5).width).toBe('dd/mm/yyyy hh:mm'.length + 2);
		expect(sheet.getCell('A1').font.bold).toBe(true);
	});

	it('puts a title above the header, which is then the frozen and repeated row', async () => {
		const sheet = (await readXlsx(book('Quyết định số 12 & 13'))).worksheets[0]!;
		expect(sheet.getCell('A1').value).toBe('Quyết định số 12 & 13');
		expect(sheet.getCell('A2').value).toBe('Tên');
		expectOfficeLayout(sheet, 2);
		expect(sheet.headerFooter.oddHeader).toBe('&CQuyết định số 12 && 13');
	});

	it('turns to landscape when the columns are wider than a portrait page', async () => {
		const wide = table<number>(
			'Rộng',
			Array.from({ length: 8 }, (_, i) => ({
				header: `Cột ${i + 1}`,
				kind: 'text' as const,
				value: () => 'x'.repeat(20)
			})),
			[1]
		);
		const sheet = (await readXlsx({ filename: 'rong', sheets: [wide] })).worksheets[0]!;
		expect(sheet.pageSetup.orientation).toBe('landscape');
		expectOfficeLayout(sheet);
	});

	it('bounds a column of long text and wraps it', async () => {
		const long = table<string>(
			'Dài',
			[{ header: 'Nội dung', kind: 'text', value: (s) => s }],
			['x'.repeat(300)]
		);
		const sheet = (await readXlsx({ filename: 'dai', sheets: [long] })).worksheets[0]!;
		expect(sheet.getColumn(1).width).toBe(50);
		expect(sheet.getCell('A2').alignment.wrapText).toBe(true);
	});
});

describe('notes below the table (a licence line)', () => {
	const notes = ['Giấy phép: CC BY 4.0, ghi rõ nguồn.', '=không phải công thức'];

	it('come after a blank row in CSV, made inert like any text', () => {
		const lines = writeCsv(book(undefined, notes), ',').split('\r\n');
		expect(lines).toHaveLength(1 + rows.length + 3);
		expect(lines.slice(-3)).toEqual(['', `"${notes[0]}"`, `'${notes[1]}`]);
	});

	it('come after a blank row in Excel, below the last row', async () => {
		const sheet = (await readXlsx(book(undefined, notes))).worksheets[0]!;
		expect(sheet.getCell(`A${rows.length + 2}`).value).toBeNull();
		expect(sheet.getCell(`A${rows.length + 3}`).value).toBe(notes[0]);
		expect(sheet.getCell(`A${rows.length + 4}`).value).toBe(notes[1]);
	});
});

describe('an import template', () => {
	it('has text columns, so a phone or code typed into it keeps its leading zero', async () => {
		const template = gridTable('Người dùng', textColumns(['Họ và tên', 'Số điện thoại']), [
			['Nguyễn Văn An', '0912345678']
		]);
		const sheet = (await readXlsx({ filename: 'mau', sheets: [template] })).worksheets[0]!;
		expect(sheet.getColumn(2).numFmt).toBe('@');
		expect(sheet.getCell('B2').value).toBe('0912345678');
		expectOfficeLayout(sheet);
	});
});

describe('sheet names', () => {
	it('keeps to Excel’s 31 characters, drops forbidden characters and makes names unique', () => {
		const long = 'Gương thanh niên tiêu biểu trong lĩnh vực học tập và nghiên cứu khoa học';
		const names = sheetNames([
			long,
			long,
			'Cá nhân',
			'CÁ NHÂN',
			'Tập thể [2026]: A/B*C?D\\E',
			"'Tác phẩm'",
			'   ',
			'History'
		]);
		expect(names).toEqual([
			'Gương thanh niên tiêu biểu tron',
			'Gương thanh niên tiêu biểu (2)',
			'Cá nhân',
			'CÁ NHÂN (2)',
			'Tập thể 2026 A B C D E',
			'Tác phẩm',
			'Trang 7',
			'History (2)'
		]);
		for (const name of names) {
			expect(name.length).toBeLessThanOrEqual(31);
			expect(name).not.toMatch(/[[\]:*?/\\]/);
		}
	});

	it('names the workbook’s sheets that way', async () => {
		const sheet = (name: string) => table<number>(name, [], []);
		const workbook = await readXlsx({
			filename: 'x',
			sheets: [sheet('Hạng mục: A/B'), sheet('hạng mục  A B')]
		});
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Hạng mục A B', 'hạng mục A B (2)']);
	});
});

describe('the CSV files', () => {
	it('writes "," CSV with dates dd/mm/yyyy in Vietnam time and formulas made inert', () => {
		const [header, ...body] = readCsv(book(), ',');
		expect(header).toEqual(['Tên', 'Số phiếu', 'Thay đổi', 'Tỷ lệ', 'Thời điểm', 'Ngày']);
		expect(body).toEqual([
			['Nguyễn Văn An', '147255', '-3.5', '42.9%', '25/11/2026 00:30', '25/11/2026'],
			[`'${FORMULA}`, '2', '1', '5%', '06/12/2026 10:06', '06/12/2026'],
			["'-1+2", '0', '0', '0%', '06/12/2026 10:06', '06/12/2026'],
			["'@SUM(A1)", '1', '0', '100%', '25/11/2026 00:30', '25/11/2026'],
			['Chi; "Bình"', '3', '2.25', '50%', '25/11/2026 00:30', '25/11/2026']
		]);
	});

	it('writes ";" CSV for Excel in Vietnamese: the same rows, decimals with a comma', () => {
		const comma = readCsv(book(), ',');
		const semicolon = readCsv(book(), ';');
		expect(semicolon).toEqual(comma.map((row) => row.map((cell) => cellInVietnamese(cell))));
		expect(semicolon[1]).toEqual([
			'Nguyễn Văn An',
			'147255',
			'-3,5',
			'42,9%',
			'25/11/2026 00:30',
			'25/11/2026'
		]);
		// Read as "," the file would not split: every row is one cell, or split at the text's ";".
		expect(writeCsv(book(), ';').split('\r\n')[0]).toBe(
			'\ufeffTên;Số phiếu;Thay đổi;Tỷ lệ;Thời điểm;Ngày'
		);
	});

	it('tabs and carriage returns at the start of text are made inert too', () => {
		const sheet = table<string>(
			'x',
			[{ header: 'Tên', kind: 'text', value: (s) => s }],
			['\t=1+1', '\r=1+1', 'a=1']
		);
		const [, ...body] = readCsv({ filename: 'x', sheets: [sheet] }, ',');
		expect(body).toEqual([["'\t=1+1"], ["'\r=1+1"], ['a=1']]);
	});

	it('refuses a book of several sheets, which only Excel can hold', async () => {
		const two: ExportBook = { filename: 'x', sheets: [table('a', [], []), table('b', [], [])] };
		await expect(exportFile(two, 'csv')).rejects.toMatchObject({ status: 400 });
		expect((await exportFile(two, 'xlsx')).filename).toBe('x.xlsx');
	});

	it('names the files by format', async () => {
		expect((await exportFile(book(), 'csv')).filename).toBe('thu.csv');
		expect((await exportFile(book(), 'csv-excel')).filename).toBe('thu-excel-vn.csv');
		expect((await exportFile(book(), 'csv-excel')).contentType).toBe('text/csv; charset=utf-8');
	});
});

/** A "," CSV cell as the ";" file writes it: the decimal point of a number becomes a comma. */
function cellInVietnamese(cell: string): string {
	return /^-?\d+(\.\d+)?%?$/.test(cell) ? cell.replace('.', ',') : cell;
}

describe('a download kept only in the page', () => {
	it('is an .xlsx as a data address', async () => {
		const { href, filename } = await exportDataUrl(book());
		expect(filename).toBe('thu.xlsx');
		const prefix = 'data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,';
		expect(href.startsWith(prefix)).toBe(true);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(
			new Uint8Array(Buffer.from(href.slice(prefix.length), 'base64')).buffer
		);
		expect(workbook.worksheets[0]!.getCell('A2').value).toBe('Nguyễn Văn An');
	});
});
