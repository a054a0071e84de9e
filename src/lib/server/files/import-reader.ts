/**
 * Reads an uploaded import file (.xlsx or CSV) the way an office sends it: title rows above
 * the table, a header over one or two rows (merged cells), an STT column, numbering rows,
 * cells shown as Excel shows them. Every import (units, users, questions) goes through here,
 * and the file's cost is bounded whatever is inside it (see IMPORT_LIMITS).
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { formatNumber } from '$lib/shared/format';
import { foldVietnamese } from '$lib/shared/text';
import {
	IMPORT_LIMITS,
	NOT_A_SPREADSHEET,
	TOO_MUCH_TEXT,
	cellTooLong,
	columnLetters,
	refuseFile
} from './import-limits';
import { readXlsxGrid, type Grid, type GridRow } from './xlsx-reader';

export interface ImportColumn {
	/** The header as the template writes it, used in messages. */
	name: string;
	/** Headers a person might write instead, already folded ("ten don vi"). */
	aliases: string[];
	/** Without this column no row can be right: the file is refused as a whole. */
	required?: boolean;
}

export interface ImportSpec<K extends string> {
	columns: Record<K, ImportColumn>;
	maxRows: number;
	/** The message when there are more than `maxRows` data rows. */
	tooMany: string;
}

export interface ImportRow<K extends string> {
	/** The row number a person sees in Excel. */
	rowNumber: number;
	/** The cells of the known columns, trimmed, NFC; '' when empty or absent. */
	cells: Record<K, string>;
}

export interface ImportSheet<K extends string> {
	rows: ImportRow<K>[];
	/** The (last) row of the header. */
	headerRow: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Old .xls files and password-protected .xlsx files are OLE compound documents.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const OLD_OR_LOCKED =
	'Đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu. Hãy mở bằng Excel, chọn Lưu thành (Save As) dạng .xlsx không mật khẩu rồi nhập lại.';

/** The names of the columns, for row messages ("Cột "Tên đơn vị": …"). */
export function columnNamesOf<K extends string>(columns: Record<K, ImportColumn>) {
	return Object.fromEntries(
		Object.entries<ImportColumn>(columns).map(([key, c]) => [key, c.name])
	) as Record<K, string>;
}

/**
 * Reads the rows under the header of the first sheet. The header is the row (or two rows) of
 * the first 15 that names the most known columns; STT and unknown columns are ignored.
 */
/** A file as a form sent it (see `readUpload`). */
export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
}

/** The file field of an import's input: chosen, or refused with the form's own message. */
export const uploadedFile = z.custom<UploadedFile>(
	(v) => typeof v === 'object' && v !== null && 'bytes' in v && 'name' in v,
	'Vui lòng chọn tệp Excel hoặc CSV.'
);

export async function readImportRows<K extends string>(
	file: UploadedFile,
	spec: ImportSpec<K>
): Promise<ImportSheet<K>> {
	const { name, bytes } = file;
	if (bytes.length === 0) throw refuseFile('Tệp rỗng.');
	if (bytes.length > IMPORT_LIMITS.maxFileBytes) throw refuseFile('Tệp quá lớn (tối đa 5 MB).');
	const extension = name.toLowerCase().split('.').pop();
	const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
	const lookup = lookupOf(spec.columns);
	// Enough rows for the title, the header and one row past the limit.
	const keep = spec.maxRows + IMPORT_LIMITS.headerScanRows + 3;
	let grid: Grid;
	if (starts(ZIP_MAGIC) && extension === 'xlsx') grid = await readXlsxGrid(bytes, keep);
	else if (starts(OLE_MAGIC) && (extension === 'xls' || extension === 'xlsx'))
		throw refuseFile(OLD_OR_LOCKED);
	else if (!starts(ZIP_MAGIC) && extension === 'csv') {
		const text = decodeCsv(bytes);
		grid = readCsvGrid(text, keep, csvDelimiter(text, lookup));
	} else throw refuseFile(NOT_A_SPREADSHEET);

	const header = locateHeader(grid.rows, spec.columns, lookup);
	const rows: ImportRow<K>[] = [];
	let index = header.next;
	if (isNumberingRow(grid.rows[index])) index++;
	for (; index < grid.rows.length; index++) {
		const row = grid.rows[index]!;
		const cells = {} as Record<K, string>;
		let any = false;
		for (const key of Object.keys(spec.columns) as K[]) {
			const column = header.columns.get(key);
			const value = column === undefined ? '' : (row.cells[column] ?? '').normalize('NFC').trim();
			cells[key] = value;
			if (value) any = true;
		}
		if (any) rows.push({ rowNumber: row.rowNumber, cells });
	}
	if (grid.more || rows.length > spec.maxRows) throw refuseFile(spec.tooMany);
	if (rows.length === 0)
		throw refuseFile(`Không có dòng dữ liệu nào dưới dòng tiêu đề (dòng ${header.row}).`);
	return { rows, headerRow: header.row };
}

