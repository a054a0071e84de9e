/** What a live game keeps of a signed-in player (docs/privacy.md): name shown, unit, seat, status. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { liveGames, livePlayers } from '../db/schema';

export async function livePlayersOf(db: Db, userId: number) {
	return db
		.select({
			id: livePlayers.id,
			gameTitle: liveGames.title,
			displayName: livePlayers.displayName,
			unitName: livePlayers.unitName,
			seat: livePlayers.seat,
			status: livePlayers.status,
			joinedAt: livePlayers.joinedAt
		})
		.from(livePlayers)
		.innerJoin(liveGames, eq(liveGames.id, livePlayers.gameId))
		.where(eq(livePlayers.userId, userId))
		.orderBy(asc(livePlayers.id));
}
