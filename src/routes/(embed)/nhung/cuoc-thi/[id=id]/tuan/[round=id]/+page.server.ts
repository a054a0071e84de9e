import { getLeaderboard, getPublicRoundHeading, roundBoardPending } from '$lib/server/contests';
import { allowFraming, framingOf } from '$lib/server/embeds';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/** How many places the frame shows; the whole board is one link away. */
const FRAME_ROWS = 20;

/**
 * A round's board for a portal, read as an anonymous visitor (no session, no guest cookie): a
 * draft contest is not found, and before the round closes the frame says when its board opens.
 */
export const load: PageServerLoad = async (event) => {
	const visitor = { ...ctxOf(event), actor: null };
	const contestId = Number(event.params.id);
	const roundId = Number(event.params.round);
	const { contest, round } = await orErrorPage(getPublicRoundHeading(visitor, contestId, roundId));
	allowFraming(event, await framingOf(visitor, contest.unitPath));
	const pending = await orErrorPage(roundBoardPending(visitor, roundId));
	const board = pending
		? null
		: await orErrorPage(getLeaderboard(visitor, roundId, { contestId, limit: FRAME_ROWS }));
	return {
		contest: { id: contest.id, title: contest.title, unitName: contest.unitName },
		round,
		pending,
		board: board && { actual: board.actual, rows: board.rows, winners: board.winners }
	};
};
