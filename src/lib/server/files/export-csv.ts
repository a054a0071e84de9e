/** The CSV half of the one export writer: Excel-readable text that no spreadsheet runs. */
import Papa from 'papaparse';
import { invalid } from '../errors';
import { formatDate, formatDateThenTime } from '$lib/shared/format';
import { decimalsOf, type Cell, type ColumnSpec, type ExportBook } from './export-book';

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
		),
		// A blank row keeps the notes out of the table for whoever reads it as data.
		...(sheet.notes?.length ? [[], ...sheet.notes.map((note) => [inertText(note)])] : [])
	];
	return '\ufeff' + Papa.unparse(lines, { delimiter, newline: '\r\n' });
}
