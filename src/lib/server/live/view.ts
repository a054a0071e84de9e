/**
 * What screens see of a game. The answer key is added only once the question has closed and
 * been revealed (or the game ended): the one place that decides it, so events and pages agree.
 */
import type { LivePlayerStatus, PublicGame } from '$lib/shared/live';
import type { Db } from '../db/client';
import type { LiveGame } from '../db/schema';
import * as repo from './repo';
import { rescueRefusal } from './rules';
import { finalStandings, type Standing } from './standings';

/** How many players the big screen lists by name; beyond that it shows counts only. */
const LISTED = 200;

export interface PlayerSelf {
	id: number;
	seat: number;
	name: string;
	status: LivePlayerStatus;
	fellAt: number | null;
	/** Once the game is over: the player's place in the final standings, of how many. */
	final: { rank: number; of: number; winner: boolean } | null;
}

const finalOf = (s: Standing | undefined, of: number) =>
	s ? { rank: s.rank, of, winner: s.winner } : null;

export interface Snapshot {
	gameId: number;
	version: number;
	/** What the public may see, with every player: the host console's view. */
	full: PublicGame;
	meOf(playerId: number): PlayerSelf | null;
}

/**
 * Who looks: the host console lists every player (to mark and kick them), the big screen the
 * first few hundred, a phone none (a hall of thousands would make every event heavy).
 */
export type Audience = 'host' | 'screen' | 'phone';

/** A snapshot as one audience sees it, stamped with the server's clock for the countdown. */
export function viewFor(snapshot: Snapshot, audience: Audience, now: Date): PublicGame {
	const players =
		audience === 'host'
			? snapshot.full.players
			: audience === 'screen'
				? snapshot.full.players.slice(0, LISTED)
				: [];
	return { ...snapshot.full, players, serverNow: now.getTime() };
}

const CACHED_GAMES = 64;
const caches = new WeakMap<Db, Map<number, { version: number; snapshot: Promise<Snapshot> }>>();

/**
 * The snapshot of this version of the game, loaded once per node: every change bumps the
 * version, so a cached one of the same version is current (but for the count of answers,
 * which screens learn at the next change). A hall of phones connecting at once, and every
 * page load, then cost a read of the game row instead of a read of all its players.
 */
export function currentSnapshot(db: Db, game: LiveGame): Promise<Snapshot> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	const hit = cache.get(game.id);
	if (hit && hit.version >= game.version) {
		if (hit.version === game.version) return hit.snapshot;
		// A reader holding an older row: load it for them, but keep the newer one cached.
		return loadSnapshot(db, game);
	}
	const snapshot = loadSnapshot(db, game);
	cache.delete(game.id);
	cache.set(game.id, { version: game.version, snapshot });
	if (cache.size > CACHED_GAMES) cache.delete(cache.keys().next().value!);
	const games = cache;
	snapshot.catch(() => {
		if (games.get(game.id)?.snapshot === snapshot) games.delete(game.id);
	});
	return snapshot;
}

async function loadSnapshot(db: Db, game: LiveGame): Promise<Snapshot> {
	const revealed = game.state === 'revealed' || game.state === 'finished';
	const onScreen = game.currentIndex >= 0;
	const [players, progress, question, answered, returnedNow] = await Promise.all([
		repo.listPlayers(db, game.id),
		repo.questionProgress(db, game.id),
		onScreen ? repo.findGameQuestion(db, game.id, game.currentIndex) : null,
		onScreen ? repo.countAnswers(db, game.id, game.currentIndex) : 0,
		// How many came back at the question on screen: by its answer (a rescue question) or by
		// a "since question X" rescue called after it.
		onScreen && revealed ? repo.restoredAt(db, game.id, game.currentIndex) : 0
	]);
	const shown = players.filter((p) => p.status !== 'kicked');
	const standing = shown.filter((p) => p.status === 'active').length;
	const byId = new Map(players.map((p) => [p.id, p]));
	const finished = game.state === 'finished';
	const standings = finished ? finalStandings(game, players) : [];
	const rankOf = new Map(standings.map((s) => [s.id, s]));
	const publicGame: PublicGame = {
		code: game.code,
		title: game.title,
		state: game.state,
		mode: game.mode,
		version: game.version,
		lobbyLocked: game.lobbyLocked,
		questionCount: progress.count,
		played: progress.played,
		// Stamped per reader by `viewFor`: a cached snapshot outlives its load.
		serverNow: 0,
		question: question
			? {
					number: question.position + 1,
					type: question.type,
					prompt: question.prompt,
					options: question.options,
					seconds: question.seconds,
					golden: question.golden,
					rescue: question.rescue,
					deadlineAt: game.state === 'open' ? (game.deadlineAt?.getTime() ?? null) : null,
					remainingMs: game.state === 'paused' ? game.remainingMs : null,
					answer: revealed
						? {
								correct: question.correct,
								accepted: question.acceptedAnswers,
								explanation: question.explanation
							}
						: null
				}
			: null,
		counts: {
			joined: shown.length,
			standing,
			fellNow: revealed
				? shown.filter((p) => p.status === 'eliminated' && p.eliminatedAt === game.currentIndex)
						.length
				: 0,
			answered,
			returnedNow
		},
		players: shown.map((p) => ({
			id: p.id,
			seat: p.seat,
			name: p.displayName,
			unit: p.unitName,
			status: p.status,
			fellAt: p.eliminatedAt
		})),
		rescue: {
			available: rescueRefusal(game, game.state, standing) === null && !question?.golden,
			used: game.rescuesUsed,
			max: game.rescueMaxUses,
			whenAtMost: game.rescueWhenAtMost,
			questionsLeft: progress.rescueLeft
		},
		// A game ended before it started has no results, not a hall full of winners.
		results:
			finished && standings.length
				? standings
						.slice(0, 50)
						.map(({ rank, winner, seat, name, unit }) => ({ rank, winner, seat, name, unit }))
				: null
	};
	return {
		gameId: game.id,
		version: game.version,
		full: publicGame,
		meOf(playerId) {
			const p = byId.get(playerId);
			if (!p || p.status === 'kicked') return null;
			return {
				id: p.id,
				seat: p.seat,
				name: p.displayName,
				status: p.status,
				fellAt: p.eliminatedAt,
				final: finalOf(rankOf.get(p.id), standings.length)
			};
		}
	};
}
