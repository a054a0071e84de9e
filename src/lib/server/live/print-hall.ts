/**
 * What the hall sees from afar: the join poster (A4 portrait) and the A/B/C/D answer cards for
 * whiteboard mode (A4 landscape, one letter a page). Sans-serif, big, high contrast: read from
 * the back row under a projector's glare.
 */
import type { PDFPage } from 'pdf-lib';
import {
	A4_LANDSCAPE,
	A4_PORTRAIT,
	INK,
	MUTED,
	RED,
	centred,
	doubleFrame,
	drawQr,
	fittedSize,
	newPdf,
	wrap,
	type Fonts
} from '../files/pdf';

export interface PosterData {
	title: string;
	code: string;
	joinUrl: string;
	/** Where to type the code by hand: origin + /choi. */
	typeAddress: string;
}

function drawPoster(page: PDFPage, p: PosterData, f: Fonts) {
	const [w, h] = A4_PORTRAIT;
	const mid = w / 2;
	doubleFrame(page, w, h);
	centred(page, 'RUNG CHUÔNG VÀNG', {
		x: mid,
		y: h - 92,
		font: f.bold,
		size: 40,
		maxWidth: w - 100,
		color: RED
	});
	let y = h - 130;
	for (const line of wrap(p.title.normalize('NFC'), f.bold, 20, w - 110).slice(0, 3)) {
		centred(page, line, { x: mid, y, font: f.bold, size: 20, maxWidth: w - 110 });
		y -= 26;
	}
	centred(page, 'Mã tham gia', { x: mid, y: h - 238, font: f.regular, size: 18, color: MUTED });
	// The code's letters drawn as one string so it copies out whole, spaced by the font's width.
	const codeSize = fittedSize(p.code, f.bold, 120, w - 110, 40);
	centred(page, p.code, { x: mid, y: h - 345, font: f.bold, size: codeSize, color: RED });
	const qrSize = 250;
	drawQr(page, p.joinUrl, mid - qrSize / 2, 210, qrSize, 12);
	centred(page, 'Quét mã QR bằng điện thoại để tham gia', {
		x: mid,
		y: 172,
		font: f.bold,
		size: 16
	});
	centred(page, 'hoặc mở trình duyệt, vào địa chỉ', {
		x: mid,
		y: 146,
		font: f.regular,
		size: 14,
		color: MUTED
	});
	centred(page, p.typeAddress, { x: mid, y: 116, font: f.bold, size: 24, maxWidth: w - 110 });
	centred(page, `và nhập mã ${p.code}`, { x: mid, y: 88, font: f.regular, size: 14, color: MUTED });
	centred(page, p.joinUrl, {
		x: mid,
		y: 50,
		font: f.regular,
		size: 10,
		maxWidth: w - 110,
		color: MUTED
	});
}

/** The join poster: one page. */
export async function renderPoster(p: PosterData): Promise<Uint8Array> {
	const { pdf, fonts } = await newPdf(`Áp phích tham gia — ${p.title}`, 'sans');
	drawPoster(pdf.addPage(A4_PORTRAIT), p, fonts);
	return pdf.save();
}

export const ANSWER_LETTERS = ['A', 'B', 'C', 'D'] as const;

function drawAnswerCard(page: PDFPage, letter: string, seat: number | null, f: Fonts) {
	const [w, h] = A4_LANDSCAPE;
	page.drawRectangle({
		x: 14,
		y: 14,
		width: w - 28,
		height: h - 28,
		borderColor: RED,
		borderWidth: 6
	});
	// DejaVu Sans Bold capitals stand 0.73 em: at 560 pt the letter is about 14.5 cm tall.
	const size = 560;
	const capHeight = 0.73 * size;
	centred(page, letter, { x: w / 2, y: (h - capHeight) / 2, font: f.bold, size, color: INK });
	if (seat !== null) {
		page.drawText(`SBD ${seat}`, { x: 36, y: h - 62, size: 28, font: f.bold, color: RED });
	}
}

/** A, B, C, D, one page each; the seat in a corner when given. */
export async function renderAnswerCards(title: string, seat: number | null): Promise<Uint8Array> {
	const { pdf, fonts } = await newPdf(
		`Thẻ đáp án${seat === null ? '' : ` — SBD ${seat}`} — ${title}`,
		'sans'
	);
	for (const letter of ANSWER_LETTERS)
		drawAnswerCard(pdf.addPage(A4_LANDSCAPE), letter, seat, fonts);
	return pdf.save();
}
