// What the year-end report takes from live games: those held (started) in the period within the
// subtree, with their players and winners as the game's own report ranks them.
import { and, asc, eq, gte, like, lt } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { liveGames, units } from '../db/schema';
import * as repo from './repo';
import { finalStandings } from './standings';

export async function gamesForReport(db: Db, unitPath: string, start: Date, end: Date) {
	const games = await db
		.select({
			id: liveGames.id,
			code: liveGames.code,
			title: liveGames.title,
			state: liveGames.state,
			startedAt: liveGames.startedAt,
			unitName: units.name
		})
		.from(liveGames)
		.innerJoin(units, eq(units.id, liveGames.unitId))
		.where(
			and(
				like(liveGames.unitPath, `${escapeLike(unitPath)}%`),
				gte(liveGames.startedAt, start),
				lt(liveGames.startedAt, end)
			)
		)
		.orderBy(asc(liveGames.startedAt), asc(liveGames.id));
	return Promise.all(
		games.map(async (g) => {
			const standings = finalStandings(g, await repo.listPlayers(db, g.id));
			const winners = standings.filter((s) => s.winner);
			return {
				...g,
				startedAt: g.startedAt!,
				finished: g.state === 'finished',
				players: standings.length,
				winners: winners.map((w) => w.name)
			};
		})
	);
}
