/**
 * Reads the first visible sheet of an .xlsx as the text its cells show, in bounded memory:
 * only the first `maxColumns` columns and `maxRows` non-empty rows are kept, every part is
 * inflated as a capped stream, and of the shared strings only those the kept cells use are
 * kept. Cells are read with their number format (dates dd/mm/yyyy, percentages 5%).
 */
import {
	builtinFormatCode,
	classifyFormat,
	formatNumberCell,
	formatSerialDate,
	type NumberFormat
} from './cell-format';
import {
	IMPORT_LIMITS,
	NOT_A_SPREADSHEET,
	TOO_BIG_UNZIPPED,
	TOO_MUCH_TEXT,
	cellTooLong,
	columnLetters,
	refuseFile
} from './import-limits';
import { XmlError, XmlStream, type XmlHandlers } from './xml-stream';
import { ZipError, listZipEntries, readZipEntry, type ZipEntry } from './zip';

export interface GridRow {
	rowNumber: number;
	/** Cell text by column index (0 = A); holes are empty cells. */
	cells: string[];
}

export interface Grid {
	rows: GridRow[];
	/** More non-empty rows follow the ones kept. */
	more: boolean;
}

const ENCRYPTED =
	'Tệp Excel đang đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại dạng .xlsx.';
const NO_SHEET = 'Bảng tính không có trang nào.';
const DAMAGED =
	'Không đọc được tệp Excel: nội dung bị hỏng hoặc không phải do chương trình bảng tính tạo ra. Hãy mở tệp bằng Excel rồi lưu lại.';
const SMALL_PART = 8 * 1024 * 1024;

/** Thrown by a handler to stop reading a part early. */
class Stop extends Error {}

/** A cell kept while the sheet is read; shared strings are resolved afterwards. */
type Pending = string | { shared: number };

async function streamPart(
	bytes: Uint8Array,
	entry: ZipEntry,
	maxBytes: number,
	handlers: XmlHandlers
): Promise<void> {
	const xml = new XmlStream(handlers);
	const decoder = new TextDecoder('utf-8');
	try {
		for await (const chunk of readZipEntry(bytes, entry, maxBytes))
			xml.write(decoder.decode(chunk, { stream: true }));
		xml.write(decoder.decode());
		xml.end();
	} catch (error) {
		if (error instanceof Stop) return;
		if (error instanceof ZipError) {
			if (error.reason === 'encrypted') throw refuseFile(ENCRYPTED);
			if (error.reason === 'too-large') throw refuseFile(TOO_BIG_UNZIPPED);
			throw refuseFile(NOT_A_SPREADSHEET);
		}
		if (error instanceof XmlError) throw refuseFile(DAMAGED);
		throw error;
	}
}

/** Part names are relative to the folder of the part whose relationships name them. */
function resolveTarget(base: string, target: string): string {
	if (target.startsWith('/')) return target.slice(1);
	const parts = base.split('/').slice(0, -1);
	for (const segment of target.split('/')) {
		if (segment === '..') parts.pop();
		else if (segment && segment !== '.') parts.push(segment);
	}
	return parts.join('/');
}

async function readRelationships(
	bytes: Uint8Array,
	entries: Map<string, ZipEntry>,
	part: string
): Promise<{ id: string; type: string; target: string }[]> {
	const slash = part.lastIndexOf('/');
	const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
	const entry = entries.get(relsName.toLowerCase());
	const found: { id: string; type: string; target: string }[] = [];
	if (!entry) return found;
	await streamPart(bytes, entry, SMALL_PART, {
		open(name, a) {
			if (name === 'Relationship' && a.Id && a.Target && found.length < 10_000)
				found.push({ id: a.Id, type: a.Type ?? '', target: resolveTarget(part, a.Target) });
		}
	});
	return found;
}

