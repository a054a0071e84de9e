/**
 * What every printed PDF shares (certificates, the live game's printables): DejaVu fonts embedded
 * as subsets, so every Vietnamese letter prints and copies out exactly; centred and wrapped text
 * by measured width; QR codes drawn as vector squares, sharp at any print size.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import QRCode from 'qrcode';

export const A4_PORTRAIT: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
export const RED = rgb(0.65, 0.08, 0.08);
export const INK = rgb(0.1, 0.1, 0.1);
export const GOLD = rgb(0.75, 0.58, 0.2);
export const MUTED = rgb(0.4, 0.4, 0.4);

const FAMILIES = {
	serif: ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf'],
	sans: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf']
} as const;
export type FontFamily = keyof typeof FAMILIES;
export interface Fonts {
	regular: PDFFont;
	bold: PDFFont;
	italic: PDFFont;
}

const require = createRequire(import.meta.url);
const loaded = new Map<FontFamily, Promise<Uint8Array[]>>();

function fontBytes(family: FontFamily): Promise<Uint8Array[]> {
	// DejaVu fonts come from the npm package `dejavu-fonts-ttf` (Bitstream Vera licence).
	let bytes = loaded.get(family);
	if (!bytes) {
		bytes = Promise.all(
			FAMILIES[family].map((name) =>
				readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)).then((b) => new Uint8Array(b))
			)
		);
		loaded.set(family, bytes);
	}
	return bytes;
}

/** A new PDF in Vietnamese with the family's regular, bold and italic embedded. */
export async function newPdf(
	title: string,
	family: FontFamily
): Promise<{ pdf: PDFDocument; fonts: Fonts }> {
	const [regular, bold, italic] = await fontBytes(family);
	const pdf = await PDFDocument.create();
	pdf.registerFontkit(fontkit);
	pdf.setTitle(title);
	pdf.setLanguage('vi-VN');
	pdf.setCreator('Gương Sáng');
	const fonts = {
		regular: await pdf.embedFont(regular!, { subset: true }),
		bold: await pdf.embedFont(bold!, { subset: true }),
		italic: await pdf.embedFont(italic!, { subset: true })
	};
	return { pdf, fonts };
}

/** The size at which `text` fits `maxWidth`, never below `min`. */
export function fittedSize(text: string, font: PDFFont, size: number, maxWidth: number, min = 8) {
	let s = size;
	while (s > min && font.widthOfTextAtSize(text, s) > maxWidth) s -= 1;
	return s;
}

/** Text drawn centred on x, shrunk to fit `maxWidth` when a long name would overflow. */
export function centred(
	page: PDFPage,
	text: string,
	options: { x: number; y: number; font: PDFFont; size: number; maxWidth?: number; color?: RGB }
) {
	const size = fittedSize(text, options.font, options.size, options.maxWidth ?? Infinity);
	const width = options.font.widthOfTextAtSize(text, size);
	page.drawText(text, {
		x: options.x - width / 2,
		y: options.y,
		size,
		font: options.font,
		color: options.color ?? INK
	});
}

/** The red border with a gold line inside that frames a certificate or a poster. */
export function doubleFrame(page: PDFPage, w: number, h: number) {
	page.drawRectangle({
		x: 18,
		y: 18,
		width: w - 36,
		height: h - 36,
		borderColor: RED,
		borderWidth: 4
	});
	page.drawRectangle({
		x: 28,
		y: 28,
		width: w - 56,
		height: h - 56,
		borderColor: GOLD,
		borderWidth: 1.5
	});
}

/** Greedy word wrap by measured width. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split(/\n+/)) {
		let line = '';
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			const next = line ? `${line} ${word}` : word;
			if (line && font.widthOfTextAtSize(next, size) > maxWidth) {
				lines.push(line);
				line = word;
			} else line = next;
		}
		if (line) lines.push(line);
	}
	return lines;
}

/** The QR code of `text`, its lower left corner at (x, y), on a white margin of `quiet` points. */
export function drawQr(page: PDFPage, text: string, x: number, y: number, size: number, quiet = 4) {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const cell = size / n;
	page.drawRectangle({
		x: x - quiet,
		y: y - quiet,
		width: size + 2 * quiet,
		height: size + 2 * quiet,
		color: rgb(1, 1, 1)
	});
	// One path of horizontal runs filled at once: no hairline seams between squares on screen.
	let path = '';
	for (let row = 0; row < n; row++) {
		for (let col = 0; col < n; col++) {
			if (!qr.modules.get(row, col)) continue;
			let run = 1;
			while (col + run < n && qr.modules.get(row, col + run)) run++;
			path += `M${col} ${row}h${run}v1h${-run}z`;
			col += run - 1;
		}
	}
	page.drawSvgPath(path, { x, y: y + size, scale: cell, color: rgb(0, 0, 0), borderWidth: 0 });
}

