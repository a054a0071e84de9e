/**
 * What screens see of a game. The answer key is added only once the question has closed and
 * been revealed (or the game ended): the one place that decides it, so events and pages agree.
 */
import type { LivePlayerStatus, PublicGame } from '$lib/shared/live';
import type { Db } from '../db/client';
import type { LiveGame } from '../db/schema';
import * as repo from './repo';
import { finalOrder, rescueRefusal } from './rules';

/** How many players the big screen lists by name; beyond that it shows counts only. */
const LISTED = 200;

export interface Snapshot {
	gameId: number;
	public: PublicGame;
	meOf(playerId: number): {
		id: number;
		seat: number;
		name: string;
		status: LivePlayerStatus;
		fellAt: number | null;
	} | null;
}

export async function loadSnapshot(db: Db, game: LiveGame, now: Date): Promise<Snapshot> {
	const [players, progress, question, answered] = await Promise.all([
		repo.listPlayers(db, game.id),
		repo.questionProgress(db, game.id),
		game.currentIndex >= 0 ? repo.findGameQuestion(db, game.id, game.currentIndex) : null,
		game.currentIndex >= 0 ? repo.countAnswers(db, game.id, game.currentIndex) : 0
	]);
	const shown = players.filter((p) => p.status !== 'kicked');
	const standing = shown.filter((p) => p.status === 'active').length;
	const revealed = game.state === 'revealed' || game.state === 'finished';
	// How many a rescue question brought back, once it is revealed.
	const returnedNow =
		revealed && question?.rescue
			? ((await repo.restoredByQuestion(db, game.id, game.currentIndex)) ?? 0)
			: 0;
	const byId = new Map(players.map((p) => [p.id, p]));
	const publicGame: PublicGame = {
		code: game.code,
		title: game.title,
		state: game.state,
		mode: game.mode,
		version: game.version,
		lobbyLocked: game.lobbyLocked,
		questionCount: progress.count,
		played: progress.played,
		serverNow: now.getTime(),
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
		players: shown.slice(0, LISTED).map((p) => ({
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
			game.state === 'finished' && game.startedAt !== null
				? finalOrder(players)
						.slice(0, 50)
						.map((r) => {
							const p = byId.get(r.id)!;
							return {
								rank: r.rank,
								winner: r.winner,
								seat: p.seat,
								name: p.displayName,
								unit: p.unitName
							};
						})
				: null
	};
	return {
		gameId: game.id,
		public: publicGame,
		meOf(playerId) {
			const p = byId.get(playerId);
			if (!p || p.status === 'kicked') return null;
			return {
				id: p.id,
				seat: p.seat,
				name: p.displayName,
				status: p.status,
				fellAt: p.eliminatedAt
			};
		}
	};
}
