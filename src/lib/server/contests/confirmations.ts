// What an organizer is told before a contest step that cannot be undone: the questions a round
// locks, the prizes and messages publishing gives, the player whose result is voided.
import type { Contest, ContestPlayer, ContestRound } from '../db/schema';
import { conflict, notFound } from '../errors';
import { drawablePool } from '../questions';
import type { Db } from '../db/client';
import type { Confirmation, Scope } from '../usecase';
import * as repo from './repo';
import { assignPrizes, roundPhase } from './rules';

type Loaded = { round: ContestRound; contest: Contest };

/** The approved, sourced questions a round would lock, refused when too few. */
export async function roundPool(db: Db, { round, contest }: Loaded) {
	if (round.lockedAt) throw conflict('Tuần thi đã được mở trước đó.');
	if (contest.draft) throw conflict('Hãy công bố cuộc thi trước khi mở tuần thi.');
	const pool = await drawablePool(db, {
		withinPath: contest.unitPath,
		topics: round.topics,
		difficulties: round.difficulties
	});
	if (pool.length < round.questionCount)
		throw conflict(
			`Ngân hàng chỉ có ${pool.length} câu hỏi đã duyệt, có nguồn và đúng chủ đề, mức độ; tuần thi cần ít nhất ${round.questionCount} câu.`
		);
	return pool;
}

/** A closed round's winners by its prize tiers (refused before it closes or once published). */
export async function roundWinners(db: Db, { round, contest }: Loaded, now: Date) {
	if (roundPhase(round, now) !== 'closed')
		throw conflict('Chỉ công bố giải sau khi tuần thi kết thúc.');
	if (round.winnersPublishedAt) throw conflict('Đã công bố giải của tuần thi này.');
	const total = round.prizeTiers.reduce((n, t) => n + t.count, 0);
	const actual = await repo.actualFigure(db, round, contest.predictionKind);
	const top = await repo.topOfRound(db, round.id, contest.tieBreaks, actual, { limit: total });
	return { winners: assignPrizes(top, round.prizeTiers), actual };
}

export async function confirmOpenRound(
	{ db }: Scope,
	_input: unknown,
	loaded: Loaded
): Promise<Confirmation> {
	const pool = await roundPool(db, loaded);
	return {
		title: 'Mở tuần thi?',
		summary: `Mở “${loaded.round.title}” với bộ ${pool.length} câu hỏi; mỗi lượt thi rút ${loaded.round.questionCount} câu.`,
		details: ['Các câu hỏi trong bộ được khoá: không sửa, không ngừng dùng được nữa.']
	};
}

export async function confirmPublish(
	{ db, now }: Scope,
	_input: unknown,
	loaded: Loaded
): Promise<Confirmation> {
	const { winners, actual } = await roundWinners(db, loaded, now);
	const { round, contest } = loaded;
	const mailed = await repo.subscribedResults(db, round.id, contest.tieBreaks, actual);
	const tiers = round.prizeTiers
		.map((t) => `${t.label}: ${winners.filter((w) => w.tier === t.label).length}`)
		.join('; ');
	return {
		title: 'Công bố giải?',
		summary: `Công bố ${winners.length} giải của “${round.title}” (${tiers || 'không có giải'}); ${mailed.length} người dự thi đã đăng ký sẽ nhận kết quả qua email.`,
		details: ['Danh sách đoạt giải đã công bố không thay đổi được.']
	};
}

export async function confirmVoid(
	_scope: Scope,
	input: { reason: string },
	{ contest, player }: { contest: Contest; player: ContestPlayer | null }
): Promise<Confirmation> {
	if (!player || player.contestId !== contest.id) throw notFound('Không tìm thấy người dự thi.');
	if (player.voidedAt) throw conflict('Kết quả của người này đã bị huỷ trước đó.');
	return {
		title: 'Huỷ kết quả người dự thi?',
		summary: `Mọi lượt thi của ${player.fullName} trong “${contest.title}” sẽ bị huỷ, với lý do: “${input.reason}”.`,
		details: ['Người này bị loại khỏi bảng xếp hạng và giải thưởng; không khôi phục được.']
	};
}
