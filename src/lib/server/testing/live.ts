import type { LiveGameInput } from '$lib/schemas/live';
import type { Ctx } from '../context';
import { createGame } from '../live';

/**
 * A game on phones of `unitId` with these questions, 20 s each, no rescue and no golden bell;
 * `options` set the rest as the host's form would.
 */
export function makeGame(
	ctx: Ctx,
	unitId: number,
	questionIds: number[],
	options: Partial<LiveGameInput> = {}
) {
	return createGame(ctx, {
		unitId,
		title: 'Rung chuông vàng thử',
		mode: 'phones',
		questionIds,
		seconds: 20,
		rescueWhenAtMost: 0,
		rescueMaxUses: 0,
		goldenBellNumber: undefined,
		goldenBellWhenAtMost: undefined,
		...options
	});
}