function decodeCsv(bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw refuseFile('Tệp CSV phải được lưu với mã hoá UTF-8.');
	}
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) throw refuseFile(NOT_A_SPREADSHEET);
	return text.replace(/^\uFEFF/, '');
}

/**
 * The separator that makes the best header: Excel with Vietnamese regional settings writes ";",
 * and title rows above the header leave too few separators for a guess by counting.
 */
function csvDelimiter(text: string, lookup: Lookup<string>): string {
	let best = { delimiter: ',', score: 0 };
	for (const delimiter of [',', ';', '\t']) {
		let score = 0;
		try {
			const sample = readCsvGrid(text, IMPORT_LIMITS.headerScanRows + 2, delimiter);
			score = bestHeader(sample.rows, lookup)?.score ?? 0;
		} catch {
			// A wrong separator can make a line one cell longer than allowed: not this one.
		}
		if (score > best.score) best = { delimiter, score };
	}
	return best.delimiter;
}

function readCsvGrid(text: string, maxRows: number, delimiter: string): Grid {
	const rows: GridRow[] = [];
	let more = false;
	let rowNumber = 0;
	let textChars = 0;
	let refusal: Error | null = null;
	Papa.parse<string[]>(text, {
		delimiter,
		step(result, parser) {
			rowNumber++;
			const cells: string[] = [];
			let any = false;
			const data = result.data;
			for (let i = 0; i < Math.min(data.length, IMPORT_LIMITS.maxColumns); i++) {
				const cell = data[i] ?? '';
				if (cell.length > IMPORT_LIMITS.maxCellChars) {
					refusal = refuseFile(cellTooLong(`${columnLetters(i)}${rowNumber}`));
					return parser.abort();
				}
				if (cell.trim() === '') continue;
				textChars += cell.length;
				cells[i] = cell;
				any = true;
			}
			if (textChars > IMPORT_LIMITS.maxTextChars) {
				refusal = refuseFile(TOO_MUCH_TEXT);
				return parser.abort();
			}
			if (!any) return;
			if (rows.length >= maxRows) {
				more = true;
				return parser.abort();
			}
			rows.push({ rowNumber, cells });
		}
	});
	if (refusal) throw refusal;
	return { rows, more };
}

/** A header cell reduced to what identifies it: "Số điện thoại (*)" → "so dien thoai". */
export function headerLabel(text: string): string {
	return foldVietnamese(text)
		.replace(/\([^)]*\)/g, ' ')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

interface HeaderMatch<K extends string> {
	columns: Map<K, number>;
	/** Index of the first row under the header. */
	next: number;
	/** The header's (last) row number. */
	row: number;
}

type Lookup<K> = Map<string, { key: K; rank: number }>;

/** Every header label a known column may have, cleaned like a sheet's header cells. */
function lookupOf<K extends string>(columns: Record<K, ImportColumn>): Lookup<K> {
	const lookup: Lookup<K> = new Map();
	for (const key of Object.keys(columns) as K[])
		columns[key].aliases.forEach((alias, rank) => {
			const label = headerLabel(alias);
			if (!lookup.has(label)) lookup.set(label, { key, rank });
		});
	return lookup;
}

/** Which known column each column is, given the label(s) it may be read as, best first. */
function matchColumns<K extends string>(candidates: string[][], lookup: Lookup<K>): Map<K, number> {
	const best = new Map<K, { column: number; rank: number }>();
	candidates.forEach((labels, column) => {
		const hit = labels.map((label) => lookup.get(label)).find(Boolean);
		if (!hit) return;
		const current = best.get(hit.key);
		if (!current || hit.rank < current.rank) best.set(hit.key, { column, rank: hit.rank });
	});
	return new Map([...best].map(([key, { column }]) => [key, column]));
}

/**
 * A merged two-row header: the upper row names a group over several columns ("Liên hệ" over
 * "Email" and "Điện thoại"), or a column whose lower cell is empty (merged down).
 */
function twoRowLabels(upper: string[], lower: string[]): string[][] {
	const width = Math.max(upper.length, lower.length);
	const labels: string[][] = [];
	let group = '';
	for (let c = 0; c < width; c++) {
		const own = headerLabel(upper[c] ?? '');
		const below = headerLabel(lower[c] ?? '');
		if (own) group = own;
		const above = own || (below ? group : '');
		const options = [];
		if (above && below) options.push(`${below} ${above}`, `${above} ${below}`);
		if (below) options.push(below);
		if (above) options.push(above);
		labels.push(options);
	}
	return labels;
}

