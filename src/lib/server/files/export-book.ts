/**
 * What a download is: a book of sheets, each a table of typed columns. Services describe their
 * tables with these; `export.ts` writes them (export-xlsx.ts, export-csv.ts).
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
	/** Lines below the table after a blank row, in every format (the open data's licence). */
	notes?: string[];
	columns: ColumnSpec[];
	/** Text for text columns, numbers for number and percent, instants for dates. */
	rows: Cell[][];
}

export interface ExportBook {
	/** The file name without extension, ASCII ("binh-chon-12-ket-qua"). */
	filename: string;
	sheets: ExportSheet[];
	/**
	 * Set on a book that names people (players, recipients, nominees): the download path writes an
	 * audit entry (who, what, when, how many rows) for it. `what` reads in Vietnamese; `unitPath`
	 * lets the organizers of that subtree read the entry too.
	 */
	personalData?: { what: string; unitPath?: string | null };
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
	options: { title?: string; notes?: string[] } = {}
): ExportSheet {
	return {
		name,
		...(options.title ? { title: options.title } : {}),
		...(options.notes?.length ? { notes: options.notes } : {}),
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

/** Decimals a number column shows: its own, else 0 for whole numbers and 2 otherwise. */
export function decimalsOf(column: ColumnSpec, values: Cell[]): number {
	if (column.kind === 'percent') return column.decimals ?? 1;
	if (column.kind !== 'number') return 0;
	if (column.decimals !== undefined) return column.decimals;
	return values.every((v) => typeof v !== 'number' || Number.isInteger(v)) ? 0 : 2;
}
