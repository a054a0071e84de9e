import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { vietnamWallClock } from '$lib/shared/datetime';
import type { ExportFormat } from '$lib/shared/exports';
import { formatDate, formatDateThenTime } from '$lib/shared/format';
import { invalid } from '../errors';

/**
 * The one writer of every file offices download (Excel and CSV). A service describes its
 * table (columns with a kind, rows); this module decides how each kind is stored, so dates
 * sort as dates, shares print as percentages, and no text is ever taken for a formula.
 */

/** What a column holds: it decides the Excel cell type and number format, and the CSV text. */
export type ColumnKind = 'text' | 'number' | 'percent' | 'date' | 'datetime';

interface ColumnBase {
	header: string;
	/** Bounds of the width in characters; within them the width fits the content. */
	minWidth?: number;
	maxWidth?: number;
}

export type ColumnSpec =
	| (ColumnBase & { kind: 'text' })
	/** `decimals` shown (default: 0 when every value is whole, else 2); `grouping: false` for codes and years. */
	| (ColumnBase & { kind: 'number'; decimals?: number; grouping?: boolean })
	/** A share: 0.25 is 25 %. */
	| (ColumnBase & { kind: 'percent'; decimals?: number })
	/** An instant, or a calendar day "2026-11-25"; the day (and time) in Vietnam. */
	| (ColumnBase & { kind: 'date' })
	| (ColumnBase & { kind: 'datetime' });

type CellOf<K extends ColumnKind> = K extends 'text'
	? string
	: K extends 'number' | 'percent'
		? number
		: Date | string;

/** A column and how to read its cell from one row of the service's data. */
export type Column<R> = {
	[K in ColumnKind]: Extract<ColumnSpec, { kind: K }> & {
		value: (row: R) => CellOf<K> | null | undefined;
	};
}[ColumnKind];

export type Cell = string | number | Date | null;

export interface ExportSheet {
	name: string;
	/** A line above the header (Excel only), e.g. the decision a list belongs to. */
	title?: string;
	columns: ColumnSpec[];
	/** Text for text columns, numbers for number and percent, instants for dates. */
	rows: Cell[][];
}

export interface ExportBook {
	/** The file name without extension, ASCII ("binh-chon-12-ket-qua"). */
	filename: string;
	sheets: ExportSheet[];
}

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function cellOf(column: ColumnSpec, value: unknown): Cell {
	if (value === null || value === undefined) return null;
	switch (column.kind) {
		case 'text':
			return String(value);
		case 'number':
		case 'percent':
			return typeof value === 'number' && Number.isFinite(value) ? value : null;
		case 'date':
		case 'datetime': {
			if (value instanceof Date) return value;
			// A calendar day is the midnight that starts it in Vietnam.
			if (typeof value === 'string' && CALENDAR_DAY.test(value))
				return new Date(`${value}T00:00:00+07:00`);
			throw new Error(`Not a date: ${String(value)}`);
		}
	}
}

/** One sheet from the service's rows: each column reads its cell from a row. */
export function table<R>(
	name: string,
	columns: Column<R>[],
	rows: readonly R[],
	options: { title?: string } = {}
): ExportSheet {
	return {
		name,
		...(options.title ? { title: options.title } : {}),
		columns: columns.map(({ value: _value, ...spec }) => spec as ColumnSpec),
		rows: rows.map((row) =>
			columns.map((column) => cellOf(column, (column.value as (r: R) => unknown)(row)))
		)
	};
}

/**
 * A sheet from rows already laid out as cells, one per column (templates, and the question
 * bank whose columns follow the import's headers).
 */
export function gridTable(
	name: string,
	columns: ColumnSpec[],
	rows: readonly Cell[][]
): ExportSheet {
	return {
		name,
		columns,
		rows: rows.map((row) => columns.map((column, index) => cellOf(column, row[index])))
	};
}

/** Text columns under the given headers: what a template to fill in offers. */
export const textColumns = (headers: readonly string[]): ColumnSpec[] =>
	headers.map((header) => ({ header, kind: 'text' }));

// ---- Sheet names ----------------------------------------------------------------------------

const SHEET_NAME_MAX = 31;

/** The longest start of `text` of at most `max` UTF-16 units, never splitting a character. */
function clip(text: string, max: number): string {
	let out = '';
	for (const character of text) {
		if (out.length + character.length > max) break;
		out += character;
	}
	return out;
}

function tidySheetName(name: string): string {
	return name
		.normalize('NFC')
		.replace(/[[\]:*?/\\]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^'+|'+$/g, '')
		.trim();
}

/**
 * Names Excel accepts, in order: at most 31 characters, none of []:*?/\, no apostrophe at
 * either end, not "History", and no two alike ignoring case ("Cá nhân (2)" for the second).
 */
