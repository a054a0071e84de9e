/**
 * Certificates as PDF (A4 landscape), drawn with pdf-lib. DejaVu Serif is embedded (subset),
 * so every Vietnamese letter prints and copies out exactly; the QR code is drawn as vector
 * squares, so it stays sharp at any print size.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatCertificateCode, type RecipientType } from '$lib/shared/awards';
import { administrativeDate } from './rules';

export interface CertificateData {
	issuer: string;
	awardLabel: string;
	recipientName: string;
	recipientType: RecipientType;
	position: string;
	unitName: string;
	/** The decision's citation, then the recipient's own line where it says more. */
	citation: string[];
	/** The recipient's field: the decision's when it names one, else its own. */
	field: string | null;
	decisionNumber: string;
	/** yyyy-mm-dd */
	decidedOn: string;
	/** "Hà Nội, ngày 19 tháng 5 năm 2026" */
	placeAndDate: string;
	/** "TM. BAN THƯỜNG VỤ", above the signer's title */
	authorityLine: string;
	signer: string;
	signerTitle: string;
	code: string;
	verifyUrl: string;
}

const require = createRequire(import.meta.url);
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array; italic: Uint8Array }> | null = null;

function loadFonts() {
	// DejaVu fonts come from the npm package `dejavu-fonts-ttf` (Bitstream Vera licence).
	const file = (name: string) =>
		readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)).then((b) => new Uint8Array(b));
	fonts ??= Promise.all([
		file('DejaVuSerif.ttf'),
		file('DejaVuSerif-Bold.ttf'),
		file('DejaVuSerif-Italic.ttf')
	]).then(([regular, bold, italic]) => ({ regular, bold, italic }));
	return fonts;
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const RED = rgb(0.65, 0.08, 0.08);
const INK = rgb(0.1, 0.1, 0.1);
const GOLD = rgb(0.75, 0.58, 0.2);

/** Text drawn centred on x, shrunk to fit `maxWidth` when a long name would overflow. */
function centred(
	page: PDFPage,
	text: string,
	options: {
		x: number;
		y: number;
		font: PDFFont;
		size: number;
		maxWidth?: number;
		color?: typeof INK;
	}
) {
	let size = options.size;
	const max = options.maxWidth ?? Infinity;
	while (size > 8 && options.font.widthOfTextAtSize(text, size) > max) size -= 1;
	const width = options.font.widthOfTextAtSize(text, size);
	page.drawText(text, {
		x: options.x - width / 2,
		y: options.y,
		size,
		font: options.font,
		color: options.color ?? INK
	});
}

