import { deflateSync } from 'node:zlib';

// The demo's dossiers carry a portrait, as real ones do, so the honour roll, the shortlist and
// the poll look as they will in use. These are drawn here (a silhouette on a tinted ground), not
// photos of anyone: PNG written by hand to keep image libraries out of the app.

const WIDTH = 240;
const HEIGHT = 320;

// Warm grounds in the design's family, and clothing tones; a name picks one of each.
const grounds: [number, number, number][] = [
	[253, 241, 240],
	[255, 248, 230],
	[242, 236, 228],
	[236, 242, 246],
	[240, 246, 238]
];
const clothes: [number, number, number][] = [
	[143, 29, 23],
	[179, 38, 30],
	[60, 72, 88],
	[36, 96, 78],
	[201, 151, 28]
];
const SKIN: [number, number, number] = [224, 184, 150];
const HAIR: [number, number, number] = [40, 32, 30];

function hash(text: string): number {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
	return h >>> 0;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const out = Buffer.alloc(body.length + 8);
	out.writeUInt32BE(data.length, 0);
	body.copy(out, 4);
	out.writeUInt32BE(crc32(body), body.length + 4);
	return out;
}

/** A PNG portrait for a demo person: the same name always draws the same picture. */
export function demoPortrait(name: string, gender: 'male' | 'female'): Uint8Array {
	const h = hash(name);
	const ground = grounds[h % grounds.length]!;
	const cloth = clothes[(h >>> 8) % clothes.length]!;
	const longHair = gender === 'female';
	const cx = WIDTH / 2;
	const head = { y: 128, r: 52 };
	const rows: Buffer[] = [];
	for (let y = 0; y < HEIGHT; y++) {
		const row = Buffer.alloc(1 + WIDTH * 3); // filter byte 0, then RGB
		for (let x = 0; x < WIDTH; x++) {
			let colour = ground;
			const dx = x - cx;
			// Shoulders: the top half of a wide ellipse rising from the bottom edge.
			if ((dx / 110) ** 2 + ((y - 330) / 110) ** 2 <= 1) colour = cloth;
			// Hair behind the head, longer for some.
			const hairBottom = longHair ? head.y + 70 : head.y + 8;
			if (dx ** 2 + (y - head.y + 6) ** 2 <= (head.r + 8) ** 2 && y <= hairBottom) colour = HAIR;
			if (longHair && Math.abs(dx) <= head.r + 8 && y > head.y && y <= hairBottom) colour = HAIR;
			// Neck and face.
			if (Math.abs(dx) <= 20 && y > head.y + 30 && y < 225) colour = SKIN;
			if ((dx / head.r) ** 2 + ((y - head.y - 8) / (head.r + 6)) ** 2 <= 1 && y > head.y - 22)
				colour = SKIN;
			row[1 + x * 3] = colour[0];
			row[2 + x * 3] = colour[1];
			row[3 + x * 3] = colour[2];
		}
		rows.push(row);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(WIDTH, 0);
	header.writeUInt32BE(HEIGHT, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // truecolour RGB
	return new Uint8Array(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('IDAT', deflateSync(Buffer.concat(rows))),
			chunk('IEND', new Uint8Array(0))
		])
	);
}
