// "Sao chép": a game's rules and questions as the create form's fields, so the organizer makes
// next year's game (or the next round's) from it, checks it and creates it as any other.
import { bumpYears } from '$lib/shared/text';
import { requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import { loadHosted } from './access';
import * as repo from './repo';

export async function copyGameFields(ctx: Ctx, code: string) {
	const game = await loadHosted(ctx.db, requireActor(ctx), code);
	const questions = await repo.listGameQuestions(ctx.db, game.id);
	const main = questions.filter((q) => !q.rescue);
	const fields: Record<string, string> = {
		unitId: String(game.unitId),
		title: bumpYears(game.title),
		mode: game.mode,
		rescueWhenAtMost: String(game.rescueWhenAtMost),
		rescueMaxUses: String(game.rescueMaxUses),
		goldenBellNumber: game.goldenBellIndex === null ? '' : String(game.goldenBellIndex + 1),
		goldenBellWhenAtMost:
			game.goldenBellWhenAtMost === null ? '' : String(game.goldenBellWhenAtMost)
	};
	if (main[0]) fields.seconds = String(main[0].seconds);
	main.forEach((q, i) => {
		fields[`order.${q.questionId}`] = String(i + 1);
		fields[`seconds.${q.questionId}`] = String(q.seconds);
	});
	for (const q of questions.filter((q) => q.rescue)) {
		fields[`rescue.${q.questionId}`] = 'on';
		fields[`seconds.${q.questionId}`] = String(q.seconds);
	}
	return { from: game.title, fields, questionIds: questions.map((q) => q.questionId) };
}
