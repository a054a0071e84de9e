import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { expect } from 'vitest';
import { writeCsv, writeXlsx, type ExportBook } from '../files/export';

// Exports are read back the way an office opens them: the .xlsx with exceljs, the CSV with
// papaparse. Expected values are worked out here from the data, not by the writer.

const HOUR = 3_600_000;

/** What an Excel date-time cell holds for an instant: Vietnam's wall clock (UTC+7). */
export const wallClock = (instant: Date) => new Date(instant.getTime() + 7 * HOUR);

/** What an Excel date cell holds for an instant: the day in Vietnam, at midnight. */
export function wallDay(instant: Date): Date {
	const wall = wallClock(instant);
	return new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "25/11/2026" for the day of an instant in Vietnam, computed without the app's helpers. */
export function vnDay(instant: Date): string {
	const w = wallClock(instant);
	return `${pad(w.getUTCDate())}/${pad(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}`;
}

/** "25/11/2026 14:05" */
export function vnDayTime(instant: Date): string {
	const w = wallClock(instant);
	return `${vnDay(instant)} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}

export async function readXlsx(book: ExportBook): Promise<ExcelJS.Workbook> {
	const workbook = new ExcelJS.Workbook();
	const bytes = await writeXlsx(book);
	await workbook.xlsx.load(bytes.slice().buffer);
	return workbook;
}

/** The sheet's rows from `from` on, each as its cells' values (empty cells null). */
export function sheetRows(sheet: ExcelJS.Worksheet, from = 1): ExcelJS.CellValue[][] {
	const width = sheet.columnCount;
	const rows: ExcelJS.CellValue[][] = [];
	for (let r = from; r <= sheet.rowCount; r++) {
		const row = sheet.getRow(r);
		rows.push(Array.from({ length: width }, (_, c) => row.getCell(c + 1).value ?? null));
	}
	return rows;
}

/** The CSV as papaparse reads it with the given delimiter, after checking the BOM. */
export function readCsv(book: ExportBook, delimiter: ',' | ';'): string[][] {
	const text = writeCsv(book, delimiter);
	expect(text.startsWith('\ufeff'), 'a byte-order mark for Excel').toBe(true);
	const parsed = Papa.parse<string[]>(text.slice(1), { delimiter, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

/**
 * The office layout every sheet must have: the header row frozen and filtered, widths fitted
 * within bounds, A4 fitted to the page width with the header repeated on every page.
 */
export function expectOfficeLayout(sheet: ExcelJS.Worksheet, headerRow = 1) {
	expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
	expect(sheet.pageSetup).toMatchObject({
		paperSize: 9,
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: 0,
		printTitlesRow: `${headerRow}:${headerRow}`
	});
	const widths = sheet.columns.map((c) => c.width ?? 0);
	for (const width of widths) {
		expect(width).toBeGreaterThanOrEqual(6);
		expect(width).toBeLessThanOrEqual(60);
	}
	const total = widths.reduce((a, b) => a + b, 0);
	expect(sheet.pageSetup.orientation).toBe(total > 95 ? 'landscape' : 'portrait');
	expect(sheet.autoFilter).toBeTruthy();
}

/** A date column: every filled cell a Date with the day (or day and time) number format. */
export function expectDateColumn(
	sheet: ExcelJS.Worksheet,
	column: number,
	kind: 'date' | 'datetime',
	from = 2
) {
	for (let r = from; r <= sheet.rowCount; r++) {
		const cell = sheet.getRow(r).getCell(column);
		if (cell.value === null) continue;
		expect(cell.value, `row ${r}`).toBeInstanceOf(Date);
		expect(cell.numFmt).toBe(kind === 'date' ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm');
	}
}
