/**
 * Paper for the floor and the record: seat cards (eight to an A4 page, with dashed cut lines)
 * and the results sheet (A4 portrait table, as many pages as the players need).
 */
import type { PDFPage } from 'pdf-lib';
import {
	A4_PORTRAIT,
	INK,
	MUTED,
	RED,
	centred,
	fittedSize,
	newPdf,
	wrap,
	type Fonts
} from '../files/pdf';

export interface SeatCard {
	seat: number;
	name: string;
	unit: string;
}

const COLUMNS = 2;
const ROWS = 4;
export const CARDS_PER_PAGE = COLUMNS * ROWS;

function cutLines(page: PDFPage, w: number, h: number) {
	const dash = { thickness: 0.6, color: MUTED, dashArray: [6, 4] };
	for (let c = 1; c < COLUMNS; c++)
		page.drawLine({
			start: { x: (w / COLUMNS) * c, y: 0 },
			end: { x: (w / COLUMNS) * c, y: h },
			...dash
		});
	for (let r = 1; r < ROWS; r++)
		page.drawLine({
			start: { x: 0, y: (h / ROWS) * r },
			end: { x: w, y: (h / ROWS) * r },
			...dash
		});
}

function drawCard(page: PDFPage, card: SeatCard, title: string, x: number, y: number, f: Fonts) {
	const [w, h] = A4_PORTRAIT;
	const cw = w / COLUMNS;
	const ch = h / ROWS;
	const mid = x + cw / 2;
	const max = cw - 36;
	centred(page, title, {
		x: mid,
		y: y + ch - 30,
		font: f.regular,
		size: 9,
		maxWidth: max,
		color: MUTED
	});
	centred(page, 'Số báo danh', { x: mid, y: y + ch - 52, font: f.bold, size: 13, color: RED });
	centred(page, String(card.seat), {
		x: mid,
		y: y + ch - 128,
		font: f.bold,
		size: 72,
		maxWidth: max,
		color: RED
	});
	centred(page, card.name, { x: mid, y: y + 46, font: f.bold, size: 16, maxWidth: max });
	if (card.unit)
		centred(page, card.unit, { x: mid, y: y + 26, font: f.regular, size: 11, maxWidth: max });
}

/** One card per seat, in seat order, eight to a page. */
export async function renderSeatCards(title: string, cards: SeatCard[]): Promise<Uint8Array> {
	const { pdf, fonts } = await newPdf(`Thẻ số báo danh — ${title}`, 'sans');
	const [w, h] = A4_PORTRAIT;
	for (let start = 0; start < cards.length; start += CARDS_PER_PAGE) {
		const page = pdf.addPage(A4_PORTRAIT);
		cutLines(page, w, h);
		cards.slice(start, start + CARDS_PER_PAGE).forEach((card, i) => {
			const col = i % COLUMNS;
			const row = Math.floor(i / COLUMNS);
			drawCard(page, card, title, (w / COLUMNS) * col, h - (h / ROWS) * (row + 1), fonts);
		});
	}
	return pdf.save();
}

export interface ResultRow {
	rank: number;
	seat: number;
	name: string;
	unit: string;
	/** "Câu 4", "Còn trên sàn" or "Rung chuông vàng". */
	outcome: string;
	winner: boolean;
}

export interface ResultsData {
	issuer: string;
	title: string;
	heading: string;
	dateLine: string;
	printedLine: string;
	rows: ResultRow[];
}

const TABLE = [
	{ header: 'Hạng', x: 40, width: 36 },
	{ header: 'SBD', x: 80, width: 40 },
	{ header: 'Họ và tên', x: 124, width: 170 },
	{ header: 'Đơn vị', x: 298, width: 150 },
	{ header: 'Kết quả', x: 452, width: 104 }
] as const;
const ROW_HEIGHT = 20;

function drawHeader(page: PDFPage, d: ResultsData, f: Fonts): number {
	const [w, h] = A4_PORTRAIT;
	const mid = w / 2;
	centred(page, d.issuer.toLocaleUpperCase('vi'), {
		x: mid,
		y: h - 50,
		font: f.bold,
		size: 12,
		maxWidth: w - 80
	});
	centred(page, d.heading, { x: mid, y: h - 84, font: f.bold, size: 18, color: RED });
	let y = h - 108;
	for (const line of wrap(d.title, f.bold, 13, w - 100).slice(0, 2)) {
		centred(page, line, { x: mid, y, font: f.bold, size: 13 });
		y -= 17;
	}
	centred(page, d.dateLine, { x: mid, y, font: f.regular, size: 11 });
	y -= 28;
	for (const col of TABLE)
		page.drawText(col.header, { x: col.x, y, size: 10, font: f.bold, color: INK });
	page.drawLine({
		start: { x: 38, y: y - 6 },
		end: { x: w - 38, y: y - 6 },
		thickness: 0.8,
		color: INK
	});
	return y - ROW_HEIGHT;
}

function drawRow(page: PDFPage, r: ResultRow, y: number, f: Fonts) {
	const font = r.winner ? f.bold : f.regular;
	const color = r.winner ? RED : INK;
	const cells = [String(r.rank), String(r.seat), r.name, r.unit, r.outcome];
	cells.forEach((text, i) => {
		const col = TABLE[i]!;
		const size = fittedSize(text, font, 10, col.width, 6);
		page.drawText(text, { x: col.x, y, size, font, color });
	});
}

/** The final (or provisional) order as a table, the header on every page. */
export async function renderResults(d: ResultsData): Promise<Uint8Array> {
	const { pdf, fonts } = await newPdf(`${d.heading} — ${d.title}`, 'sans');
	let page = pdf.addPage(A4_PORTRAIT);
	let y = drawHeader(page, d, fonts);
	for (const row of d.rows) {
		if (y < 60) {
			page = pdf.addPage(A4_PORTRAIT);
			y = drawHeader(page, d, fonts);
		}
		drawRow(page, row, y, fonts);
		y -= ROW_HEIGHT;
	}
	page.drawText(d.printedLine, { x: 40, y: 30, size: 8, font: fonts.italic, color: MUTED });
	return pdf.save();
}
