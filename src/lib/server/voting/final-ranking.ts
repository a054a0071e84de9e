// Where judging meets the public vote. Voting depends on judging (never the reverse): it guards
// the shortlist while a vote runs on it, and weighs the jury's results against the tally.
import { combineJuryAndPublic, getJuryResults, shortlistMarking } from '../judging';
import { resultStanding } from '$lib/shared/voting';
import type { Ctx } from '../context';
import * as repo from './repo';
import { isFrozen } from './rules';

/** Marks the shortlist, refused while a public vote holds it (judging's use case, voting's guard). */
export const markShortlist = shortlistMarking(async (db, campaignId, now) => {
	const poll = await repo.findCampaignPoll(db, campaignId);
	return poll && isFrozen(poll, now) ? poll.title : null;
});

/**
 * The final ranking of the shortlist: the jury's score and the public vote of the campaign's
 * poll, weighed by the organizer's shares; provisional while the poll is open or short of
 * the organizer's minimum of ballots.
 */
export async function getFinalRanking(ctx: Ctx, campaignId: number) {
	const jury = await getJuryResults(ctx, campaignId);
	const poll = await repo.findCampaignPoll(ctx.db, campaignId);
	if (!jury || !poll) return null;
	const { panel, results } = jury;
	const [options, tally] = await Promise.all([
		repo.listOptions(ctx.db, poll.id),
		repo.countVotes(ctx.db, poll.id)
	]);
	const votesOf = new Map(
		options.flatMap((o) =>
			o.nominationId === null ? [] : [[o.nominationId, tally.votes.get(o.id) ?? 0] as const]
		)
	);
	return {
		poll: {
			...poll,
			counted: tally.counted,
			standing: resultStanding(poll, tally.counted, ctx.now)
		},
		juryWeight: panel.juryWeight,
		categories: results
			.map((category) => ({
				categoryId: category.categoryId,
				categoryName: category.categoryName,
				rows: combineJuryAndPublic(
					category.rows
						.filter((r) => votesOf.has(r.nominationId))
						.map((r) => ({
							nominationId: r.nominationId,
							name: r.name,
							juryScore: r.score,
							scale: category.scale,
							votes: votesOf.get(r.nominationId)!
						})),
					panel.juryWeight
				)
			}))
			.filter((c) => c.rows.length > 0)
	};
}
