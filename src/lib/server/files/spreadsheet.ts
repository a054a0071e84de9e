import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { foldVietnamese } from '$lib/shared/text';
import { invalid } from '../errors';

export const MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export interface SheetRow {
	/** The row number a person sees in Excel (header is row 1). */
	rowNumber: number;
	/** Cells keyed by the folded header ("ten don vi"). */
	cells: Record<string, string>;
}

const NOT_A_SPREADSHEET = 'Tệp không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV (UTF-8).';

/**
 * Reads an uploaded .xlsx or .csv into rows. What the file is comes from its bytes, not its
 * name: a renamed executable or image is refused.
 */
export async function readSpreadsheet(file: {
	name: string;
	bytes: Uint8Array;
}): Promise<SheetRow[]> {
	const { name, bytes } = file;
	if (bytes.length === 0) throw invalid('Tệp rỗng.', { file: ['Tệp rỗng.'] });
	if (bytes.length > MAX_SPREADSHEET_BYTES) {
		const message = 'Tệp quá lớn (tối đa 5 MB).';
		throw invalid(message, { file: [message] });
	}
	const extension = name.toLowerCase().split('.').pop();
	const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b);
	let table: string[][];
	if (isZip && extension === 'xlsx') {
		table = await readXlsx(bytes);
	} else if (!isZip && extension === 'csv') {
		table = readCsv(bytes);
	} else {
		throw invalid(NOT_A_SPREADSHEET, { file: [NOT_A_SPREADSHEET] });
	}
	const [header, ...body] = table;
	if (!header || header.every((h) => !h.trim())) {
		const message = 'Tệp không có dòng tiêu đề.';
		throw invalid(message, { file: [message] });
	}
	const keys = header.map((h) => foldVietnamese(h));
	const rows: SheetRow[] = [];
	body.forEach((cells, index) => {
		if (cells.every((c) => !c.trim())) return;
		const record: Record<string, string> = {};
		keys.forEach((key, column) => {
			if (key) record[key] = (cells[column] ?? '').trim();
		});
		rows.push({ rowNumber: index + 2, cells: record });
	});
	return rows;
}

/**
 * Reads an import file's rows (see readSpreadsheet), refusing a file with no data row or with
 * more than `maxRows`, with the message `tooMany`.
 */
export async function readImportRows(
	file: { name: string; bytes: Uint8Array },
	maxRows: number,
	tooMany: string
): Promise<SheetRow[]> {
	const rows = await readSpreadsheet(file);
	const none = 'Tệp không có dòng dữ liệu nào.';
	if (rows.length === 0) throw invalid(none, { file: [none] });
	if (rows.length > maxRows) throw invalid(tooMany, { file: [tooMany] });
	return rows;
}

function readCsv(bytes: Uint8Array): string[][] {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw invalid(NOT_A_SPREADSHEET, { file: ['Tệp CSV phải được lưu với mã hoá UTF-8.'] });
	}
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0008\u000e-\u001f]/.test(text))
		throw invalid(NOT_A_SPREADSHEET, { file: [NOT_A_SPREADSHEET] });
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
	return parsed.data.map((row) => row.map((cell) => String(cell ?? '')));
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(
			bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
		);
	} catch {
		throw invalid(NOT_A_SPREADSHEET, { file: [NOT_A_SPREADSHEET] });
	}
	const sheet = workbook.worksheets[0];
	if (!sheet)
		throw invalid('Bảng tính không có trang nào.', { file: ['Bảng tính không có trang nào.'] });
	const table: string[][] = [];
	sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell, column) => {
			cells[column - 1] = cell.text ?? '';
		});
		table[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
	});
	return Array.from(table, (r) => r ?? []);
}

/** Picks a record's fields by the header names a person might use (already folded). */
export function pickColumns<K extends string>(
	cells: Record<string, string>,
	aliases: Record<K, string[]>
): Record<K, string> {
	const picked = {} as Record<K, string>;
	for (const key of Object.keys(aliases) as K[]) {
		const header = aliases[key].find((alias) => alias in cells);
		picked[key] = header ? (cells[header] ?? '') : '';
	}
	return picked;
}

/** Zod issues of one row as "Cột Tên: Vui lòng nhập …" lines. */
export function describeRowIssues(
	issues: { path: PropertyKey[]; message: string }[],
	columnNames: Record<string, string>
): string[] {
	return issues.map((issue) => {
		const column = columnNames[String(issue.path[0])];
		return column ? `Cột "${column}": ${issue.message}` : issue.message;
	});
}
