/** The Excel half of the one export writer: typed cells, formats, widths, print setup. */
import ExcelJS from 'exceljs';
import { vietnamWallClock } from '$lib/shared/datetime';

import {
	decimalsOf,
	type Cell,
	type ColumnSpec,
	type ExportBook,
	type ExportSheet,
	sheetNames
} from './export-book';

const DATE_FORMAT = 'dd/mm/yyyy';
const DATETIME_FORMAT = 'dd/mm/yyyy hh:mm';
const TEXT_FORMAT = '@';
const A4 = 9;
/** Wider than this (in characters) does not read in portrait once fitted to the width. */
const PORTRAIT_MAX_WIDTH = 95;
const HEADER_FILL = 'FFFFF2CC';

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
	if (sheet.notes?.length) {
		ws.addRow([]);
		for (const note of sheet.notes) ws.addRow([note]).getCell(1).style = { font: { italic: true } };
	}

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
