import { liveGameSchema } from '$lib/schemas/live';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '$lib/shared/live';
import { administeredPaths, authorize, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import { conflict, invalid } from '../errors';
import { findQuestionsByIds, questionsWhere, shuffledOrder } from '../questions';
import { findActiveUnit } from '../units';
import { defineUseCase } from '../usecase';
import * as repo from './repo';
import { joinCodeFrom } from './rules';

export async function listGames(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listGames(ctx.db, administeredPaths(actor));
}

/** Approved questions of the bank the host may put in a game, newest first. */
export async function listBankQuestions(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await questionsWhere(ctx.db, {
		withinPaths: administeredPaths(actor),
		status: 'approved',
		limit: 300
	});
	return rows.map((q) => ({ id: q.id, prompt: q.prompt, type: q.type, topic: q.topic }));
}

/** Each question once, where it first came, with its own time or else `fallback`. */
function timedQuestions(
	ids: number[],
	seconds: (number | undefined)[] | undefined,
	fallback: number
): { questionId: number; seconds: number }[] {
	const timed: { questionId: number; seconds: number }[] = [];
	ids.forEach((questionId, i) => {
		if (!timed.some((q) => q.questionId === questionId))
			timed.push({ questionId, seconds: seconds?.[i] ?? fallback });
	});
	return timed;
}

/**
 * Creates a game in its lobby. Each question's options get an order of their own, drawn here
 * and kept: the screen, the phones and the answers all use it, so where the bank put the right
 * answer tells the hall nothing.
 */
export const createGame = defineUseCase({
	name: 'live.create',
	input: liveGameSchema,
	load: async ({ db }, input) => {
		const unit = await findActiveUnit(db, input.unitId);
		if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
		return unit;
	},
	authorize: (_actor, unit) => ({
		action: 'live.host',
		resource: { kind: 'unit', path: unit.path }
	}),
	run: async ({ db, actor }, input, unit) => {
		const main = timedQuestions(input.questionIds, input.questionSeconds, input.seconds);
		const rescue = timedQuestions(
			input.rescueQuestionIds ?? [],
			input.rescueQuestionSeconds,
			input.rescueSeconds ?? input.seconds
		);
		const ids = main.map((q) => q.questionId);
		const rescueIds = rescue.map((q) => q.questionId);
		if (rescueIds.some((id) => ids.includes(id)))
			throw invalid('Câu hỏi cứu trợ phải khác các câu hỏi chính.', {
				rescueQuestionIds: ['Câu hỏi cứu trợ không được trùng với câu hỏi chính.']
			});
		const found = await findQuestionsByIds(db, [...ids, ...rescueIds]);
		// The bank of the organizing unit, of units below it or of those above it; approved only.
		const usable = new Set(
			found
				.filter(
					(q) =>
						q.status === 'approved' &&
						(q.unitPath.startsWith(unit.path) || unit.path.startsWith(q.unitPath))
				)
				.map((q) => q.id)
		);
		for (const [field, list] of [
			['questionIds', ids],
			['rescueQuestionIds', rescueIds]
		] as const) {
			const missing = list.filter((id) => !usable.has(id));
			if (missing.length)
				throw invalid('Có câu hỏi không dùng được.', {
					[field]: [`Câu hỏi ${missing.join(', ')} chưa được duyệt hoặc không thuộc ngân hàng này.`]
				});
		}
		const optionCounts = new Map(found.map((q) => [q.id, q.options.length]));
		const ordered = (q: { questionId: number; seconds: number }) => ({
			...q,
			optionOrder: shuffledOrder(optionCounts.get(q.questionId)!, Math.random)
		});
		if (input.goldenBellNumber !== undefined && input.goldenBellNumber > ids.length)
			throw invalid('Câu hỏi chuông vàng không hợp lệ.', {
				goldenBellNumber: [`Trò chơi chỉ có ${ids.length} câu hỏi.`]
			});
		for (let attempt = 0; ; attempt++) {
			const bytes = new Uint8Array(JOIN_CODE_LENGTH);
			crypto.getRandomValues(bytes);
			const code = joinCodeFrom(bytes, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);
			if (await repo.findGameByCode(db, code)) {
				if (attempt > 5) throw conflict('Không tạo được mã tham gia, vui lòng thử lại.');
				continue;
			}
			const game = await repo.insertGame(
				db,
				{
					code,
					title: input.title,
					mode: input.mode,
					unitId: unit.id,
					unitPath: unit.path,
					rescueWhenAtMost: input.rescueWhenAtMost,
					rescueMaxUses: input.rescueMaxUses,
					goldenBellIndex: input.goldenBellNumber === undefined ? null : input.goldenBellNumber - 1,
					goldenBellWhenAtMost: input.goldenBellWhenAtMost ?? null,
					createdById: actor.id
				},
				main.map(ordered),
				rescue.map(ordered)
			);
			const summary = {
				questions: ids.length,
				seconds: main.map((q) => q.seconds),
				rescueQuestions: rescueIds.length
			};
			return { game, summary };
		}
	},
	audit: ({ game, summary }) => ({
		entityType: 'live_game',
		entityId: game.id,
		unitPath: game.unitPath,
		after: { code: game.code, title: game.title, ...summary }
	}),
	present: ({ game }) => game
});
