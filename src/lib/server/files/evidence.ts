/** What an uploaded evidence file really is, judged by its first bytes, never its name. */
import { stripDiacritics } from '$lib/shared/text';

export interface SniffedType {
	mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
	extension: 'jpg' | 'png' | 'webp' | 'pdf';
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
	signature.every((b, i) => bytes[offset + i] === b);

export function sniffEvidence(bytes: Uint8Array): SniffedType | null {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', extension: 'jpg' };
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
		return { mime: 'image/png', extension: 'png' };
	if (
		startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
		startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
	) {
		return { mime: 'image/webp', extension: 'webp' };
	}
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]))
		return { mime: 'application/pdf', extension: 'pdf' };
	return null;
}

/**
 * A name safe to store and to send back: no folders, no control or shell-special characters,
 * at most 100 characters, ending in the extension of what the file really is.
 */
export function safeFileName(original: string, extension: string): string {
	const base = (original.split(/[\\/]/).pop() ?? '')
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f"*:<>?|\\/]/g, '')
		.replace(/\.[^.]*$/, '')
		.replace(/\s+/g, ' ')
		.replace(/^[.\s-]+/, '')
		.trim()
		.slice(0, 100);
	return `${base || 'tep'}.${extension}`;
}

export interface EvidenceLimits {
	maxBytes: number;
	maxFiles: number;
}

export function readEvidenceLimits(env: NodeJS.ProcessEnv = process.env): EvidenceLimits {
	const megabytes = Number(env.EVIDENCE_MAX_MB) || 10;
	return {
		maxBytes: Math.round(megabytes * 1024 * 1024),
		maxFiles: Number(env.EVIDENCE_MAX_FILES) || 10
	};
}

/** Content-Disposition with the Vietnamese name kept (RFC 6266/5987) and an ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
	const ascii = stripDiacritics(name).replace(/[^\x20-\x7e]|["\\]/g, '_');
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Headers that serve a stored file safely: never sniffed, never run, never cached publicly. */
export function evidenceHeaders(file: { mimeType: string; size: number; fileName: string }) {
	return {
		'content-type': file.mimeType,
		'content-length': String(file.size),
		'content-disposition': contentDisposition(
			file.mimeType === 'application/pdf' ? 'attachment' : 'inline',
			file.fileName
		),
		'x-content-type-options': 'nosniff',
		'content-security-policy':
			"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
		'cache-control': 'private, no-store'
	};
}