/** The workbook's first visible sheet, its shared strings and styles, and its date system. */
async function locateParts(bytes: Uint8Array, entries: Map<string, ZipEntry>) {
	const root = await readRelationships(bytes, entries, '');
	const workbookPath =
		root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
	const workbook = entries.get(workbookPath.toLowerCase());
	if (!workbook) throw refuseFile(NOT_A_SPREADSHEET);
	let firstSheet: string | null = null;
	let date1904 = false;
	await streamPart(bytes, workbook, SMALL_PART, {
		open(name, a) {
			if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
			if (
				name === 'sheet' &&
				!firstSheet &&
				a.id &&
				a.state !== 'hidden' &&
				a.state !== 'veryHidden'
			)
				firstSheet = a.id;
		}
	});
	const rels = await readRelationships(bytes, entries, workbookPath);
	const target = (predicate: (r: { id: string; type: string }) => boolean) =>
		rels.find(predicate)?.target;
	const sheetPath = firstSheet ? target((r) => r.id === firstSheet) : undefined;
	const sheet = sheetPath ? entries.get(sheetPath.toLowerCase()) : undefined;
	if (!sheet) throw refuseFile(NO_SHEET);
	const part = (suffix: string, fallback: string) =>
		entries.get((target((r) => r.type.endsWith(suffix)) ?? fallback).toLowerCase());
	return {
		sheet,
		sharedStrings: part('/sharedStrings', 'xl/sharedStrings.xml'),
		styles: part('/styles', 'xl/styles.xml'),
		date1904
	};
}

/** The number format of each cell style (the `s` of a cell indexes cellXfs). */
async function readStyles(bytes: Uint8Array, entry: ZipEntry | undefined): Promise<string[]> {
	const codes = new Map<number, string>();
	const formatIds: number[] = [];
	if (!entry) return [];
	let inCellXfs = false;
	await streamPart(bytes, entry, SMALL_PART, {
		open(name, a) {
			if (name === 'numFmt' && a.numFmtId && codes.size < 10_000)
				codes.set(Number(a.numFmtId), a.formatCode ?? '');
			else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs && formatIds.length < 65_536)
				formatIds.push(Number(a.numFmtId ?? 0));
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		}
	});
	return formatIds.map((id) => codes.get(id) ?? builtinFormatCode(id));
}

/** Excel writes characters XML cannot hold as _xHHHH_ (e.g. _x000D_ for a carriage return). */
function unescapeExcel(text: string): string {
	return text
		.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
		.replace(/\r\n?/g, '\n');
}

function columnIndex(ref: string): number {
	let index = 0;
	for (const ch of ref) {
		const code = ch.charCodeAt(0);
		if (code < 65 || code > 90) break;
		index = index * 26 + (code - 64);
	}
	return index - 1;
}

