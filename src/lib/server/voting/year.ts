// What the year-end report takes from polls: those of the subtree whose window overlaps the
// period, with the counted ballots and votes the poll's own results page shows.
import type { Db } from '../db/client';
import * as repo from './repo';

export async function pollsForReport(db: Db, unitPath: string, start: Date, end: Date) {
	const held = (await repo.listPolls(db, [unitPath]))
		.filter((p) => p.opensAt < end && p.closesAt > start)
		.reverse();
	return Promise.all(
		held.map(async (p) => {
			const counts = await repo.countVotes(db, p.id);
			return {
				id: p.id,
				title: p.title,
				unitName: p.unitName,
				opensAt: p.opensAt,
				closesAt: p.closesAt,
				ballots: counts.counted,
				votes: [...counts.votes.values()].reduce((n, v) => n + v, 0)
			};
		})
	);
}
