/**
 * Reads entries of an uploaded zip (an .xlsx) without trusting it: the central directory is
 * bounds-checked, and an entry is inflated as a stream with a cap on its output, so a zip bomb
 * costs at most `maxBytes` of work and never its declared or real size in memory.
 */
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
	name: string;
	method: number;
	flags: number;
	compressedSize: number;
	offset: number;
}

/** Why a zip could not be read; the caller words it for the user. */
export class ZipError extends Error {
	constructor(readonly reason: 'corrupt' | 'encrypted' | 'too-large') {
		super(`zip: ${reason}`);
	}
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 10_000;
const CHUNK = 64 * 1024;

/** The entries of a zip by lower-cased name (Excel and LibreOffice differ in case). */
export function listZipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let end = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === EOCD) {
			end = i;
			break;
		}
	}
	if (end < 0) throw new ZipError('corrupt');
	const count = view.getUint16(end + 10, true);
	const size = view.getUint32(end + 12, true);
	const start = view.getUint32(end + 16, true);
	if (count > MAX_ENTRIES || start + size > end) throw new ZipError('corrupt');
	const entries = new Map<string, ZipEntry>();
	let at = start;
	for (let n = 0; n < count; n++) {
		if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new ZipError('corrupt');
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		const commentLength = view.getUint16(at + 32, true);
		const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
		const entry: ZipEntry = {
			name,
			flags: view.getUint16(at + 8, true),
			method: view.getUint16(at + 10, true),
			compressedSize: view.getUint32(at + 20, true),
			offset: view.getUint32(at + 42, true)
		};
		// A Zip64 size or offset (0xFFFFFFFF) cannot be right in a file of a few megabytes.
		if (entry.compressedSize === 0xffffffff || entry.offset === 0xffffffff)
			throw new ZipError('corrupt');
		entries.set(name.toLowerCase(), entry);
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/**
 * The entry's bytes in chunks, inflated as they are read. Throws ZipError('too-large') as soon
 * as the output passes `maxBytes`; a consumer that stops early stops the inflation too.
 */
export async function* readZipEntry(
	bytes: Uint8Array,
	entry: ZipEntry,
	maxBytes: number
): AsyncGenerator<Uint8Array> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (entry.flags & 1) throw new ZipError('encrypted');
	const at = entry.offset;
	if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new ZipError('corrupt');
	const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	if (dataStart + entry.compressedSize > bytes.length) throw new ZipError('corrupt');
	const data = bytes.subarray(dataStart, dataStart + entry.compressedSize);
	let total = 0;
	if (entry.method === 0) {
		if (data.length > maxBytes) throw new ZipError('too-large');
		for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
		return;
	}
	if (entry.method !== 8) throw new ZipError('corrupt');
	const inflater = createInflateRaw({ chunkSize: CHUNK });
	inflater.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
	try {
		for await (const chunk of inflater as AsyncIterable<Buffer>) {
			total += chunk.length;
			if (total > maxBytes) throw new ZipError('too-large');
			yield chunk;
		}
	} catch (error) {
		if (error instanceof ZipError) throw error;
		throw new ZipError('corrupt');
	} finally {
		inflater.destroy();
	}
}
