/**
 * Every host button is a use case of its own (`live.start`, `live.open`, …), made by one
 * factory: the game row locked, the host checked, the state machine asked, then the command's
 * step; the audit entry records the state before and after, and the game is published after
 * commit.
 */
import { z } from 'zod';
import { kickSchema, markSchema, rescueSchema, seatSchema } from '$lib/schemas/live';
import { answersQuestion } from '$lib/shared/live';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { LiveGame } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import { defineUseCase, type Confirmation, type Scope } from '../usecase';
import { hashPlayerToken, hostCheck, loadGame, newPlayerToken } from './access';
import * as repo from './repo';
import {
	allows,
	closesAt,
	deadlineFor,
	rescueQuestionRefusal,
	rescueRefusal,
	rescued,
	type LiveAction
} from './rules';
import { afterRescue, closeQuestion, openQuestion, reveal } from './steps';

export type HostCommand =
	| { action: 'start' | 'open' | 'close' | 'reveal' | 'pause' | 'resume' | 'end' }
	| { action: 'rescue'; sinceIndex: number }
	/** The other kind of rescue: open the next unused rescue question to the eliminated. */
	| { action: 'rescue_question' }
	| { action: 'kick'; playerId: number }
	| { action: 'lock'; locked: boolean }
	| { action: 'seat'; displayName: string; unitName: string }
	| { action: 'mark'; rightPlayerIds: number[] };

type Command = HostCommand['action'];

const refusals: Record<Command, string> = {
	start: 'Trò chơi đã bắt đầu.',
	open: 'Chỉ mở câu tiếp theo sau khi đã công bố đáp án câu trước.',
	close: 'Không có câu hỏi nào đang mở.',
	reveal: 'Chỉ công bố đáp án sau khi câu hỏi đã đóng.',
	pause: 'Chỉ tạm dừng được khi câu hỏi đang mở.',
	resume: 'Trò chơi không tạm dừng.',
	end: 'Trò chơi đã kết thúc.',
	rescue: 'Chỉ cứu trợ được sau khi đã công bố đáp án.',
	rescue_question: 'Chỉ cứu trợ được sau khi đã công bố đáp án.',
	kick: 'Trò chơi đã kết thúc.',
	lock: 'Chỉ khóa phòng chờ trước khi bắt đầu.',
	seat: 'Chỉ xếp chỗ người chơi trước khi bắt đầu.',
	mark: 'Chỉ chấm bảng sau khi câu hỏi đã đóng và trước khi công bố.'
};

const WHITEBOARD_ONLY = 'Chỉ dùng được ở chế độ bảng trắng.';

interface Outcome {
	after: LiveGame;
	/** What the audit entry adds to the state after. */
	detail?: Record<string, unknown>;
}

const codeShape = { code: z.string() };

async function playerOf(db: Scope['db'], game: LiveGame, playerId: number) {
	const player = (await repo.listPlayers(db, game.id)).find((p) => p.id === playerId);
	if (!player) throw notFound('Không tìm thấy người chơi.');
	return player;
}

/** One host command as a use case named `live.<command>`. */
function hostCommand<S extends z.ZodRawShape>(
	command: Command,
	shape: S,
	step: (scope: Scope<Actor>, game: LiveGame, input: z.output<z.ZodObject<S>>) => Promise<Outcome>,
	/** For commands that cannot be taken back: what the host is told first. */
	confirm?: (
		scope: Scope<Actor>,
		game: LiveGame,
		input: z.output<z.ZodObject<S>>
	) => Promise<Confirmation>
) {
	const liveAction: LiveAction = command === 'rescue_question' ? 'rescue' : command;
	type Input = z.output<z.ZodObject<S>> & { code: string };
	// The generic shape hides `code` from the inferred type; the schema does carry it.
	const input = z.object(shape).extend(codeShape) as unknown as z.ZodType<Input, unknown>;
	return defineUseCase({
		name: `live.${command}`,
		input,
		load: ({ db }, { code }) => loadGame(db, code, 'update'),
		authorize: (_actor, game) => hostCheck(game),
		...(confirm && {
			confirm: async (scope: Scope<Actor>, input: Input, game: LiveGame) => {
				if (!allows(game.state, liveAction)) throw conflict(refusals[command]);
				return confirm(scope, game, input);
			}
		}),
		run: (scope, input, game) => {
			if (!allows(game.state, liveAction)) throw conflict(refusals[command]);
			return step(scope, game, input);
		},
		audit: ({ after, detail }, _input, game) => ({
			entityType: 'live_game',
			entityId: game.id,
			unitPath: game.unitPath,
			before: { state: game.state, index: game.currentIndex },
			after: { state: after.state, index: after.currentIndex, ...detail }
		}),
		events: ({ after }) => [{ kind: 'live-game', gameId: after.id }],
		present: ({ after }) => after
	});
}

