/** Leaderboards, the participation report and their Excel exports: reads only. */
import { formatNumber, formatShare } from '$lib/shared/format';
import { authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { ContestRound } from '../db/schema';
import { conflict, notFound } from '../errors';
import { table, type Column, type ExportBook } from '../files/export';
import { findActiveUnit } from '../units';
import {
	closeExpiredAttempts,
	contestResource,
	loadContest,
	loadManaged,
	loadRound,
	publicRound,
	refuseDraft,
	takerOf,
	type PlayCtx
} from './access';
import * as repo from './repo';
import { rankUnits, rollUpParticipation, roundPhase } from './rules';

/**
 * @public What the round's page shows before its board is public: the round (title, when it
 * closes), so the page can say what it will hold and when; null when the board may be shown.
 */
export async function roundBoardPending(ctx: PlayCtx, roundId: number) {
	const { round, contest } = await loadRound(ctx.db, roundId);
	if (can(ctx.actor, 'contest.manage', contestResource(contest))) return null;
	refuseDraft(ctx.actor, contest);
	const phase = roundPhase(round, ctx.now);
	if (phase === 'closed') return null;
	if (phase === 'draft') throw notFound('Không tìm thấy tuần thi.');
	return { round: publicRound(round, ctx.now), contestId: contest.id, contestTitle: contest.title };
}

/**
 * @public What a round's board is titled and who organizes it, as the public may read it: the
 * contest (title, organizing unit, whose path says which portals may frame the board) and the
 * round. A draft contest or an unopened round is not found, nor a round under another contest.
 */
export async function getPublicRoundHeading(ctx: Ctx, contestId: number, roundId: number) {
	const { round, contest } = await loadRound(ctx.db, roundId);
	if (contest.id !== contestId) throw notFound('Không tìm thấy tuần thi.');
	refuseDraft(ctx.actor, contest);
	const manager = can(ctx.actor, 'contest.manage', contestResource(contest));
	if (!manager && roundPhase(round, ctx.now) === 'draft')
		throw notFound('Không tìm thấy tuần thi.');
	const unit = await findActiveUnit(ctx.db, contest.unitId);
	return {
		contest: {
			id: contest.id,
			title: contest.title,
			unitPath: contest.unitPath,
			unitName: unit?.name ?? null
		},
		round: { id: round.id, title: round.title }
	};
}

/**
 * @public A round's leaderboard is public once the round has closed (scores are secret until
 * then, checked here), and open to its organizers at any time. With `withinUnitId`, the leaderboard of one unit's subtree.
 * The viewer's own rank comes with it even when far down.
 */
export async function getLeaderboard(
	ctx: PlayCtx,
	roundId: number,
	options: { limit?: number; withinUnitId?: number; contestId?: number } = {}
) {
	const { round, contest } = await loadRound(ctx.db, roundId);
	// A round's board lives under its own contest's address only.
	if (options.contestId !== undefined && contest.id !== options.contestId)
		throw notFound('Không tìm thấy tuần thi.');
	refuseDraft(ctx.actor, contest);
	const manager = can(ctx.actor, 'contest.manage', contestResource(contest));
	if (!manager && roundPhase(round, ctx.now) !== 'closed')
		throw conflict('Bảng xếp hạng được công bố sau khi tuần thi kết thúc.');
	const unit = options.withinUnitId ? await findActiveUnit(ctx.db, options.withinUnitId) : null;
	await closeExpiredAttempts(ctx.db, round, ctx.now);
	const actual = await repo.actualFigure(ctx.db, round, contest.predictionKind);
	const top = await repo.topOfRound(ctx.db, round.id, contest.tieBreaks, actual, {
		limit: Math.min(options.limit ?? 100, 500),
		withinPath: unit?.path
	});
	const player = await takerOf(ctx.db, ctx, contest);
	const me = player
		? await repo.rankOfPlayer(ctx.db, round.id, player.id, contest.tieBreaks, actual, unit?.path)
		: null;
	return {
		round: publicRound(round, ctx.now),
		actual,
		unitName: unit?.name ?? null,
		rows: top.map((r) => ({ ...r, mine: r.playerId === player?.id })),
		me,
		winners: await repo.winnersOf(ctx.db, round.id)
	};
}

/** @public The overall leaderboard counts closed rounds only, so it holds no secret score. */
export async function getOverallLeaderboard(ctx: Ctx, contestId: number) {
	refuseDraft(ctx.actor, await loadContest(ctx.db, contestId));
	return (await overallBoard(ctx, contestId, 100)).rows;
}

async function overallBoard(ctx: Ctx, contestId: number, limit: number) {
	const rounds = await repo.listRounds(ctx.db, contestId);
	const closed = rounds.filter((r) => roundPhase(r, ctx.now) === 'closed');
	// Attempts left running at the close count too, as on each round's board.
	for (const r of closed) await closeExpiredAttempts(ctx.db, r, ctx.now);
	const rows = await repo.overallTop(
		ctx.db,
		closed.map((r) => r.id),
		limit
	);
	return { closed, rows };
}

/**
 * Participation per unit of the organizer's reach: participants against member count, rolled
 * up the tree (each parent = its own + its children), for one round or the whole contest.
 */
export async function participationReport(
	ctx: Ctx,
	contestId: number,
	options: { roundId?: number; unitId?: number } = {}
) {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, contestId);
	authorize(actor, 'contest.manage', contestResource(contest));
	let rootPath = contest.unitPath;
	if (options.unitId) {
		const unit = await findActiveUnit(ctx.db, options.unitId);
		if (!unit || !unit.path.startsWith(contest.unitPath)) throw notFound('Không tìm thấy đơn vị.');
		rootPath = unit.path;
	}
	let round: ContestRound | null = null;
	if (options.roundId) {
		round = await repo.findRound(ctx.db, options.roundId);
		if (!round || round.contestId !== contest.id) throw notFound('Không tìm thấy tuần thi.');
		await closeExpiredAttempts(ctx.db, round, ctx.now);
	}
	return {
		contest: { id: contest.id, title: contest.title },
		round: round ? { id: round.id, title: round.title } : null,
		...(await participationFigures(ctx.db, contest.id, round?.id ?? null, rootPath))
	};
}