export async function readXlsxGrid(bytes: Uint8Array, maxRows: number): Promise<Grid> {
	let entries: Map<string, ZipEntry>;
	try {
		entries = listZipEntries(bytes);
	} catch {
		throw refuseFile(NOT_A_SPREADSHEET);
	}
	const parts = await locateParts(bytes, entries);
	const formatCodes = await readStyles(bytes, parts.styles);
	const formats = new Map<number, NumberFormat>();
	const formatOf = (style: number) => {
		let format = formats.get(style);
		if (!format) {
			format = classifyFormat(formatCodes[style] ?? 'General');
			formats.set(style, format);
		}
		return format;
	};

	const { maxColumns, maxCellChars, maxPartBytes, maxTextChars } = IMPORT_LIMITS;
	const kept: { rowNumber: number; cells: Pending[] }[] = [];
	const needed = new Set<number>();
	let more = false;
	let textChars = 0;

	let rowNumber = 0;
	let row: Pending[] | null = null;
	let rowHasValue = false;
	let column = -1;
	let cell: { type: string; style: number; keep: boolean } | null = null;
	let capture: 'v' | 't' | null = null;
	let value = '';
	let inPhonetic = false;

	const append = (text: string) => {
		value += text;
		if (value.length > maxCellChars)
			throw refuseFile(cellTooLong(`${columnLetters(column)}${rowNumber}`));
	};

	const finishCell = () => {
		if (!cell || !row || !cell.keep) return;
		const { type, style } = cell;
		let shown: Pending;
		if (type === 's') {
			const index = Number(value);
			if (!Number.isInteger(index) || index < 0) return;
			shown = { shared: index };
			needed.add(index);
		} else if (type === 'inlineStr' || type === 'str') shown = unescapeExcel(value);
		else if (type === 'b') shown = value.trim() === '1' ? 'TRUE' : 'FALSE';
		else if (type === 'e') shown = value.trim();
		else if (type === 'd') shown = formatIsoDate(value.trim(), formatOf(style));
		else if (value.trim() === '') return;
		else shown = formatNumberCell(Number(value), formatOf(style), parts.date1904);
		if (typeof shown === 'string') {
			if (shown.trim() === '') return;
			textChars += shown.length;
			if (textChars > maxTextChars) throw refuseFile(TOO_MUCH_TEXT);
		}
		row[column] = shown;
		rowHasValue = true;
	};

	await streamPart(bytes, parts.sheet, maxPartBytes, {
		open(name, a, selfClosing) {
			if (name === 'row') {
				const r = Number(a.r);
				rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
				row = [];
				rowHasValue = false;
				column = -1;
			} else if (name === 'c' && row) {
				const ref = a.r ? columnIndex(a.r) : -1;
				column = ref >= 0 ? ref : column + 1;
				cell = { type: a.t ?? 'n', style: Number(a.s ?? 0), keep: column < maxColumns };
				value = '';
				if (selfClosing) cell = null;
			} else if (cell?.keep && name === 'v') {
				capture = 'v';
			} else if (cell?.keep && name === 'rPh') {
				inPhonetic = true;
			} else if (cell?.keep && name === 't' && !inPhonetic) {
				capture = 't';
			}
		},
		text(text) {
			if (capture) append(text);
		},
		close(name) {
			if (name === 'v' || name === 't') capture = null;
			else if (name === 'rPh') inPhonetic = false;
			else if (name === 'c') {
				finishCell();
				cell = null;
			} else if (name === 'row' && row) {
				if (rowHasValue) {
					if (kept.length >= maxRows) {
						more = true;
						throw new Stop();
					}
					kept.push({ rowNumber, cells: row });
				}
				row = null;
			}
		}
	});

	const strings = new Map<number, string>();
	if (needed.size > 0 && parts.sharedStrings) {
		let index = -1;
		let inItem = false;
		let text = '';
		let last = -1;
		for (const n of needed) if (n > last) last = n;
		await streamPart(bytes, parts.sharedStrings, maxPartBytes, {
			open(name) {
				if (name === 'si') {
					index++;
					inItem = needed.has(index);
					text = '';
				} else if (name === 'rPh') inPhonetic = true;
				else if (name === 't' && inItem && !inPhonetic) capture = 't';
			},
			text(chunk) {
				if (capture !== 't') return;
				text += chunk;
				if (text.length > maxCellChars) throw refuseFile(cellTooLong());
			},
			close(name) {
				if (name === 't') capture = null;
				else if (name === 'rPh') inPhonetic = false;
				else if (name === 'si') {
					if (inItem) strings.set(index, unescapeExcel(text));
					inItem = false;
					if (index >= last) throw new Stop();
				}
			}
		});
	}

	const rows: GridRow[] = [];
	for (const { rowNumber: n, cells } of kept) {
		const out: string[] = [];
		let any = false;
		cells.forEach((c, i) => {
			const text = typeof c === 'string' ? c : (strings.get(c.shared) ?? '');
			if (typeof c !== 'string') {
				textChars += text.length;
				if (textChars > maxTextChars) throw refuseFile(TOO_MUCH_TEXT);
			}
			if (text.trim() === '') return;
			out[i] = text;
			any = true;
		});
		if (any) rows.push({ rowNumber: n, cells: out });
	}
	return { rows, more };
}

/** A cell of type "d" holds an ISO 8601 date; it reads dd/mm/yyyy like a date serial. */
function formatIsoDate(iso: string, format: NumberFormat): string {
	const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
	if (!Number.isFinite(ms)) return iso;
	const serial = (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
	const kind =
		format.kind === 'time' || format.kind === 'datetime' ? format : { kind: 'date' as const };
	return formatSerialDate(serial, kind);
}
