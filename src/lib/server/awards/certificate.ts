/**
 * Certificates as PDF (A4 landscape), drawn with pdf-lib. DejaVu Serif is embedded (subset),
 * so every Vietnamese letter prints and copies out exactly; the QR code is drawn as vector
 * squares, so it stays sharp at any print size.
 */
import type { PDFPage } from 'pdf-lib';
import { formatCertificateCode, type RecipientType } from '$lib/shared/awards';
import {
	A4_LANDSCAPE,
	INK,
	RED,
	centred,
	doubleFrame,
	drawQr,
	newPdf,
	wrap,
	type Fonts
} from '../files/pdf';
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

function drawCertificate(page: PDFPage, c: CertificateData, f: Fonts) {
	const [w, h] = A4_LANDSCAPE;
	const mid = w / 2;
	const t = (s: string) => s.normalize('NFC');
	doubleFrame(page, w, h);

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
	const { pdf, fonts } = await newPdf(
		certificates.length === 1
			? `Giấy chứng nhận — ${certificates[0]!.recipientName}`
			: `Giấy chứng nhận — Quyết định ${certificates[0]?.decisionNumber ?? ''}`,
		'serif'
	);
	for (const c of certificates) drawCertificate(pdf.addPage(A4_LANDSCAPE), c, fonts);
	return pdf.save();
}
