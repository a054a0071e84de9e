/** What players and the big screen do: join, answer, and read or follow the game. */
import { z } from 'zod';
import { joinSchema, type AnswerInput } from '$lib/schemas/live';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { Batcher } from '../db/group-commit';
import { conflict, DomainError, type FieldErrors, isUniqueViolation, notFound } from '../errors';
import { defineUseCase } from '../usecase';
import { hashPlayerToken, loadGame, loadHosted, newPlayerToken, playerOf } from './access';
import * as repo from './repo';
import { answerRefusal, GAME_NOT_FOUND, joinRefusal, type AnswerRefusal } from './rules';
import { currentSnapshot, viewFor, type Audience } from './view';
import { requireActor } from '../auth/policy';

/**
 * Anyone with the code joins from the lobby, signed in or as a guest; the returned token (a
 * cookie) is what identifies the player from then on.
 */
export const joinGame = defineUseCase({
	name: 'live.join',
	public: 'anyone in the hall with the join code may join, signed in or as a guest',
	input: joinSchema.extend({
		code: z.string(),
		/** The player cookie this browser already holds for the game, if any. */
		currentToken: z.string().optional()
	}),
	run: async ({ db, actor }, { code, currentToken, ...input }) => {
		const game = await loadGame(db, code, 'update');
		// The same browser joining again (a double tap, a kicked guest) is the same player.
		if (currentToken) {
			const existing = await repo.findPlayerByToken(db, game.id, hashPlayerToken(currentToken));
			if (existing?.status === 'kicked') throw conflict('Bạn đã bị mời ra khỏi trò chơi này.');
			if (existing) return { token: currentToken, player: existing };
		}
		const token = newPlayerToken();
		const tokenHash = hashPlayerToken(token);
		// A member who joined before gets a fresh token for this device.
		if (actor) {
			const existing = await repo.findPlayerByUser(db, game.id, actor.id);
			if (existing) {
				if (existing.status === 'kicked') throw conflict('Bạn đã bị mời ra khỏi trò chơi này.');
				await repo.setPlayerToken(db, existing.id, tokenHash);
				return { token, player: existing };
			}
		}
		if (game.mode === 'whiteboard')
			throw conflict('Trò chơi này chơi trên bảng trắng: ban tổ chức xếp chỗ người chơi.');
		const refusal = joinRefusal(game.state, game.lobbyLocked);
		if (refusal) throw conflict(refusal);
		try {
			const player = await repo.insertPlayer(db, {
				gameId: game.id,
				userId: actor?.id ?? null,
				tokenHash,
				displayName: input.displayName,
				unitName: input.unitName ?? '',
				seat: await repo.nextSeat(db, game.id)
			});
			// A new version, so screens never keep an older lobby list of the same version.
			await repo.updateGame(db, game.id, {});
			return { token, player };
		} catch (error) {
			if (isUniqueViolation(error)) throw conflict('Bạn đã tham gia trò chơi này.');
			throw error;
		}
	},
	events: ({ player }) => [{ kind: 'live-game', gameId: player.gameId }]
});

interface SubmittedAnswer extends repo.AnswerRequest {
	input: AnswerInput;
	receivedAt: Date;
}

/**
 * A batch of answers in one transaction: the games' locks shared, every context in one query,
 * the rules per answer, the accepted ones in one insert. Each answer keeps its own receipt
 * time, so waiting for the batch never makes an answer late.
 */
async function recordAnswers(db: Db, batch: SubmittedAnswer[]): Promise<(AnswerRefusal | null)[]> {
	return db.transaction(async (tx) => {
		// One round trip for both: the driver writes them together on the transaction's connection,
		// and the server starts the second (and takes its snapshot) only once the first returned
		// with the lock, so the contexts still show what the host's last action committed.
		const [, contexts] = await Promise.all([
			repo.lockGamesForAnswers(tx, [...new Set(batch.map((a) => a.code))].sort()),
			repo.answerContexts(tx, batch)
		]);
		const accepted: repo.NewAnswer[] = [];
		const refusals = batch.map((a, i) => {
			const context = contexts[i] ?? null;
			const answer =
				context?.questionType === 'short' ? (a.input.text ?? '') : (a.input.choice ?? []);
			const refusal = answerRefusal(context, a.position, answer, a.receivedAt);
			if (!refusal)
				accepted.push({
					gameId: context!.gameId,
					position: a.position,
					playerId: context!.playerId!,
					answer,
					receivedAt: a.receivedAt
				});
			return refusal;
		});
		const stored = await repo.insertAnswers(tx, accepted);
		let next = 0;
		return refusals.map((refusal) => {
			if (refusal) return refusal;
			const answer = accepted[next++]!;
			return stored.has(repo.answerKey(answer))
				? null
				: {
						status: 409 as const,
						message: 'Bạn đã gửi câu trả lời cho câu này; chỉ câu trả lời đầu tiên được tính.'
					};
		});
	});
}

