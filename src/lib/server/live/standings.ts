/**
 * The final standings of a game, the one source of every rank shown: the report and its
 * export, the big screen's results and a phone's own rank all read this, so they cannot differ.
 */
import type { LivePlayerStatus } from '$lib/shared/live';
import { finalOrder } from './rules';

export interface StandingPlayer {
	id: number;
	seat: number;
	displayName: string;
	unitName: string;
	status: LivePlayerStatus;
	eliminatedAt: number | null;
}

export interface Standing {
	id: number;
	rank: number;
	winner: boolean;
	seat: number;
	name: string;
	unit: string;
	/** The question (position) of the player's latest fall; null for those never fallen. */
	fellAt: number | null;
}

/** Ranked players, best first; none for a game ended before it started (no hall of winners). */
export function finalStandings(
	game: { startedAt: Date | null },
	players: readonly StandingPlayer[]
): Standing[] {
	if (game.startedAt === null) return [];
	const byId = new Map(players.map((p) => [p.id, p]));
	return finalOrder(players).map((r) => {
		const p = byId.get(r.id)!;
		return {
			...r,
			seat: p.seat,
			name: p.displayName,
			unit: p.unitName,
			fellAt: p.eliminatedAt
		};
	});
}