/**
 * Participants against members for each unit of a subtree, rolled up the tree, and its first
 * level ranked: the one computation behind the participation report and the year-end report.
 */
export async function participationFigures(
	db: Db,
	contestId: number,
	roundId: number | null,
	rootPath: string
) {
	const [unitRows, counts] = await Promise.all([
		repo.unitsUnder(db, rootPath),
		repo.participantsByUnit(db, contestId, roundId, rootPath)
	]);
	const own = new Map(counts.map((c) => [c.unitId, c.n]));
	const rows = rollUpParticipation(unitRows.map((u) => ({ ...u, own: own.get(u.id) ?? 0 })));
	const rootDepth = rows[0]?.depth ?? 0;
	const rankings = rankUnits(rows.filter((r) => r.depth === rootDepth + 1));
	return {
		rows: rows.map((r) => ({ ...r, share: formatShare(r.participants, r.memberCount) })),
		rankings: {
			byCount: rankings.byCount.map((r) => ({
				id: r.id,
				name: r.name,
				participants: r.participants
			})),
			byRate: rankings.byRate.map((r) => ({ id: r.id, name: r.name, rate: r.rate! }))
		}
	};
}

export async function exportParticipation(
	ctx: Ctx,
	contestId: number,
	options: { roundId?: number; unitId?: number } = {}
): Promise<ExportBook> {
	requireActor(ctx);
	const report = await participationReport(ctx, contestId, options);
	const base = report.rows[0]?.depth ?? 0;
	return {
		filename: `bao-cao-tham-gia-${contestId}${report.round ? `-tuan-${report.round.id}` : ''}`,
		sheets: [
			table(
				'Tham gia',
				[
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.name },
					{ header: 'Mã', kind: 'text', value: (r) => r.code },
					{ header: 'Cấp', kind: 'number', value: (r) => r.depth - base + 1 },
					{ header: 'Số người tham gia', kind: 'number', value: (r) => r.participants },
					{ header: 'Số đoàn viên', kind: 'number', value: (r) => r.memberCount },
					{ header: 'Tỷ lệ', kind: 'percent', value: (r) => r.rate },
					{ header: 'Báo cáo', kind: 'text', value: (r) => r.share }
				],
				report.rows
			)
		]
	};
}

// ---- Downloads of the boards (organizers) ---------------------------------------------------

/** A bound so one download cannot exhaust the server's memory; the file says when it is hit. */
const BOARD_EXPORT_MAX_ROWS = 100_000;

/** The title of a board's file, saying so when it holds only the first places. */
const boardTitle = (title: string, rows: number) =>
	rows >= BOARD_EXPORT_MAX_ROWS
		? `${title} — ${formatNumber(BOARD_EXPORT_MAX_ROWS)} người đứng đầu`
		: title;

/** A row of a board; a winner whose entry was voided since has no figures. */
type BoardRow = Pick<repo.LeaderRow, 'fullName' | 'unitName'> &
	Partial<Pick<repo.LeaderRow, 'correct' | 'prediction' | 'durationMs' | 'finishedAt'>>;

