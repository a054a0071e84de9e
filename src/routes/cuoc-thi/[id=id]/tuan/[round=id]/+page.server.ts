import { error } from '@sveltejs/kit';
import {
	getLeaderboard,
	getOverallLeaderboard,
	playCtxOf,
	roundBoardPending
} from '$lib/server/contests';
import { listUnitChoices } from '$lib/server/units';
import { getDatabase } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import { reportOptions } from '$lib/shared/contest-labels';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = playCtxOf(event);
	const roundId = Number(event.params.round);
	// Before the round closes its board is secret: the page says what it will hold, and when.
	const pending = await orErrorPage(roundBoardPending(ctx, roundId));
	if (pending) {
		if (pending.contestId !== Number(event.params.id)) error(404, 'Không tìm thấy tuần thi.');
		return {
			contestId: pending.contestId,
			pending,
			board: null,
			overall: [],
			units: [],
			unitId: null
		};
	}
	const { unitId } = reportOptions(event.url);
	const [board, overall, units] = await orErrorPage(
		Promise.all([
			getLeaderboard(ctx, roundId, { withinUnitId: unitId, contestId: Number(event.params.id) }),
			getOverallLeaderboard(ctx, Number(event.params.id)),
			listUnitChoices(getDatabase().db)
		])
	);
	return {
		contestId: Number(event.params.id),
		pending: null,
		board,
		overall,
		units,
		unitId: unitId ?? null
	};
};
