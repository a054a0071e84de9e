import { describe, expect, it } from 'vitest';
import { contentDisposition, safeFileName, sniffEvidence } from './evidence';

const bytes = (...values: number[]) => new Uint8Array([...values, ...new Array(16).fill(0)]);

describe('sniffEvidence', () => {
	it('recognises images and PDF by their signatures', () => {
		expect(sniffEvidence(bytes(0xff, 0xd8, 0xff, 0xe0))?.mime).toBe('image/jpeg');
		expect(sniffEvidence(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))?.mime).toBe(
			'image/png'
		);
		expect(
			sniffEvidence(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50))?.mime
		).toBe('image/webp');
		expect(sniffEvidence(new TextEncoder().encode('%PDF-1.7\n'))?.mime).toBe('application/pdf');
	});

	it('refuses executables, archives, HTML and SVG whatever their names', () => {
		expect(sniffEvidence(bytes(0x4d, 0x5a, 0x90, 0x00))).toBeNull(); // Windows .exe
		expect(sniffEvidence(bytes(0x7f, 0x45, 0x4c, 0x46))).toBeNull(); // ELF
		expect(sniffEvidence(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull(); // zip
		expect(sniffEvidence(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
		expect(sniffEvidence(new TextEncoder().encode('<html><script>'))).toBeNull();
		expect(sniffEvidence(new Uint8Array())).toBeNull();
	});
});

describe('safeFileName', () => {
	it('keeps Vietnamese names and uses the real extension', () => {
		expect(safeFileName('Bằng khen Nguyễn Văn A.PDF', 'pdf')).toBe('Bằng khen Nguyễn Văn A.pdf');
		expect(safeFileName('anh.exe', 'jpg')).toBe('anh.jpg');
	});

	it('drops folders and dangerous characters', () => {
		expect(safeFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
		expect(safeFileName('C:\\tmp\\a<b>"c".png', 'png')).toBe('abc.png');
		expect(safeFileName('...', 'pdf')).toBe('tep.pdf');
		expect(safeFileName('x'.repeat(300) + '.pdf', 'pdf')).toHaveLength(104);
	});

	it('writes a header that keeps the name and has an ASCII fallback', () => {
		expect(contentDisposition('attachment', 'Giấy khen "đẹp".pdf')).toBe(
			`attachment; filename="Giay khen _dep_.pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20khen%20%22%C4%91%E1%BA%B9p%22.pdf`
		);
	});
});
