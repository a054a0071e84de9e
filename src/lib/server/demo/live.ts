import type { Ctx } from '../context';
import { createGame } from '../live';
import { questionsWhere } from '../questions';
import { findActiveUnit } from '../units';
import { demoQuestions } from './contest';

export const DEMO_LIVE_TITLE = 'Rung chuông vàng — Tìm hiểu lịch sử Đoàn';

/**
 * The demo live game, in its lobby: the first single-choice questions of the demo bank (the
 * contest's, already approved), 20 s each, one rescue when at most 2 stand; the next two are
 * set aside as rescue questions (30 s).
 */
export async function seedDemoLiveGame(ctx: Ctx, unitId: number) {
	const unit = (await findActiveUnit(ctx.db, unitId))!;
	const prompts = demoQuestions
		.filter((q) => q.type === 'single' || q.type === 'true_false')
		.map((q) => q.prompt);
	const bank = await questionsWhere(ctx.db, { withinPaths: [unit.path], status: 'approved' });
	const ids = prompts.map((prompt) => bank.find((q) => q.prompt === prompt)!.id);
	return createGame(ctx, {
		unitId,
		title: DEMO_LIVE_TITLE,
		mode: 'phones',
		questionIds: ids.slice(0, 6),
		seconds: 20,
		rescueQuestionIds: ids.slice(6, 8),
		rescueSeconds: 30,
		rescueWhenAtMost: 2,
		rescueMaxUses: 1,
		goldenBellNumber: undefined,
		goldenBellWhenAtMost: undefined
	});
}