export interface FlowColumn {
	header: string;
	/** A share of the text width; the shares of a table's columns add up to 1. */
	share: number;
}

/**
 * A document that flows down A4 portrait pages (a dossier, a decision): headings, paragraphs,
 * label and value lines and simple tables, wrapped by measured width, a new page when the
 * next line would not fit. Each line is one drawn string, so a reader copies text out whole.
 */
export class PdfFlow {
	readonly width: number;
	private page: PDFPage;
	private y: number;

	constructor(
		private readonly pdf: PDFDocument,
		readonly fonts: Fonts,
		private readonly margin = 56
	) {
		this.width = A4_PORTRAIT[0] - 2 * margin;
		this.page = pdf.addPage(A4_PORTRAIT);
		this.y = A4_PORTRAIT[1] - margin;
	}

	/** Room for `height` points below the cursor, or a new page. */
	private room(height: number) {
		if (this.y - height >= this.margin) return;
		this.page = this.pdf.addPage(A4_PORTRAIT);
		this.y = A4_PORTRAIT[1] - this.margin;
	}

	gap(points: number) {
		this.y -= points;
	}

	/** Wrapped text; `align: 'centre'` centres each line on the page (titles). */
	text(
		value: string,
		options: {
			font?: PDFFont;
			size?: number;
			indent?: number;
			align?: 'left' | 'centre';
			color?: RGB;
		} = {}
	) {
		const font = options.font ?? this.fonts.regular;
		const size = options.size ?? 11;
		const indent = options.indent ?? 0;
		for (const line of wrap(value.normalize('NFC'), font, size, this.width - indent)) {
			this.room(size * 1.45);
			this.y -= size * 1.2;
			const x =
				options.align === 'centre'
					? this.margin + (this.width - font.widthOfTextAtSize(line, size)) / 2
					: this.margin + indent;
			this.page.drawText(line, { x, y: this.y, size, font, color: options.color ?? INK });
			this.y -= size * 0.25;
		}
	}

	heading(value: string, size = 13) {
		this.gap(6);
		this.text(value, { font: this.fonts.bold, size, color: RED });
		this.gap(2);
	}

	/** "Label: value" lines, the label in bold, long values wrapped under themselves. */
	fields(rows: readonly (readonly [string, string])[], size = 11) {
		const labelWidth = Math.min(
			this.width * 0.38,
			Math.max(...rows.map(([l]) => this.fonts.bold.widthOfTextAtSize(`${l}:`, size))) + 8
		);
		for (const [label, value] of rows) {
			const lines = wrap(
				value.normalize('NFC') || '—',
				this.fonts.regular,
				size,
				this.width - labelWidth
			);
			this.room(size * 1.45);
			this.y -= size * 1.2;
			this.page.drawText(`${label}:`.normalize('NFC'), {
				x: this.margin,
				y: this.y,
				size,
				font: this.fonts.bold,
				color: INK
			});
			lines.forEach((line, i) => {
				if (i > 0) {
					this.room(size * 1.45);
					this.y -= size * 1.45;
				}
				this.page.drawText(line, {
					x: this.margin + labelWidth,
					y: this.y,
					size,
					font: this.fonts.regular,
					color: INK
				});
			});
			this.y -= size * 0.25;
		}
	}

	/** A table with a header row and ruled rows; each cell wraps within its column. */
	table(columns: readonly FlowColumn[], rows: readonly (readonly string[])[], size = 10) {
		const widths = columns.map((c) => c.share * this.width);
		const line = size * 1.3;
		const drawRow = (cells: readonly string[], font: PDFFont) => {
			const wrapped = cells.map((cell, i) =>
				wrap(cell.normalize('NFC') || ' ', font, size, widths[i]! - 6)
			);
			const height = Math.max(...wrapped.map((w) => w.length)) * line + 6;
			this.room(height);
			let x = this.margin;
			wrapped.forEach((cellLines, i) => {
				cellLines.forEach((text, n) => {
					this.page.drawText(text, {
						x: x + 3,
						y: this.y - 3 - (n + 1) * line + size * 0.3,
						size,
						font,
						color: INK
					});
				});
				x += widths[i]!;
			});
			this.y -= height;
			this.page.drawLine({
				start: { x: this.margin, y: this.y },
				end: { x: this.margin + this.width, y: this.y },
				thickness: 0.5,
				color: MUTED
			});
		};
		drawRow(
			columns.map((c) => c.header),
			this.fonts.bold
		);
		for (const row of rows) drawRow(row, this.fonts.regular);
		this.gap(6);
	}
}
