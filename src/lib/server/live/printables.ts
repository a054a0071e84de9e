/**
 * The hall's printables as PDFs: join poster, seat cards, A/B/C/D answer cards and the results
 * sheet. Each is authorised as the console is (`loadHosted`: anyone else gets 404) and the
 * results come from the game report, so paper, screen and Excel agree.
 */
import type { PrintableInput } from '$lib/schemas/live-print';
import { formatAtDateTime, formatDate } from '$lib/shared/format';
import { requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import { conflict, invalid } from '../errors';
import { findUnitsByIds } from '../units';
import { loadHosted } from './access';
import { renderAnswerCards, renderPoster } from './print-hall';
import { renderResults, renderSeatCards } from './print-sheets';
import { getGameReport } from './reports';
import * as repo from './repo';

export interface Printable {
	bytes: Uint8Array;
	filename: string;
}

const NO_PLAYERS = 'Chưa có người chơi nào để in thẻ số báo danh.';
const NOT_STARTED = 'Trò chơi chưa bắt đầu nên chưa có kết quả để in.';
const WHITEBOARD_ONLY = 'Thẻ đáp án A/B/C/D chỉ dùng ở chế độ bảng trắng.';

/** One printable of a game the actor hosts; `joinUrl` is the link as the console builds it. */
export async function printable(
	ctx: Ctx,
	code: string,
	input: PrintableInput,
	joinUrl: string
): Promise<Printable> {
	const game = await loadHosted(ctx.db, requireActor(ctx), code);
	const name = (what: string) => `rung-chuong-vang-${game.code}-${what}.pdf`;
	switch (input.kind) {
		case 'ap-phich':
			return {
				bytes: await renderPoster({
					title: game.title,
					code: game.code,
					joinUrl,
					typeAddress: joinUrl.slice(0, joinUrl.lastIndexOf('/'))
				}),
				filename: name('ap-phich')
			};
		case 'the-du-thi': {
			const players = (await repo.listPlayers(ctx.db, game.id)).filter(
				(p) => p.status !== 'kicked'
			);
			if (players.length === 0) throw conflict(NO_PLAYERS);
			const cards = players.map((p) => ({ seat: p.seat, name: p.displayName, unit: p.unitName }));
			return { bytes: await renderSeatCards(game.title, cards), filename: name('the-du-thi') };
		}
		case 'the-dap-an': {
			if (game.mode !== 'whiteboard') throw conflict(WHITEBOARD_ONLY);
			const seat = input.seat ?? null;
			if (seat !== null) {
				const seats = (await repo.listPlayers(ctx.db, game.id)).filter(
					(p) => p.status !== 'kicked'
				);
				if (!seats.some((p) => p.seat === seat))
					throw invalid(`Không có số báo danh ${seat} trong trò chơi này.`);
			}
			return {
				bytes: await renderAnswerCards(game.title, seat),
				filename: name(seat === null ? 'the-dap-an' : `the-dap-an-sbd-${seat}`)
			};
		}
		case 'ket-qua':
			return { bytes: await resultsSheet(ctx, code), filename: name('ket-qua') };
	}
}

async function resultsSheet(ctx: Ctx, code: string) {
	const report = await getGameReport(ctx, code);
	const { game } = report;
	if (game.startedAt === null) throw conflict(NOT_STARTED);
	const finished = game.state === 'finished';
	const [unit] = await findUnitsByIds(ctx.db, [game.unitId]);
	return renderResults({
		issuer: unit?.name ?? '',
		title: game.title,
		heading: finished ? 'KẾT QUẢ' : 'KẾT QUẢ TẠM THỜI',
		dateLine: `Ngày thi: ${formatDate(game.startedAt)}`,
		printedLine: `In ${formatAtDateTime(ctx.now)} từ Gương Sáng.`,
		rows: report.order.map((r) => ({
			rank: r.rank,
			seat: r.seat,
			name: r.name,
			unit: r.unit,
			// While the game runs, those standing have not won yet.
			winner: finished && r.winner,
			outcome:
				finished && r.winner
					? '★ Rung chuông vàng'
					: r.fellAt === null
						? 'Còn trên sàn'
						: `Bị loại ở câu ${r.fellAt + 1}`
		}))
	});
}
