import QRCode from 'qrcode';

/** The join link as an SVG QR code, drawn on the server (no script needed to show it). */
export function joinQrSvg(joinUrl: string): Promise<string> {
	return QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}
