import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '$lib/shared/format';
import type { Database } from '../db/client';
import type { LiveGame } from '../db/schema';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { makeGame } from '../testing/live';
import { statusOf } from '../testing/status';
import { printable } from './printables';
import { CARDS_PER_PAGE } from './print-sheets';
import { getGameReport, getScreenView, hostAct, joinGame } from './service';
import type { HostCommand } from './service';

// The hall's printables read back: the text each PDF shows, against the database and the game
// report, and the poster's QR code decoded from a rendering of the page.

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let questionIds: number[];
const T0 = new Date('2026-11-26T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const ORIGIN = 'http://192.168.1.20:3000';

async function openPdf(bytes: Uint8Array) {
	return getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
}

/** The text of each page, one entry per drawn string, as a reader copies it out. */
async function pagesOf(bytes: Uint8Array): Promise<string[][]> {
	const doc = await openPdf(bytes);
	const pages = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const content = await (await doc.getPage(n)).getTextContent();
		// pdfjs adds a " " item between strings on one line; only what was drawn counts.
		pages.push(content.items.flatMap((i) => ('str' in i && i.str.trim() ? [i.str] : [])));
	}
	await doc.destroy();
	return pages;
}

interface CanvasFactory {
	create(
		width: number,
		height: number
	): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D };
}

/** Renders the first page as a phone's camera would see it and reads its QR code. */
async function decodeQr(bytes: Uint8Array): Promise<string | null> {
	const doc = await openPdf(bytes);
	const page = await doc.getPage(1);
	const viewport = page.getViewport({ scale: 2 });
	// pdfjs's own canvas for Node (@napi-rs/canvas), not in its published types.
	const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
	const { canvas, context } = factory.create(viewport.width, viewport.height);
	context.fillStyle = '#fff';
	context.fillRect(0, 0, viewport.width, viewport.height);
	await page.render({ canvasContext: context, viewport, canvas }).promise;
	const image = context.getImageData(0, 0, viewport.width, viewport.height);
	await doc.destroy();
	return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

const organizer = (now = T0) => ctxFor(database, tree.organizer, now);
const host = (game: LiveGame, command: HostCommand, now: Date) =>
	hostAct(organizer(now), game.code, command);
const print = (game: LiveGame, kind: string, seat?: number, ctx = organizer()) =>
	printable(ctx, game.code, { kind: kind as never, seat }, `${ORIGIN}/choi/${game.code}`);

function newGame(mode: 'phones' | 'whiteboard', title: string) {
	return makeGame(organizer(), tree.district.id, questionIds, { title, mode });
}

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	questionIds = [];
	for (let i = 0; i < 3; i++)
		questionIds.push((await makeApprovedQuestion(organizer(), tree.district.id)).id);
});

afterAll(async () => {
	await database?.close();
});

describe('join poster', () => {
	it('shows the title, the code, the address to type, and a QR code of the join link', async () => {
		const game = await newGame('phones', 'Rung chuông vàng — Tìm hiểu lịch sử Đoàn xã');
		const { bytes, filename } = await print(game, 'ap-phich');
		expect(filename).toBe(`rung-chuong-vang-${game.code}-ap-phich.pdf`);
		const [page, ...more] = await pagesOf(bytes);
		expect(more).toEqual([]);
		expect(page).toContain('RUNG CHUÔNG VÀNG');
		// The title may wrap: its lines lie between the heading and "Mã tham gia".
		const title = page!.slice(1, page!.indexOf('Mã tham gia')).join(' ');
		expect(title).toBe('Rung chuông vàng — Tìm hiểu lịch sử Đoàn xã');
		expect(page).toContain(game.code);
		expect(page).toContain(`${ORIGIN}/choi`);
		expect(page).toContain(`${ORIGIN}/choi/${game.code}`);
		expect(await decodeQr(bytes)).toBe(`${ORIGIN}/choi/${game.code}`);
	});
});