/** The columns of a round's entries, as the board ranks them. */
function entryColumns<R extends BoardRow>(actual: number): Column<R>[] {
	return [
		{ header: 'Họ và tên', kind: 'text', value: (r) => r.fullName },
		{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
		{ header: 'Số câu đúng', kind: 'number', value: (r) => r.correct },
		{ header: 'Dự đoán', kind: 'number', value: (r) => r.prediction },
		{
			header: 'Chênh lệch dự đoán',
			kind: 'number',
			value: (r) => (r.prediction == null ? null : Math.abs(r.prediction - actual))
		},
		{
			header: 'Thời gian làm bài (giây)',
			kind: 'number',
			decimals: 1,
			value: (r) => (r.durationMs == null ? null : r.durationMs / 1000)
		},
		{ header: 'Nộp bài lúc', kind: 'datetime', value: (r) => r.finishedAt }
	];
}

/** A round of the contest that the actor manages, its expired attempts closed, and its figure. */
async function loadManagedRoundBoard(ctx: Ctx, contestId: number, roundId: number) {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, contestId);
	const round = await repo.findRound(ctx.db, roundId);
	if (!round || round.contestId !== contest.id) throw notFound('Không tìm thấy tuần thi.');
	await closeExpiredAttempts(ctx.db, round, ctx.now);
	const actual = await repo.actualFigure(ctx.db, round, contest.predictionKind);
	const closed = roundPhase(round, ctx.now) === 'closed';
	const title =
		`${contest.title} — ${round.title}${closed ? '' : ' (tạm thời: tuần thi chưa kết thúc)'}` +
		` · Số thực tế cho câu hỏi dự đoán: ${formatNumber(actual)}`;
	return { contest, round, actual, title };
}

/** A round's whole leaderboard, with each winner's prize once published. */
export async function exportRoundLeaderboard(
	ctx: Ctx,
	contestId: number,
	roundId: number
): Promise<ExportBook> {
	const { contest, round, actual, title } = await loadManagedRoundBoard(ctx, contestId, roundId);
	const [rows, winners] = await Promise.all([
		repo.topOfRound(ctx.db, round.id, contest.tieBreaks, actual, { limit: BOARD_EXPORT_MAX_ROWS }),
		repo.winnersOf(ctx.db, round.id)
	]);
	const prizes = new Map(winners.map((w) => [w.playerId, w.tier]));
	const columns: Column<repo.LeaderRow>[] = [
		{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
		...entryColumns<repo.LeaderRow>(actual),
		{ header: 'Giải', kind: 'text', value: (r) => prizes.get(r.playerId) ?? '' }
	];
	return {
		filename: `bang-xep-hang-cuoc-thi-${contest.id}-tuan-${round.id}`,
		personalData: {
			what: `Bảng xếp hạng ${round.title} — ${contest.title}`,
			unitPath: contest.unitPath
		},
		sheets: [
			table(`Xếp hạng ${round.title}`, columns, rows, { title: boardTitle(title, rows.length) })
		]
	};
}

/** A round's published winners, by prize, with the figures that ranked them. */
export async function exportRoundWinners(
	ctx: Ctx,
	contestId: number,
	roundId: number
): Promise<ExportBook> {
	const { contest, round, actual, title } = await loadManagedRoundBoard(ctx, contestId, roundId);
	if (!round.winnersPublishedAt) throw conflict('Tuần thi này chưa công bố giải.');
	const winners = await repo.winnersOf(ctx.db, round.id);
	// Voiding only removes entries, so a winner is at or above their published rank.
	const entries = await repo.topOfRound(ctx.db, round.id, contest.tieBreaks, actual, {
		limit: Math.max(1, ...winners.map((w) => w.rank))
	});
	const byPlayer = new Map(entries.map((e) => [e.playerId, e]));
	const rows = winners.map((w) => ({ ...byPlayer.get(w.playerId), ...w }));
	const columns: Column<(typeof rows)[number]>[] = [
		{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
		{ header: 'Giải', kind: 'text', value: (r) => r.tier },
		...entryColumns<(typeof rows)[number]>(actual)
	];
	return {
		filename: `danh-sach-dat-giai-cuoc-thi-${contest.id}-tuan-${round.id}`,
		personalData: {
			what: `Danh sách đạt giải ${round.title} — ${contest.title}`,
			unitPath: contest.unitPath
		},
		sheets: [table(`Đạt giải ${round.title}`, columns, rows, { title })]
	};
}

/** The overall board over the closed rounds, in full. */
export async function exportOverallLeaderboard(ctx: Ctx, contestId: number): Promise<ExportBook> {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, contestId);
	const { closed, rows } = await overallBoard(ctx, contest.id, BOARD_EXPORT_MAX_ROWS);
	const rounds = closed.map((r) => r.title).join(', ') || 'chưa có tuần nào kết thúc';
	return {
		filename: `bang-xep-hang-tong-cuoc-thi-${contest.id}`,
		personalData: { what: `Bảng xếp hạng tổng — ${contest.title}`, unitPath: contest.unitPath },
		sheets: [
			table(
				'Bảng tổng',
				[
					{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
					{ header: 'Họ và tên', kind: 'text', value: (r) => r.fullName },
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
					{ header: 'Tổng số câu đúng', kind: 'number', value: (r) => r.correct },
					{
						header: 'Tổng thời gian làm bài (giây)',
						kind: 'number',
						decimals: 1,
						value: (r) => r.durationMs / 1000
					}
				],
				rows,
				{
					title: boardTitle(
						`${contest.title} — Bảng tổng các tuần đã kết thúc (${rounds})`,
						rows.length
					)
				}
			)
		]
	};
}