export function sheetNames(names: readonly string[]): string[] {
	const taken = new Set<string>();
	const key = (name: string) => name.toLocaleLowerCase('vi');
	taken.add('history');
	return names.map((raw, index) => {
		const base = tidySheetName(raw) || `Trang ${index + 1}`;
		let name = tidySheetName(clip(base, SHEET_NAME_MAX));
		for (let n = 2; !name || taken.has(key(name)); n++) {
			const suffix = ` (${n})`;
			name = tidySheetName(clip(base, SHEET_NAME_MAX - suffix.length)) + suffix;
		}
		taken.add(key(name));
		return name;
	});
}

// ---- Excel ----------------------------------------------------------------------------------

const DATE_FORMAT = 'dd/mm/yyyy';
const DATETIME_FORMAT = 'dd/mm/yyyy hh:mm';
const TEXT_FORMAT = '@';
const A4 = 9;
/** Wider than this (in characters) does not read in portrait once fitted to the width. */
const PORTRAIT_MAX_WIDTH = 95;
const HEADER_FILL = 'FFFFF2CC';

function decimalsOf(column: ColumnSpec, values: Cell[]): number {
	if (column.kind === 'percent') return column.decimals ?? 1;
	if (column.kind !== 'number') return 0;
	if (column.decimals !== undefined) return column.decimals;
	return values.every((v) => typeof v !== 'number' || Number.isInteger(v)) ? 0 : 2;
}

function numberFormat(column: ColumnSpec, decimals: number): string | undefined {
	const fraction = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
	switch (column.kind) {
		case 'text':
			return TEXT_FORMAT;
		case 'number':
			return column.grouping === false ? `0${fraction}` : `#,##0${fraction}`;
		case 'percent':
			return `0${fraction}%`;
		case 'date':
			return DATE_FORMAT;
		case 'datetime':
			return DATETIME_FORMAT;
	}
}

/** How many characters a cell shows, to fit the column to it. */
function shownWidth(column: ColumnSpec, value: Cell, decimals: number): number {
	if (value === null) return 0;
	switch (column.kind) {
		case 'text':
			return Math.max(
				...String(value)
					.split('\n')
					.map((line) => line.length)
			);
		case 'number': {
			const digits = Math.abs(value as number).toFixed(decimals);
			const whole = digits.split('.')[0]!.length;
			const groups = column.grouping === false ? 0 : Math.floor((whole - 1) / 3);
			return digits.length + groups + ((value as number) < 0 ? 1 : 0);
		}
		case 'percent':
			return ((value as number) * 100).toFixed(decimals).length + 1;
		case 'date':
			return DATE_FORMAT.length;
		case 'datetime':
			return DATETIME_FORMAT.length;
	}
}

/** A long header wraps over a few lines rather than widening a column of short values. */
function headerWidth(header: string): number {
	const longestWord = Math.max(...header.split(/\s+/).map((w) => w.length));
	return Math.max(longestWord, Math.min(header.length, 24));
}

function widthOf(column: ColumnSpec, values: Cell[], decimals: number): number {
	const content = Math.max(0, ...values.map((v) => shownWidth(column, v, decimals)));
	const min = column.minWidth ?? 6;
	const max = column.maxWidth ?? (column.kind === 'text' ? 50 : 20);
	return Math.min(max, Math.max(min, headerWidth(column.header) + 2, content + 2));
}

/** Excel has no time zones: a date cell stores the wall clock in Vietnam. */
function excelValue(column: ColumnSpec, value: Cell): ExcelJS.CellValue {
	if (value === null) return null;
	if (column.kind === 'date' || column.kind === 'datetime') {
		const wall = vietnamWallClock(value as Date);
		if (column.kind === 'date') wall.setUTCHours(0, 0, 0, 0);
		return wall;
	}
	// Text stays a string cell (never a formula), whatever it starts with.
	return column.kind === 'text' ? String(value) : value;
}

/** "&" starts a code in Excel's page header; doubled, it prints as itself. */
const pageHeaderText = (text: string) => text.replace(/&/g, '&&');