describe('seat cards', () => {
	it('one card per player who joined, seat, name and unit, eight to a page; the kicked have none', async () => {
		const game = await newGame('phones', 'Thẻ số báo danh thử');
		const joined = [];
		for (let i = 1; i <= 10; i++) {
			joined.push(
				await joinGame(ctxFor(database, null, T0), {
					code: game.code,
					displayName: `Nguyễn Thị Hồng ${i}`,
					unitName: i % 2 ? 'Chi đoàn Thôn Đông' : ''
				})
			);
		}
		await host(game, { action: 'kick', playerId: joined[3]!.player.id }, T0);
		const pages = await pagesOf((await print(game, 'the-du-thi')).bytes);
		expect(pages).toHaveLength(2);
		// A card reads: the game, "Số báo danh", the seat, the name, the unit when there is one.
		const cards = pages.flatMap((page) => {
			const out = [];
			for (let i = page.indexOf('Số báo danh'); i >= 0; i = page.indexOf('Số báo danh', i + 1)) {
				const unit = page[i + 3] === 'Thẻ số báo danh thử' ? undefined : page[i + 3];
				out.push({ seat: Number(page[i + 1]), name: page[i + 2], unit: unit ?? '' });
			}
			return out;
		});
		expect(pages[0]!.filter((s) => s === 'Số báo danh')).toHaveLength(CARDS_PER_PAGE);
		const view = await getScreenView(ctxFor(database, null, T0), game.code);
		expect(cards).toEqual(view.players.map((p) => ({ seat: p.seat, name: p.name, unit: p.unit })));
		expect(cards.map((c) => c.seat)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
	});

	it('an empty game says so instead of printing an empty PDF', async () => {
		const game = await newGame('whiteboard', 'Chưa ai ngồi');
		await expect(print(game, 'the-du-thi')).rejects.toMatchObject({
			status: 409,
			message: 'Chưa có người chơi nào để in thẻ số báo danh.'
		});
	});
});

describe('answer cards and results (whiteboard game)', () => {
	it('A/B/C/D one page each, the seat in a corner only when given and seated', async () => {
		const game = await newGame('whiteboard', 'Thẻ đáp án thử');
		await host(game, { action: 'seat', displayName: 'An', unitName: '' }, T0);
		expect(await pagesOf((await print(game, 'the-dap-an')).bytes)).toEqual([
			['A'],
			['B'],
			['C'],
			['D']
		]);
		const seated = await pagesOf((await print(game, 'the-dap-an', 1)).bytes);
		expect(seated).toEqual(['A', 'B', 'C', 'D'].map((l) => [l, 'SBD 1']));
		expect(await statusOf(print(game, 'the-dap-an', 2))).toBe(400);
		const phones = await newGame('phones', 'Điện thoại');
		expect(await statusOf(print(phones, 'the-dap-an'))).toBe(409);
	});

	it('the results sheet lists the report order; provisional while running, winner marked at the end', async () => {
		const game = await newGame('whiteboard', 'Kết quả thử');
		const names = ['Lê Văn Ánh', 'Trần Thị Bích', 'Phạm Đức Chiến', 'Đỗ Thu Dung', 'Vũ Hải Đăng'];
		for (const name of names)
			await host(game, { action: 'seat', displayName: name, unitName: 'Đoàn xã A1' }, T0);
		expect(await statusOf(print(game, 'ket-qua'))).toBe(409);
		const ids = (await getScreenView(ctxFor(database, null, T0), game.code)).players.map(
			(p) => p.id
		);
		const round = async (start: number, right: number[]) => {
			await host(game, { action: start === 0 ? 'start' : 'open' }, at(start));
			await host(game, { action: 'close' }, at(start + 1000));
			await host(game, { action: 'mark', rightPlayerIds: right }, at(start + 2000));
			await host(game, { action: 'reveal' }, at(start + 3000));
		};
		await round(0, ids.slice(0, 4));

		/** The table's rows: five cells each, after the header's last cell. */
		const rowsOf = (page: string[]) => {
			const body = page.slice(page.indexOf('Kết quả') + 1).filter((s) => !s.startsWith('In lúc'));
			return Array.from({ length: body.length / 5 }, (_, i) => body.slice(i * 5, i * 5 + 5));
		};
		const running = await pagesOf(
			(await print(game, 'ket-qua', undefined, organizer(at(5000)))).bytes
		);
		expect(running[0]!.slice(0, 4)).toEqual([
			'HUYỆN ĐOÀN A',
			'KẾT QUẢ TẠM THỜI',
			'Kết quả thử',
			`Ngày thi: ${formatDate(T0)}`
		]);
		expect(rowsOf(running[0]!).map((r) => r[4])).toEqual([
			...Array(4).fill('Còn trên sàn'),
			'Bị loại ở câu 1'
		]);

		await round(10_000, ids.slice(0, 2));
		await round(20_000, ids.slice(1, 2));
		const done = await pagesOf(
			(await print(game, 'ket-qua', undefined, organizer(at(30_000)))).bytes
		);
		expect(done[0]![1]).toBe('KẾT QUẢ');
		const report = await getGameReport(organizer(), game.code);
		const rows = rowsOf(done[0]!);
		expect(rows).toEqual(
			report.order.map((r) => [
				String(r.rank),
				String(r.seat),
				r.name,
				r.unit,
				r.winner ? '★ Rung chuông vàng' : `Bị loại ở câu ${r.fellAt! + 1}`
			])
		);
		expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([
			['1', 'Trần Thị Bích', '★ Rung chuông vàng'],
			['2', 'Lê Văn Ánh', 'Bị loại ở câu 3'],
			['3', 'Phạm Đức Chiến', 'Bị loại ở câu 2'],
			['3', 'Đỗ Thu Dung', 'Bị loại ở câu 2'],
			['5', 'Vũ Hải Đăng', 'Bị loại ở câu 1']
		]);
		expect(done[0]!.at(-1)).toBe('In lúc 09:00 ngày 26/11/2026 từ Gương Sáng.');
	});
});

describe('who may print', () => {
	it('only those who may host the game; others get 404, nobody signed in 401', async () => {
		const game = await newGame('phones', 'Quyền in');
		for (const kind of ['ap-phich', 'the-du-thi', 'the-dap-an', 'ket-qua']) {
			expect(
				await statusOf(print(game, kind, undefined, ctxFor(database, tree.siblingOrganizer, T0)))
			).toBe(404);
			expect(await statusOf(print(game, kind, undefined, ctxFor(database, tree.member, T0)))).toBe(
				404
			);
			expect(await statusOf(print(game, kind, undefined, ctxFor(database, null, T0)))).toBe(401);
		}
	});
});
