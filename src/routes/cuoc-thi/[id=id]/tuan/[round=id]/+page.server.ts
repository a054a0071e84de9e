import {
	getLeaderboard,
	getOverallLeaderboard,
	getPublicRoundHeading,
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
	const contestId = Number(event.params.id);
	const roundId = Number(event.params.round);
	// The round must be this contest's; a draft contest or an unopened round is not found.
	const { contest } = await orErrorPage(getPublicRoundHeading(ctx, contestId, roundId));
	const page = { contestId, contestTitle: contest.title, shareUrl: event.url.href };
	// Before the round closes its board is secret: the page says what it will hold, and when.
	const pending = await orErrorPage(roundBoardPending(ctx, roundId));
	if (pending) return { ...page, pending, board: null, overall: [], units: [], unitId: null };
	const { unitId } = reportOptions(event.url);
	const [board, overall, units] = await orErrorPage(
		Promise.all([
			getLeaderboard(ctx, roundId, { withinUnitId: unitId, contestId }),
			getOverallLeaderboard(ctx, contestId),
			listUnitChoices(getDatabase().db)
		])
	);
	return { ...page, pending: null, board, overall, units, unitId: unitId ?? null };
};