function addSheet(workbook: ExcelJS.Workbook, name: string, sheet: ExportSheet) {
	const ws = workbook.addWorksheet(name);
	const count = sheet.columns.length;
	const headerRow = sheet.title ? 2 : 1;
	const columns = sheet.columns.map((column, index) => {
		const values = sheet.rows.map((row) => row[index] ?? null);
		const decimals = decimalsOf(column, values);
		const width = widthOf(column, values, decimals);
		const wraps =
			column.kind === 'text' && values.some((v) => shownWidth(column, v, 0) > width - 2);
		return { column, width, numFmt: numberFormat(column, decimals), wraps };
	});
	ws.columns = columns.map(({ width, numFmt, wraps }) => ({
		width,
		style: {
			...(numFmt ? { numFmt } : {}),
			alignment: wraps ? { wrapText: true, vertical: 'top' as const } : { vertical: 'top' as const }
		}
	}));
	if (sheet.title) {
		const title = ws.getRow(1);
		title.getCell(1).value = sheet.title;
		title.getCell(1).style = { font: { bold: true, size: 13 } };
	}
	const header = ws.getRow(headerRow);
	sheet.columns.forEach((column, index) => {
		const cell = header.getCell(index + 1);
		cell.value = column.header;
		cell.style = {
			numFmt: TEXT_FORMAT,
			font: { bold: true },
			fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
			alignment: { wrapText: true, vertical: 'middle' },
			border: { bottom: { style: 'thin' } }
		};
	});
	for (const row of sheet.rows)
		ws.addRow(row.map((value, index) => excelValue(sheet.columns[index]!, value)));

	// Offices scroll long lists, sort and filter by column, and print them on A4.
	ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }];
	if (count > 0) {
		ws.autoFilter = {
			from: { row: headerRow, column: 1 },
			to: { row: headerRow, column: count }
		};
	}
	const total = columns.reduce((sum, c) => sum + c.width, 0);
	ws.pageSetup = {
		paperSize: A4,
		orientation: total > PORTRAIT_MAX_WIDTH ? 'landscape' : 'portrait',
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: 0,
		printTitlesRow: `${headerRow}:${headerRow}`,
		margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
	};
	ws.headerFooter = {
		oddHeader: `&C${pageHeaderText(sheet.title ?? name)}`,
		oddFooter: '&CTrang &P / &N'
	};
}

/** The book as an .xlsx file. */
export async function writeXlsx(book: ExportBook): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Gương Sáng';
	const names = sheetNames(book.sheets.map((s) => s.name));
	book.sheets.forEach((sheet, index) => addSheet(workbook, names[index]!, sheet));
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// ---- CSV ------------------------------------------------------------------------------------

/** Text a spreadsheet would run as a formula (or DDE) if it came first in a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A leading apostrophe keeps such text inert when the CSV is opened (OWASP's advice). */
export function inertText(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvNumber(value: number, decimals: number, separator: string): string {
	return String(Number(value.toFixed(decimals))).replace('.', separator);
}

function csvCell(column: ColumnSpec, value: Cell, decimals: number, separator: string): string {
	if (value === null) return '';
	switch (column.kind) {
		case 'text':
			return inertText(String(value));
		case 'number':
			return csvNumber(value as number, decimals, separator);
		case 'percent':
			return `${csvNumber((value as number) * 100, decimals, separator)}%`;
		case 'date':
			return formatDate(value as Date);
		case 'datetime':
			return formatDateThenTime(value as Date);
	}
}

export type CsvDelimiter = ',' | ';';

/**
 * The book's one table as CSV text with a byte-order mark (so Excel reads UTF-8). With ";"
 * it is the file Excel under Vietnamese regional settings splits into columns; there the
 * decimal separator is the comma, so numbers are written "42,9".
 */
export function writeCsv(book: ExportBook, delimiter: CsvDelimiter): string {
	const [sheet, ...more] = book.sheets;
	if (!sheet || more.length > 0)
		throw invalid('Tệp này có nhiều trang nên chỉ tải được dạng Excel (.xlsx).');
	const separator = delimiter === ';' ? ',' : '.';
	const decimals = sheet.columns.map((column, index) =>
		decimalsOf(
			column,
			sheet.rows.map((row) => row[index] ?? null)
		)
	);
	const lines = [
		sheet.columns.map((column) => inertText(column.header)),
		...sheet.rows.map((row) =>
			sheet.columns.map((column, index) =>
				csvCell(column, row[index] ?? null, decimals[index]!, separator)
			)
		)
	];
	return '\ufeff' + Papa.unparse(lines, { delimiter, newline: '\r\n' });
}

// ---- Files ----------------------------------------------------------------------------------

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';

export interface ExportFile {
	body: Uint8Array;
	contentType: string;
	filename: string;
}

/** The book in the chosen format, with its type and file name. */
export async function exportFile(book: ExportBook, format: ExportFormat): Promise<ExportFile> {
	if (format === 'xlsx')
		return {
			body: await writeXlsx(book),
			contentType: XLSX_TYPE,
			filename: `${book.filename}.xlsx`
		};
	const text = writeCsv(book, format === 'csv' ? ',' : ';');
	return {
		body: new TextEncoder().encode(text),
		contentType: CSV_TYPE,
		filename: `${book.filename}${format === 'csv' ? '' : '-excel-vn'}.csv`
	};
}

/**
 * The file as a data: address, for a download that must not be kept on the server (the
 * temporary passwords of an import): the page carries it, and it is gone with the page.
 */
export async function exportDataUrl(book: ExportBook, format: ExportFormat = 'xlsx') {
	const file = await exportFile(book, format);
	const type = file.contentType.split(';')[0];
	return {
		href: `data:${type};base64,${Buffer.from(file.body).toString('base64')}`,
		filename: file.filename
	};
}
