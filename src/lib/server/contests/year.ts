// What the year-end report takes from contests: each contest held in the period, organized within
// the subtree or above it, with the subtree's participation as the participation report gives it.
import { and, asc, count, eq, like, or, sql } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { contestRounds, contests, units } from '../db/schema';
import { participationFigures } from './boards';

/** Published contests with a round in [start, end), and how many of their rounds fall in it. */
async function listContestsHeld(db: Db, unitPath: string, start: Date, end: Date) {
	return db
		.select({
			id: contests.id,
			title: contests.title,
			unitPath: contests.unitPath,
			unitName: units.name,
			rounds: count(contestRounds.id)
		})
		.from(contests)
		.innerJoin(units, eq(units.id, contests.unitId))
		.innerJoin(contestRounds, eq(contestRounds.contestId, contests.id))
		.where(
			and(
				eq(contests.draft, false),
				or(
					like(contests.unitPath, `${escapeLike(unitPath)}%`),
					sql`${unitPath} like ${contests.unitPath} || '%'`
				),
				sql`${contestRounds.opensAt} < ${end.toISOString()}::timestamptz`,
				sql`${contestRounds.closesAt} > ${start.toISOString()}::timestamptz`
			)
		)
		.groupBy(contests.id, contests.title, contests.unitPath, units.name, units.depth)
		.orderBy(asc(units.depth), asc(contests.id));
}

/**
 * Each contest's participation over the whole contest, counted in the narrower of the subtree
 * and the contest's own reach: a district's contest in a province's report counts against the
 * district's members, a province's contest in a district's report against the district's.
 */
export async function contestsForReport(db: Db, unitPath: string, start: Date, end: Date) {
	const held = await listContestsHeld(db, unitPath, start, end);
	return Promise.all(
		held.map(async (c) => {
			const root = c.unitPath.startsWith(unitPath) ? c.unitPath : unitPath;
			const figures = await participationFigures(db, c.id, null, root);
			const top = figures.rows[0];
			return {
				id: c.id,
				title: c.title,
				organizer: c.unitName,
				rounds: c.rounds,
				participants: top?.participants ?? 0,
				members: top?.memberCount ?? 0,
				rate: top?.rate ?? null,
				share: top?.share ?? '',
				units: figures.rows,
				byRate: figures.rankings.byRate
			};
		})
	);
}