const simple = (
	command: Command,
	step: (scope: Scope<Actor>, game: LiveGame) => Promise<LiveGame>
) => hostCommand(command, {}, async (scope, game) => ({ after: await step(scope, game) }));

const commands = {
	start: simple('start', async ({ db, now }, game) => {
		// A count, not the player list: a hall of thousands waits for this start.
		if ((await repo.countStanding(db, game.id)) === 0)
			throw conflict('Chưa có người chơi nào tham gia.');
		return openQuestion(db, game, now, { startedAt: now, lobbyLocked: true });
	}),
	open: simple('open', ({ db, now }, game) => openQuestion(db, game, now, {})),
	close: simple('close', ({ db, now }, game) => closeQuestion(db, game, now)),
	reveal: simple('reveal', ({ db, now }, game) => reveal(db, game, now)),
	pause: simple('pause', ({ db, now }, game) =>
		repo.updateGame(db, game.id, {
			state: 'paused',
			remainingMs: Math.max(0, game.deadlineAt!.getTime() - now.getTime()),
			deadlineAt: null
		})
	),
	resume: simple('resume', ({ db, now }, game) =>
		repo.updateGame(db, game.id, {
			state: 'open',
			deadlineAt: new Date(now.getTime() + (game.remainingMs ?? 0)),
			remainingMs: null
		})
	),
	end: hostCommand(
		'end',
		{},
		async ({ db, now }, game) => {
			if (game.state === 'open' || game.state === 'paused')
				await repo.updateGameQuestion(db, game.id, game.currentIndex, { closedAt: now });
			return {
				after: await repo.updateGame(db, game.id, {
					state: 'finished',
					deadlineAt: null,
					endedAt: now
				})
			};
		},
		async ({ db }, game) => ({
			title: 'Kết thúc trò chơi?',
			summary: `Kết thúc “${game.title}” (mã ${game.code}): ${await repo.countStanding(db, game.id)} người chơi còn trên sàn dừng ở đây${
				game.state === 'open' || game.state === 'paused' ? '; câu hỏi đang mở được đóng lại' : ''
			}.`,
			details: ['Trò chơi đã kết thúc không mở lại được.']
		})
	),
	/** Everyone who fell at the chosen question (1-based, as the host says it) or later returns. */
	rescue: hostCommand('rescue', rescueSchema.shape, async ({ db, now }, game, { sinceNumber }) => {
		const sinceIndex = sinceNumber - 1;
		const [players, progress] = await Promise.all([
			repo.listPlayers(db, game.id),
			repo.questionProgress(db, game.id)
		]);
		const standing = players.filter((p) => p.status === 'active').length;
		const refusal = rescueRefusal(game, game.state, standing);
		if (refusal) throw conflict(refusal);
		// The last main question played (the one on screen may be a rescue question).
		const lastMain = progress.played - 1;
		if (sinceIndex > lastMain)
			throw invalid('Câu cứu trợ không hợp lệ.', {
				sinceNumber: [`Chỉ chọn từ câu 1 đến câu ${lastMain + 1}.`]
			});
		const back = rescued(players, sinceIndex);
		await repo.setPlayers(db, back, 'active', null);
		await repo.insertRescue(db, {
			gameId: game.id,
			kind: 'since',
			atIndex: lastMain,
			sinceIndex,
			restored: back.length
		});
		const after = await afterRescue(db, game, now, standing + back.length, progress);
		return { after, detail: { sinceIndex, restored: back.length } };
	}),
	rescue_question: hostCommand('rescue_question', {}, async ({ db, now }, game) => {
		const [players, progress] = await Promise.all([
			repo.listPlayers(db, game.id),
			repo.questionProgress(db, game.id)
		]);
		const refusal = rescueQuestionRefusal(game, game.state, players, progress.rescueLeft);
		if (refusal) throw conflict(refusal);
		const position = progress.nextRescue!;
		const question = (await repo.findGameQuestion(db, game.id, position))!;
		await repo.updateGameQuestion(db, game.id, position, { openedAt: now });
		// The use of the rescue is counted when its question is revealed.
		const after = await repo.updateGame(db, game.id, {
			state: 'open',
			currentIndex: position,
			deadlineAt: deadlineFor(now, question.seconds),
			remainingMs: null
		});
		const detail = {
			rescueQuestion: position - progress.count + 1,
			eliminated: players.filter((p) => p.status === 'eliminated').length
		};
		return { after, detail };
	}),
	kick: hostCommand(
		'kick',
		kickSchema.shape,
		async ({ db }, game, { playerId }) => {
			await playerOf(db, game, playerId);
			await repo.setPlayers(db, [playerId], 'kicked', null);
			return { after: await repo.updateGame(db, game.id, {}), detail: { playerId } };
		},
		async ({ db }, game, { playerId }) => {
			const player = await playerOf(db, game, playerId);
			return {
				title: 'Mời người chơi ra khỏi trò chơi?',
				summary: `${player.displayName} (số báo danh ${player.seat}) sẽ bị mời ra và không chơi tiếp được trong “${game.title}”.`
			};
		}
	),
	lock: hostCommand(
		'lock',
		// The form sends 0 or 1; callers in code send the boolean.
		{ locked: z.union([z.boolean(), z.enum(['0', '1']).transform((v) => v === '1')]) },
		async ({ db }, game, { locked }) => ({
			after: await repo.updateGame(db, game.id, { lobbyLocked: locked }),
			detail: { locked }
		})
	),
	seat: hostCommand('seat', seatSchema.shape, async ({ db }, game, input) => {
		if (game.mode !== 'whiteboard') throw conflict(WHITEBOARD_ONLY);
		// Nobody holds this token: a seated player acts through the floor judges only.
		const player = await repo.insertPlayer(db, {
			gameId: game.id,
			tokenHash: hashPlayerToken(newPlayerToken()),
			displayName: input.displayName,
			unitName: input.unitName ?? '',
			seat: await repo.nextSeat(db, game.id)
		});
		const after = await repo.updateGame(db, game.id, {});
		return { after, detail: { seat: player.seat, name: player.displayName } };
	}),
	mark: hostCommand('mark', markSchema.shape, async ({ db, now }, game, { right: rightIds }) => {
		if (game.mode !== 'whiteboard') throw conflict(WHITEBOARD_ONLY);
		const [players, question] = await Promise.all([
			repo.listPlayers(db, game.id),
			repo.findGameQuestion(db, game.id, game.currentIndex)
		]);
		// The standing on a main question; the eliminated seats on a rescue question.
		const rescue = question?.rescue === true;
		const answering = players.filter((p) => answersQuestion(p.status, rescue));
		const right = new Set(rightIds);
		const unknown = rightIds.filter((id) => !answering.some((p) => p.id === id));
		if (unknown.length)
			throw invalid(
				rescue ? 'Có số báo danh không bị loại.' : 'Có số báo danh không còn trên sàn.',
				{
					right: [
						rescue ? 'Câu hỏi cứu trợ: chỉ chấm người đã bị loại.' : 'Chỉ chấm người còn trên sàn.'
					]
				}
			);
		// Marking again replaces the previous marks of this question.
		await repo.replaceMarks(
			db,
			game.id,
			game.currentIndex,
			answering.map((p) => ({ playerId: p.id, correct: right.has(p.id) })),
			now
		);
		const after = await repo.updateGame(db, game.id, {});
		return { after, detail: { right: right.size, of: answering.length, rescue } };
	})
};