/** Greedy word wrap by measured width. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
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

function drawQr(page: PDFPage, url: string, x: number, y: number, size: number) {
	const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const cell = size / n;
	page.drawRectangle({
		x: x - 4,
		y: y - 4,
		width: size + 8,
		height: size + 8,
		color: rgb(1, 1, 1)
	});
	for (let row = 0; row < n; row++) {
		for (let col = 0; col < n; col++) {
			if (!qr.modules.get(row, col)) continue;
			page.drawRectangle({
				x: x + col * cell,
				y: y + size - (row + 1) * cell,
				width: cell,
				height: cell,
				color: rgb(0, 0, 0)
			});
		}
	}
}

function drawCertificate(
	page: PDFPage,
	c: CertificateData,
	f: { regular: PDFFont; bold: PDFFont; italic: PDFFont }
) {
	const [w, h] = A4_LANDSCAPE;
	const mid = w / 2;
	const t = (s: string) => s.normalize('NFC');
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

	// The national heading as administrative documents set it: the motto underlined.
	centred(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
		x: mid,
		y: h - 70,
		font: f.bold,
		size: 13
	});
	const motto = 'Độc lập - Tự do - Hạnh phúc';
	centred(page, motto, { x: mid, y: h - 88, font: f.bold, size: 12 });
	const mottoWidth = f.bold.widthOfTextAtSize(motto, 12);
	page.drawLine({
		start: { x: mid - mottoWidth / 2, y: h - 92 },
		end: { x: mid + mottoWidth / 2, y: h - 92 },
		thickness: 0.8,
		color: INK
	});
	centred(page, t(c.issuer).toLocaleUpperCase('vi'), {
		x: mid,
		y: h - 122,
		font: f.bold,
		size: 14,
		maxWidth: w - 140
	});
	centred(page, t(c.awardLabel).toLocaleUpperCase('vi'), {
		x: mid,
		y: h - 185,
		font: f.bold,
		size: 44,
		maxWidth: w - 140,
		color: RED
	});
	centred(page, 'Tặng', { x: mid, y: h - 220, font: f.italic, size: 15 });
	centred(page, t(c.recipientName), {
		x: mid,
		y: h - 262,
		font: f.bold,
		size: 30,
		maxWidth: w - 140,
		color: RED
	});
	const who = [c.position, c.unitName].filter(Boolean).map(t).join(' – ');
	centred(page, who, { x: mid, y: h - 290, font: f.regular, size: 14, maxWidth: w - 140 });

	// The citation, then the field, between the name and the signature block.
	let y = h - 320;
	const body = c.citation.flatMap((text) => wrap(t(text), f.italic, 13, w - 200)).slice(0, 4);
	for (const line of body) {
		centred(page, line, { x: mid, y, font: f.italic, size: 13 });
		y -= 18;
	}
	if (c.field) {
		centred(page, t(`Lĩnh vực: ${c.field}`), {
			x: mid,
			y,
			font: f.regular,
			size: 12,
			maxWidth: w - 200
		});
	}

	// The signature block: place and date, authority, the signer's title, room to sign, the name.
	const signX = w - 220;
	centred(page, t(c.placeAndDate), { x: signX, y: 178, font: f.italic, size: 12, maxWidth: 320 });
	if (c.authorityLine) {
		centred(page, t(c.authorityLine).toLocaleUpperCase('vi'), {
			x: signX,
			y: 160,
			font: f.bold,
			size: 12,
			maxWidth: 320
		});
	}
	centred(page, t(c.signerTitle || 'Người ký').toLocaleUpperCase('vi'), {
		x: signX,
		y: c.authorityLine ? 144 : 160,
		font: f.bold,
		size: 12,
		maxWidth: 320
	});
	centred(page, t(c.signer), { x: signX, y: 62, font: f.bold, size: 14, maxWidth: 300 });

	// Left of the signature block, shrunk rather than run into it when the number is long.
	const decisionLine = t(`Quyết định số ${c.decisionNumber} ${administrativeDate(c.decidedOn)}`);
	let decisionSize = 11;
	while (decisionSize > 7 && f.regular.widthOfTextAtSize(decisionLine, decisionSize) > signX - 230)
		decisionSize -= 0.5;
	page.drawText(decisionLine, { x: 60, y: 160, size: decisionSize, font: f.regular, color: INK });
	drawQr(page, c.verifyUrl, 60, 56, 88);
	page.drawText(`Mã xác minh: ${formatCertificateCode(c.code)}`, {
		x: 160,
		y: 112,
		size: 11,
		font: f.bold,
		color: INK
	});
	page.drawText('Quét mã QR hoặc nhập mã tại', {
		x: 160,
		y: 94,
		size: 9,
		font: f.regular,
		color: INK
	});
	page.drawText(c.verifyUrl.replace(/\/[^/]+$/, ''), {
		x: 160,
		y: 80,
		size: 9,
		font: f.regular,
		color: INK
	});
}

/** Certificates, one page each, in one PDF. */
export async function renderCertificates(certificates: CertificateData[]): Promise<Uint8Array> {
	const bytes = await loadFonts();
	const pdf = await PDFDocument.create();
	pdf.registerFontkit(fontkit);
	pdf.setTitle(
		certificates.length === 1
			? `Giấy chứng nhận — ${certificates[0]!.recipientName}`
			: `Giấy chứng nhận — Quyết định ${certificates[0]?.decisionNumber ?? ''}`
	);
	pdf.setLanguage('vi-VN');
	pdf.setCreator('Gương Sáng');
	const f = {
		regular: await pdf.embedFont(bytes.regular, { subset: true }),
		bold: await pdf.embedFont(bytes.bold, { subset: true }),
		italic: await pdf.embedFont(bytes.italic, { subset: true })
	};
	for (const c of certificates) drawCertificate(pdf.addPage(A4_LANDSCAPE), c, f);
	return pdf.save();
}
