/**
 * Spreadsheets as offices and attackers send them, built in the tests: real workbooks through
 * exceljs, and hand-made zips whose parts inflate to far more than they weigh.
 */
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, crc32, deflateRawSync } from 'node:zlib';

const run = promisify(execFile);

export type Upload = { name: string; bytes: Uint8Array };

/** An .xlsx built with exceljs, as Excel would save it. */
export async function workbookFile(
	build: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
	name = 'tep.xlsx'
): Promise<Upload> {
	const workbook = new ExcelJS.Workbook();
	build(workbook.addWorksheet('Trang 1'), workbook);
	return { name, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

/** A CSV upload (UTF-8). */
export function csvFile(text: string, name = 'tep.csv'): Upload {
	return { name, bytes: new TextEncoder().encode(text) };
}

/** A deflated part and the size it inflates to. */
export interface Part {
	deflated: Buffer;
	size: number;
	crc: number;
}

export function part(xml: string): Part {
	const raw = Buffer.from(xml, 'utf8');
	return { deflated: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
}

/**
 * A part that inflates to `prefix`, then `filler` repeated `times` times, then `suffix`, while
 * weighing about one compressed filler: each piece is deflated on its own after a full flush,
 * which makes the compressed filler valid again wherever it is repeated.
 */
export function bombPart(prefix: string, filler: string, times: number, suffix: string): Part {
	const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
	const head = deflateRawSync(Buffer.from(prefix), flush);
	const body = deflateRawSync(Buffer.from(filler), flush);
	const tail = deflateRawSync(Buffer.from(suffix), { level: 9 });
	const deflated = Buffer.concat([head, ...Array.from({ length: times }, () => body), tail]);
	const size = prefix.length + filler.length * times + suffix.length;
	// The CRC is left 0: readers that check it refuse the file, which is right for a bomb.
	return { deflated, size: Math.min(size, 0xfffffffe), crc: 0 };
}

/** A little-endian record of `size` bytes with the given (offset, width, value) fields. */
function record(size: number, fields: [number, 2 | 4, number][]): Buffer {
	const bytes = Buffer.alloc(size);
	for (const [at, width, value] of fields)
		if (width === 2) bytes.writeUInt16LE(value, at);
		else bytes.writeUInt32LE(value >>> 0, at);
	return bytes;
}

/** A zip of deflated parts, with its central directory. */
export function zipOf(entries: Record<string, Part>): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, p] of Object.entries(entries)) {
		const fileName = Buffer.from(name);
		// Version 2.0, deflated, with the CRC and sizes; the central record adds the offset.
		const local = record(30, [
			[0, 4, 0x04034b50],
			[4, 2, 20],
			[8, 2, 8],
			[14, 4, p.crc],
			[18, 4, p.deflated.length],
			[22, 4, p.size],
			[26, 2, fileName.length]
		]);
		const central = record(46, [
			[0, 4, 0x02014b50],
			[4, 2, 20],
			[6, 2, 20],
			[10, 2, 8],
			[16, 4, p.crc],
			[20, 4, p.deflated.length],
			[24, 4, p.size],
			[28, 2, fileName.length],
			[42, 4, offset]
		]);
		locals.push(local, fileName, p.deflated);
		centrals.push(central, fileName);
		offset += 30 + fileName.length + p.deflated.length;
	}
	const directory = Buffer.concat(centrals);
	const count = centrals.length / 2;
	const end = record(22, [
		[0, 4, 0x06054b50],
		[8, 2, count],
		[10, 2, count],
		[12, 4, directory.length],
		[16, 4, offset]
	]);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The sheet XML around some rows, as Excel writes it. */
export function sheetXml(rows: string, after = ''): string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheetData>${rows}</sheetData>${after}</worksheet>`;
}

/** An .xlsx with one sheet (and shared strings) made of the given parts. */
export function handMadeXlsx(sheet: Part, sharedStrings?: Part, name = 'tep.xlsx'): Upload {
	const entries: Record<string, Part> = {
		'[Content_Types].xml': part(
			`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
		),
		'_rels/.rels': part(
			`<?xml version="1.0"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		),
		'xl/workbook.xml': part(
			`<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>`
		),
		'xl/_rels/workbook.xml.rels': part(
			`<?xml version="1.0"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
		),
		'xl/worksheets/sheet1.xml': sheet
	};
	if (sharedStrings) entries['xl/sharedStrings.xml'] = sharedStrings;
	return { name, bytes: zipOf(entries) };
}

/** An inline-string cell. */
export function textCell(ref: string, text: string): string {
	return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** A row of inline-string cells from column A. */
export function textRow(rowNumber: number, texts: string[]): string {
	const cells = texts.map((text, i) =>
		textCell(`${String.fromCharCode(65 + i)}${rowNumber}`, text)
	);
	return `<row r="${rowNumber}">${cells.join('')}</row>`;
}

/** An .xlsx whose sheet, under a header row, inflates to 2 GiB of white space: about 2 MB. */
export function zipBombXlsx(headers: string[], name = 'tep.xlsx'): Upload {
	const [head, tail] = sheetXml(`${textRow(1, headers)}#`).split('#') as [string, string];
	return handMadeXlsx(bombPart(head, ' '.repeat(16 * 1024 * 1024), 128, tail), undefined, name);
}

export interface BoundedRead {
	/** The reader's refusal of the file (the message beside the file field). */
	refusal?: string;
	headerRow?: number;
	count?: number;
	/** The first three rows read. */
	rows?: { rowNumber: number; cells: Record<string, string> }[];
}

/**
 * Reads files with `readImportRows` in a separate Node process whose heap is capped at
 * `heapMb`: a reader that blew up would kill that process (a failure here) rather than the
 * test runner. Gives what was read from each file (by its name) and how far the process's peak
 * resident memory grew while it read them all.
 */
export async function readInSmallProcess(
	files: Upload[],
	spec: object,
	heapMb = 160
): Promise<{ results: Record<string, BoundedRead>; peakGrowthMb: number }> {
	const folder = await mkdtemp(join(tmpdir(), 'nhap-'));
	try {
		const paths = await Promise.all(
			files.map(async (file) => {
				const path = join(folder, file.name);
				await writeFile(path, file.bytes);
				return path;
			})
		);
		const script = fileURLToPath(new URL('./read-import-file.ts', import.meta.url));
		const { stdout } = await run(
			process.execPath,
			[`--max-old-space-size=${heapMb}`, '--import', 'tsx', script, JSON.stringify(spec), ...paths],
			{ maxBuffer: 16 * 1024 * 1024 }
		);
		return JSON.parse(stdout);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}
