import ExcelJS from 'exceljs';

/** Builds an .xlsx from a header row and data rows (used for templates and exports). */
export async function writeSpreadsheet(
	sheetName: string,
	header: string[],
	rows: (string | number | null)[][]
): Promise<ArrayBuffer> {
	return writeWorkbook([{ name: sheetName, header, rows }]);
}

type Cell = string | number | null;

/** A workbook of several sheets; a sheet with a title gets it in its first row, bold. */
export async function writeWorkbook(
	sheets: { name: string; title?: string; header: string[]; rows: Cell[][] }[]
): Promise<ArrayBuffer> {
	const workbook = new ExcelJS.Workbook();
	for (const { name, title, header, rows } of sheets) {
		// Excel refuses sheet names over 31 characters or with []:*?/\ in them.
		const sheet = workbook.addWorksheet(name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
		if (title) sheet.addRow([title]).font = { bold: true };
		sheet.addRow(header).font = { bold: true };
		for (const row of rows) sheet.addRow(row);
		sheet.columns.forEach((column) => {
			column.width = 22;
		});
	}
	const buffer = await workbook.xlsx.writeBuffer();
	return new Uint8Array(buffer).slice().buffer;
}