/** The row, or pair of rows, of the first ones that names the most known columns. */
function bestHeader<K extends string>(
	rows: GridRow[],
	lookup: Lookup<K>
): (HeaderMatch<K> & { score: number }) | null {
	let best: (HeaderMatch<K> & { score: number }) | null = null;
	const scan = Math.min(rows.length, IMPORT_LIMITS.headerScanRows);
	for (let i = 0; i < scan; i++) {
		const row = rows[i]!;
		const single = matchColumns(
			Array.from(row.cells, (cell) => [headerLabel(cell ?? '')]),
			lookup
		);
		if (!best || single.size > best.score)
			best = { columns: single, next: i + 1, row: row.rowNumber, score: single.size };
		const below = rows[i + 1];
		if (below && below.rowNumber === row.rowNumber + 1) {
			const double = matchColumns(twoRowLabels(row.cells, below.cells), lookup);
			if (double.size > best.score)
				best = { columns: double, next: i + 2, row: below.rowNumber, score: double.size };
		}
	}
	return best;
}

function locateHeader<K extends string>(
	rows: GridRow[],
	columns: Record<K, ImportColumn>,
	lookup: Lookup<K>
): HeaderMatch<K> {
	const best = bestHeader(rows, lookup);
	const all = Object.values<ImportColumn>(columns);
	const expected = all
		.filter((c) => c.required)
		.map((c) => `“${c.name}”`)
		.join(', ');
	if (!best || best.score === 0)
		throw refuseFile(
			`Không tìm thấy dòng tiêu đề trong ${formatNumber(IMPORT_LIMITS.headerScanRows)} dòng đầu của trang tính đầu tiên. Dòng tiêu đề phải có các cột ${expected}.`
		);
	const missing = (Object.keys(columns) as K[])
		.filter((key) => columns[key].required && !best.columns.has(key))
		.map((key) => `“${columns[key].name}”`);
	if (missing.length)
		throw refuseFile(
			`Dòng tiêu đề (dòng ${best.row}) thiếu cột ${missing.join(', ')}. Dòng tiêu đề phải có các cột ${expected}.`
		);
	return best;
}

/** The "(1) (2) (3)" row offices put under a header to number its columns. */
function isNumberingRow(row: GridRow | undefined): boolean {
	if (!row) return false;
	const values = row.cells.filter((c) => c !== undefined && c.trim() !== '');
	if (values.length < 2) return false;
	let previous = 0;
	for (const value of values) {
		const match = /^\(?(\d{1,3})\)?$/.exec(value.trim());
		if (!match || Number(match[1]) <= previous) return false;
		previous = Number(match[1]);
	}
	return true;
}

/** Zod issues of one row as "Cột "Tên": Vui lòng nhập …" lines. */
export function describeRowIssues(
	issues: { path: PropertyKey[]; message: string }[],
	columnNames: Record<string, string>
): string[] {
	return issues.map((issue) => {
		const column = columnNames[String(issue.path[0])];
		return column ? `Cột "${column}": ${issue.message}` : issue.message;
	});
}

/**
 * Parses a row's cells field by field, so that every bad cell is reported (not only the
 * first) and the good fields are there for the checks that follow (duplicates, units).
 */
export function parseRowFields<S extends Record<string, z.ZodType>>(
	fields: S,
	cells: Record<string, string>,
	columnNames: Record<string, string>
): { values: Partial<{ [K in keyof S]: z.output<S[K]> }>; messages: string[] } {
	const values: Partial<{ [K in keyof S]: z.output<S[K]> }> = {};
	const messages: string[] = [];
	for (const key of Object.keys(fields) as (keyof S & string)[]) {
		const result = fields[key]!.safeParse(cells[key] ?? '');
		if (result.success) values[key] = result.data as z.output<S[typeof key]>;
		else
			messages.push(
				...describeRowIssues(
					result.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })),
					columnNames
				)
			);
	}
	return { values, messages };
}

/** Messages gathered per row across the checks of an import, in row order. */
export class RowErrors {
	private readonly byRow = new Map<number, string[]>();

	add(rowNumber: number, ...messages: string[]): void {
		if (messages.length === 0) return;
		const list = this.byRow.get(rowNumber) ?? [];
		for (const message of messages) if (!list.includes(message)) list.push(message);
		this.byRow.set(rowNumber, list);
	}

	has(rowNumber: number): boolean {
		return this.byRow.has(rowNumber);
	}

	get size(): number {
		return this.byRow.size;
	}

	list(): { rowNumber: number; messages: string[] }[] {
		return [...this.byRow]
			.map(([rowNumber, messages]) => ({ rowNumber, messages }))
			.sort((a, b) => a.rowNumber - b.rowNumber);
	}
}
