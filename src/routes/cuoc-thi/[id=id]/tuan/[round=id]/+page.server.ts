import { error } from '@sveltejs/kit';
import { getLeaderboard, getOverallLeaderboard } from '$lib/server/contests';
import { listUnitChoices } from '$lib/server/units';
import { getDatabase } from '$lib/server/db';
import { playCtxOf } from '$lib/server/contests';
import { orErrorPage } from '$lib/server/http';
import { reportOptions } from '$lib/shared/contest-labels';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = playCtxOf(event);
	const { unitId } = reportOptions(event.url);
	const [board, overall, units] = await orErrorPage(
		Promise.all([
			getLeaderboard(ctx, Number(event.params.round), { withinUnitId: unitId }),
			getOverallLeaderboard(ctx, Number(event.params.id)),
			listUnitChoices(getDatabase().db)
		])
	);
	if (board.round.id !== Number(event.params.round)) error(404, 'Không tìm thấy tuần thi.');
	return { board, overall, units, unitId: unitId ?? null };
};
