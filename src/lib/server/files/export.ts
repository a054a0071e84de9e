/**
 * The one writer of every file offices download (Excel and CSV). A service describes its
 * table (columns with a kind, rows: export-book.ts); the writers decide how each kind is
 * stored, so dates sort as dates, shares print as percentages, and no text is ever taken for
 * a formula.
 */
import type { ExportFormat } from '$lib/shared/exports';
import type { ExportBook } from './export-book';
import { writeCsv } from './export-csv';
import { writeXlsx } from './export-xlsx';

export * from './export-book';
export { inertText, writeCsv, type CsvDelimiter } from './export-csv';
export { writeXlsx } from './export-xlsx';

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