export const {
	start: startGame,
	open: openNext,
	close: closeCurrent,
	reveal: revealAnswers,
	pause: pauseGame,
	resume: resumeGame,
	end: endGame,
	rescue: rescueSince,
	rescue_question: openRescueQuestion,
	kick: kickPlayer,
	lock: lockLobby,
	seat: seatPlayer,
	mark: markWhiteboard
} = commands;

/** A host command as code sends it (tests, benchmarks): runs that command's use case. */
export function hostAct(ctx: Ctx, code: string, command: HostCommand): Promise<LiveGame> {
	switch (command.action) {
		case 'rescue':
			return commands.rescue(ctx, { code, sinceNumber: command.sinceIndex + 1 });
		case 'kick':
			return commands.kick(ctx, { code, playerId: command.playerId });
		case 'lock':
			return commands.lock(ctx, { code, locked: command.locked });
		case 'seat':
			return commands.seat(ctx, { code, ...command });
		case 'mark':
			return commands.mark(ctx, { code, right: command.rightPlayerIds });
		default:
			return commands[command.action](ctx, { code });
	}
}

/**
 * The server's own timer (any node, no actor): closes the open question once its deadline and
 * grace have passed. Idempotent, so every node may fire it.
 */
export const closeDue = defineUseCase({
	name: 'live.close',
	public: 'the server timer closes a question whose deadline passed; no person acts',
	input: z.object({ gameId: z.number().int() }),
	run: async ({ db, now }, { gameId }) => {
		const game = await repo.findGame(db, gameId);
		if (!game || game.state !== 'open' || !game.deadlineAt) return null;
		const locked = (await repo.findGameByCode(db, game.code, 'update'))!;
		if (locked.state !== 'open' || !locked.deadlineAt) return null;
		if (now.getTime() < closesAt(locked.deadlineAt).getTime()) return null;
		await closeQuestion(db, locked, now);
		return locked;
	},
	audit: (locked) =>
		locked && {
			entityType: 'live_game',
			entityId: locked.id,
			unitPath: locked.unitPath,
			before: { state: 'open', index: locked.currentIndex },
			after: { state: 'closed', index: locked.currentIndex, byTimer: true }
		},
	events: (locked) => (locked ? [{ kind: 'live-game', gameId: locked.id }] : []),
	present: (locked) => locked !== null
});