const answerBatchers = new WeakMap<Db, Batcher<SubmittedAnswer, AnswerRefusal | null>>();

/**
 * A hall answers within seconds of each other: group-committed, thousands of answers cost a
 * few dozen transactions. One player's answers to a question never share a batch, so the
 * first one sent is the one stored. One batch in the database at a time: the next one gathers
 * everything that arrived meanwhile (10,000 phones: ~100 batches of ~100, where three at a time
 * made ~900 of ~11 and took the answers in twice as slowly; `npm run bench:live`).
 */
function answerBatcherOf(db: Db) {
	let batcher = answerBatchers.get(db);
	if (!batcher) {
		batcher = new Batcher((batch) => recordAnswers(db, batch), {
			name: 'live_answers',
			keysOf: (a) => [`${a.code}:${a.tokenHash}:${a.position}`],
			maxBatch: 500,
			maxInFlight: 1
		});
		answerBatchers.set(db, batcher);
	}
	return batcher;
}

/**
 * A player answers with their own token only; the first answer within the deadline plus grace
 * counts, any other is refused with the reason. Settles once the answer is stored. The answer
 * arrives parsed (`parseAnswer`: the phone shows its first problem), so it is not parsed twice.
 */
export const submitAnswer = defineUseCase({
	name: 'live.answer',
	public: 'a player answers with the token of their own cookie; no account is needed',
	ownTransaction: 'answers are group-committed by a batcher, many phones per transaction',
	input: z.object({
		code: z.string(),
		token: z.string().optional(),
		answer: z.custom<AnswerInput>((v) => typeof v === 'object' && v !== null)
	}),
	run: async ({ db, now }, { code, token, answer }) => {
		const refusal = await answerBatcherOf(db).submit({
			code,
			tokenHash: token ? hashPlayerToken(token) : '',
			position: answer.position,
			input: answer,
			receivedAt: now
		});
		if (refusal) {
			const fields: FieldErrors = refusal.status === 400 ? { answer: [refusal.message] } : {};
			throw new DomainError(refusal.status, refusal.message, fields);
		}
		return { accepted: true as const };
	}
});

/** @public The big screen: what everyone in the hall may see. */
export async function getScreenView(ctx: Ctx, code: string) {
	const game = await loadGame(ctx.db, code);
	return viewFor(await currentSnapshot(ctx.db, game), 'screen', ctx.now);
}

/** @public The player's own screen, found by the player's token only. */
export async function getPlayerView(ctx: Ctx, code: string, token: string | undefined) {
	const game = await loadGame(ctx.db, code);
	const [player, snapshot] = await Promise.all([
		playerOf(ctx.db, game, token),
		currentSnapshot(ctx.db, game)
	]);
	const view = viewFor(snapshot, 'phone', ctx.now);
	if (!player) return { game: view, me: null };
	const answer = await repo.findAnswer(ctx.db, player.id, game.currentIndex);
	return {
		game: view,
		me: { ...snapshot.meOf(player.id), answered: answer !== null }
	};
}

/** @public What a big-screen stream needs: the game and a loader of its current state. */
export async function screenStream(ctx: Ctx, code: string) {
	const game = await loadGame(ctx.db, code);
	return streamOf(ctx.db, game.id, 'screen', null);
}

/** The host console's stream: the public state with every player, to hosts of the game only. */
export async function hostStream(ctx: Ctx, code: string) {
	const actor = requireActor(ctx);
	const game = await loadHosted(ctx.db, actor, code);
	return streamOf(ctx.db, game.id, 'host', null);
}

/** @public A player's stream, found by the player's own token; 404 without one. */
export async function playerStream(ctx: Ctx, code: string, token: string | undefined) {
	const game = await loadGame(ctx.db, code);
	const player = await playerOf(ctx.db, game, token);
	if (!player) throw notFound('Bạn chưa tham gia trò chơi này.');
	return streamOf(ctx.db, game.id, 'phone', player.id);
}

/** The game is read again when the stream is registered, so no change falls in between. */
function streamOf(db: Db, gameId: number, audience: Audience, playerId: number | null) {
	return {
		gameId,
		audience,
		playerId,
		async load() {
			const game = await repo.findGame(db, gameId);
			if (!game) throw notFound(GAME_NOT_FOUND);
			return currentSnapshot(db, game);
		}
	};
}
