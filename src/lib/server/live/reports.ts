import type { Ctx } from '../context';
import { requireActor } from '../auth/policy';
import { table, type ExportBook } from '../files/export';
import { loadHosted } from './access';
import * as repo from './repo';
import { finalStandings } from './standings';
import { currentSnapshot, viewFor } from './view';

/**
 * The host console: what the public sees (no answer keys) with every player, and per question
 * what was answered so far.
 */
export async function getHostView(ctx: Ctx, code: string) {
	const actor = requireActor(ctx);
	const game = await loadHosted(ctx.db, actor, code);
	const [snapshot, stats] = await Promise.all([
		currentSnapshot(ctx.db, game),
		repo.questionStats(ctx.db, game.id)
	]);
	return {
		snapshot: viewFor(snapshot, 'host', ctx.now),
		questions: openedQuestions(stats)
	};
}

/** The questions opened so far; a rescue question is named by its place among them ("Cứu trợ 1"). */
function openedQuestions(stats: Awaited<ReturnType<typeof repo.questionStats>>) {
	const mainCount = stats.filter((q) => !q.rescue).length;
	return stats
		.filter((q) => q.openedAt !== null)
		.map((q) => ({
			...q,
			number: q.rescue ? q.position - mainCount + 1 : q.position + 1,
			label: q.rescue ? `Cứu trợ ${q.position - mainCount + 1}` : `Câu ${q.position + 1}`
		}));
}

/**
 * After (or during) a game: per question what was answered, right and who fell, and the
 * final order of every player. Only the questions already opened are listed.
 */
export async function getGameReport(ctx: Ctx, code: string) {
	const actor = requireActor(ctx);
	const game = await loadHosted(ctx.db, actor, code);
	const [stats, players] = await Promise.all([
		repo.questionStats(ctx.db, game.id),
		repo.listPlayers(ctx.db, game.id)
	]);
	return { game, questions: openedQuestions(stats), order: finalStandings(game, players) };
}

/**
 * The report as an Excel workbook: final order with the question at which each fell, then the
 * statistics per question played, rescue questions marked as such.
 */
export async function exportGameReport(ctx: Ctx, code: string): Promise<ExportBook> {
	const report = await getGameReport(ctx, code);
	const whiteboard = report.game.mode === 'whiteboard';
	return {
		filename: `rung-chuong-vang-${report.game.code}`,
		personalData: { what: `Kết quả Rung chuông vàng ${report.game.title}` },
		sheets: [
			table(
				'Kết quả',
				[
					{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
					{ header: 'Số báo danh', kind: 'number', grouping: false, value: (r) => r.seat },
					{ header: 'Họ và tên', kind: 'text', value: (r) => r.name },
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.unit },
					{ header: 'Rung chuông vàng', kind: 'text', value: (r) => (r.winner ? 'Có' : '') },
					{
						header: 'Bị loại ở câu',
						kind: 'number',
						value: (r) => (r.winner || r.fellAt === null ? null : r.fellAt + 1)
					}
				],
				report.order
			),
			table(
				'Thống kê theo câu',
				[
					{ header: 'Câu', kind: 'text', value: (q) => q.label },
					{
						header: 'Loại',
						kind: 'text',
						value: (q) => (q.rescue ? 'Cứu trợ' : q.golden ? 'Chuông vàng' : 'Thường')
					},
					{ header: 'Câu hỏi', kind: 'text', value: (q) => q.prompt },
					{ header: 'Trả lời', kind: 'number', value: (q) => (whiteboard ? null : q.answered) },
					{ header: 'Đúng', kind: 'number', value: (q) => q.right },
					{ header: 'Bị loại', kind: 'number', value: (q) => (q.rescue ? null : q.fell) },
					{ header: 'Trở lại sàn', kind: 'number', value: (q) => (q.rescue ? q.right : null) }
				],
				report.questions
			)
		]
	};
}
