import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { AnswerInput, JoinInput, LiveGameInput } from '$lib/schemas/live';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type LiveState } from '$lib/shared/live';
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { LiveGame } from '../db/schema';
import { Batcher } from '../db/group-commit';
import {
	conflict,
	DomainError,
	invalid,
	type FieldErrors,
	isUniqueViolation,
	notFound
} from '../errors';
import { table, type ExportBook } from '../files/export';
import { findQuestionsByIds, questionsWhere } from '../questions';
import { findActiveUnit } from '../units';
import { publishLive } from '../realtime/bus';
import * as repo from './repo';
import { isCorrect, shuffledOrder, type Random } from '../questions';
import {
	allows,
	answerRefusal,
	answersQuestion,
	closesAt,
	deadlineFor,
	endAfterRescue,
	endAfterReveal,
	finalOrder,
	isGoldenBell,
	joinCodeFrom,
	joinRefusal,
	judgeQuestion,
	rescueQuestionRefusal,
	rescueRefusal,
	rescued,
	rescuedByQuestion,
	GAME_NOT_FOUND,
	type AnswerRefusal,
	type LiveAction
} from './rules';
import { currentSnapshot, viewFor, type Audience } from './view';

function hashPlayerToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** 160 random bits: the player's cookie; the database keeps only its hash. */
function newPlayerToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

function hostResource(game: Pick<LiveGame, 'unitPath'>) {
	return { kind: 'unit', path: game.unitPath } as const;
}

/** A game the actor hosts; anyone else gets 404 so nothing leaks. */
async function loadHosted(db: Db, actor: Actor, code: string, lock = false): Promise<LiveGame> {
	const game = await repo.findGameByCode(db, code, lock ? 'update' : undefined);
	if (!game || !can(actor, 'live.host', hostResource(game))) throw notFound(GAME_NOT_FOUND);
	return game;
}

async function loadGame(db: Db, code: string): Promise<LiveGame> {
	const game = await repo.findGameByCode(db, code);
	if (!game) throw notFound(GAME_NOT_FOUND);
	return game;
}

function refuseUnless(game: LiveGame, action: LiveAction, message: string) {
	if (!allows(game.state, action)) throw conflict(message);
}

// ---- Hosts -------------------------------------------------------------------------------

export async function listGames(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listGames(ctx.db, administeredPaths(actor));
}

/** Approved questions of the bank the host may put in a game, newest first. */
export async function listBankQuestions(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await questionsWhere(ctx.db, {
		withinPaths: administeredPaths(actor),
		status: 'approved',
		limit: 300
	});
	return rows.map((q) => ({ id: q.id, prompt: q.prompt, type: q.type, topic: q.topic }));
}

/** Each question once, where it first came, with its own time or else `fallback`. */
function timedQuestions(
	ids: number[],
	seconds: (number | undefined)[] | undefined,
	fallback: number
): { questionId: number; seconds: number }[] {
	const timed: { questionId: number; seconds: number }[] = [];
	ids.forEach((questionId, i) => {
		if (!timed.some((q) => q.questionId === questionId))
			timed.push({ questionId, seconds: seconds?.[i] ?? fallback });
	});
	return timed;
}

/**
 * Creates a game in its lobby. Each question's options get an order of their own, drawn here
 * and kept: the screen, the phones and the answers all use it, so where the bank put the right
 * answer tells the hall nothing.
 */
export async function createGame(
	ctx: Ctx,
	input: LiveGameInput,
	random: Random = Math.random
): Promise<LiveGame> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await findActiveUnit(tx, input.unitId);
		if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
		authorize(actor, 'live.host', { kind: 'unit', path: unit.path });
		const main = timedQuestions(input.questionIds, input.questionSeconds, input.seconds);
		const rescue = timedQuestions(
			input.rescueQuestionIds ?? [],
			input.rescueQuestionSeconds,
			input.rescueSeconds ?? input.seconds
		);
		const ids = main.map((q) => q.questionId);
		const rescueIds = rescue.map((q) => q.questionId);
		if (rescueIds.some((id) => ids.includes(id)))
			throw invalid('Câu hỏi cứu trợ phải khác các câu hỏi chính.', {
				rescueQuestionIds: ['Câu hỏi cứu trợ không được trùng với câu hỏi chính.']
			});
		const found = await findQuestionsByIds(tx, [...ids, ...rescueIds]);
		// The bank of the organizing unit, of units below it or of those above it; approved only.
		const usable = new Set(
			found
				.filter(
					(q) =>
						q.status === 'approved' &&
						(q.unitPath.startsWith(unit.path) || unit.path.startsWith(q.unitPath))
				)
				.map((q) => q.id)
		);
		for (const [field, list] of [
			['questionIds', ids],
			['rescueQuestionIds', rescueIds]
		] as const) {
			const missing = list.filter((id) => !usable.has(id));
			if (missing.length)
				throw invalid('Có câu hỏi không dùng được.', {
					[field]: [`Câu hỏi ${missing.join(', ')} chưa được duyệt hoặc không thuộc ngân hàng này.`]
				});
		}
		const optionCounts = new Map(found.map((q) => [q.id, q.options.length]));
		const ordered = (q: { questionId: number; seconds: number }) => ({
			...q,
			optionOrder: shuffledOrder(optionCounts.get(q.questionId)!, random)
		});
		if (input.goldenBellNumber !== undefined && input.goldenBellNumber > ids.length)
			throw invalid('Câu hỏi chuông vàng không hợp lệ.', {
				goldenBellNumber: [`Trò chơi chỉ có ${ids.length} câu hỏi.`]
			});
		for (let attempt = 0; ; attempt++) {
			const bytes = new Uint8Array(JOIN_CODE_LENGTH);
			crypto.getRandomValues(bytes);
			const code = joinCodeFrom(bytes, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);
			if (await repo.findGameByCode(tx, code)) {
				if (attempt > 5) throw conflict('Không tạo được mã tham gia, vui lòng thử lại.');
				continue;
			}
			const game = await repo.insertGame(
				tx,
				{
					code,
					title: input.title,
					mode: input.mode,
					unitId: unit.id,
					unitPath: unit.path,
					rescueWhenAtMost: input.rescueWhenAtMost,
					rescueMaxUses: input.rescueMaxUses,
					goldenBellIndex: input.goldenBellNumber === undefined ? null : input.goldenBellNumber - 1,
					goldenBellWhenAtMost: input.goldenBellWhenAtMost ?? null,
					createdById: actor.id
				},
				main.map(ordered),
				rescue.map(ordered)
			);
			await writeAudit(tx, {
				actorId: actor.id,
				action: 'live.create',
				entityType: 'live_game',
				entityId: game.id,
				unitPath: game.unitPath,
				after: {
					code,
					title: game.title,
					questions: ids.length,
					seconds: main.map((q) => q.seconds),
					rescueQuestions: rescueIds.length
				}
			});
			return game;
		}
	});
}

/**
 * The host console: what the public sees (no answer keys) with every player, and per question
 * what was answered so far.
 */
export async function getHostView(ctx: Ctx, code: string) {
	const actor = requireActor(ctx);
	const game = await loadHosted(ctx.db, actor, code);
	const [snapshot, stats] = await Promise.all([
		currentSnapshot(ctx.db, game),
		repo.questionStats(ctx.db, game.id)
	]);
	return {
		snapshot: viewFor(snapshot, 'host', ctx.now),
		questions: openedQuestions(stats)
	};
}

/** The questions opened so far; a rescue question is named by its place among them ("Cứu trợ 1"). */
function openedQuestions(stats: Awaited<ReturnType<typeof repo.questionStats>>) {
	const mainCount = stats.filter((q) => !q.rescue).length;
	return stats
		.filter((q) => q.openedAt !== null)
		.map((q) => ({
			...q,
			number: q.rescue ? q.position - mainCount + 1 : q.position + 1,
			label: q.rescue ? `Cứu trợ ${q.position - mainCount + 1}` : `Câu ${q.position + 1}`
		}));
}

/**
 * After (or during) a game: per question what was answered, right and who fell, and the
 * final order of every player. Only the questions already opened are listed.
 */
export async function getGameReport(ctx: Ctx, code: string) {
	const actor = requireActor(ctx);
	const game = await loadHosted(ctx.db, actor, code);
	const [stats, players] = await Promise.all([
		repo.questionStats(ctx.db, game.id),
		repo.listPlayers(ctx.db, game.id)
	]);
	const byId = new Map(players.map((p) => [p.id, p]));
	return {
		game,
		questions: openedQuestions(stats),
		order: (game.startedAt === null ? [] : finalOrder(players)).map((r) => {
			const p = byId.get(r.id)!;
			return { ...r, seat: p.seat, name: p.displayName, unit: p.unitName, fellAt: p.eliminatedAt };
		})
	};
}

/**
 * The report as an Excel workbook: final order with the question at which each fell, then the
 * statistics per question played, rescue questions marked as such.
 */
export async function exportGameReport(ctx: Ctx, code: string): Promise<ExportBook> {
	const report = await getGameReport(ctx, code);
	const whiteboard = report.game.mode === 'whiteboard';
	return {
		filename: `rung-chuong-vang-${report.game.code}`,
		sheets: [
			table(
				'Kết quả',
				[
					{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
					{ header: 'Số báo danh', kind: 'number', grouping: false, value: (r) => r.seat },
					{ header: 'Họ và tên', kind: 'text', value: (r) => r.name },
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.unit },
					{ header: 'Rung chuông vàng', kind: 'text', value: (r) => (r.winner ? 'Có' : '') },
					{
						header: 'Bị loại ở câu',
						kind: 'number',
						value: (r) => (r.winner || r.fellAt === null ? null : r.fellAt + 1)
					}
				],
				report.order
			),
			table(
				'Thống kê theo câu',
				[
					{ header: 'Câu', kind: 'text', value: (q) => q.label },
					{
						header: 'Loại',
						kind: 'text',
						value: (q) => (q.rescue ? 'Cứu trợ' : q.golden ? 'Chuông vàng' : 'Thường')
					},
					{ header: 'Câu hỏi', kind: 'text', value: (q) => q.prompt },
					{ header: 'Trả lời', kind: 'number', value: (q) => (whiteboard ? null : q.answered) },
					{ header: 'Đúng', kind: 'number', value: (q) => q.right },
					{ header: 'Bị loại', kind: 'number', value: (q) => (q.rescue ? null : q.fell) },
					{ header: 'Trở lại sàn', kind: 'number', value: (q) => (q.rescue ? q.right : null) }
				],
				report.questions
			)
		]
	};
}

export type HostCommand =
	| { action: 'start' | 'open' | 'close' | 'reveal' | 'pause' | 'resume' | 'end' }
	| { action: 'rescue'; sinceIndex: number }
	/** The other kind of rescue: open the next unused rescue question to the eliminated. */
	| { action: 'rescue_question' }
	| { action: 'kick'; playerId: number }
	| { action: 'lock'; locked: boolean }
	| { action: 'seat'; displayName: string; unitName: string }
	| { action: 'mark'; rightPlayerIds: number[] };

const refusals: Record<HostCommand['action'], string> = {
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

/** Every host button: one transaction on the locked game row, then an event after commit. */
export async function hostAct(ctx: Ctx, code: string, command: HostCommand): Promise<LiveGame> {
	const actor = requireActor(ctx);
	const game = await ctx.db.transaction(async (tx) => {
		const game = await loadHosted(tx, actor, code, true);
		const liveAction: LiveAction = command.action === 'rescue_question' ? 'rescue' : command.action;
		refuseUnless(game, liveAction, refusals[command.action]);
		const before = { state: game.state, index: game.currentIndex };
		let after: LiveGame;
		let detail: Record<string, unknown> = {};
		switch (command.action) {
			case 'start':
				// A count, not the player list: a hall of thousands waits for this start.
				if ((await repo.countStanding(tx, game.id)) === 0)
					throw conflict('Chưa có người chơi nào tham gia.');
				after = await openQuestion(tx, game, ctx.now, { startedAt: ctx.now, lobbyLocked: true });
				break;
			case 'open':
				after = await openQuestion(tx, game, ctx.now, {});
				break;
			case 'close':
				after = await closeQuestion(tx, game, ctx.now);
				break;
			case 'reveal':
				after = await reveal(tx, game, ctx.now);
				break;
			case 'pause':
				after = await repo.updateGame(tx, game.id, {
					state: 'paused',
					remainingMs: Math.max(0, game.deadlineAt!.getTime() - ctx.now.getTime()),
					deadlineAt: null
				});
				break;
			case 'resume':
				after = await repo.updateGame(tx, game.id, {
					state: 'open',
					deadlineAt: new Date(ctx.now.getTime() + (game.remainingMs ?? 0)),
					remainingMs: null
				});
				break;
			case 'end':
				if (game.state === 'open' || game.state === 'paused')
					await repo.updateGameQuestion(tx, game.id, game.currentIndex, { closedAt: ctx.now });
				after = await repo.updateGame(tx, game.id, {
					state: 'finished',
					deadlineAt: null,
					endedAt: ctx.now
				});
				break;
			case 'rescue': {
				const [players, progress] = await Promise.all([
					repo.listPlayers(tx, game.id),
					repo.questionProgress(tx, game.id)
				]);
				const standing = players.filter((p) => p.status === 'active').length;
				const refusal = rescueRefusal(game, game.state, standing);
				if (refusal) throw conflict(refusal);
				// The last main question played (the one on screen may be a rescue question).
				const lastMain = progress.played - 1;
				if (command.sinceIndex > lastMain)
					throw invalid('Câu cứu trợ không hợp lệ.', {
						sinceNumber: [`Chỉ chọn từ câu 1 đến câu ${lastMain + 1}.`]
					});
				const back = rescued(players, command.sinceIndex);
				await repo.setPlayers(tx, back, 'active', null);
				await repo.insertRescue(tx, {
					gameId: game.id,
					kind: 'since',
					atIndex: lastMain,
					sinceIndex: command.sinceIndex,
					restored: back.length
				});
				after = await afterRescue(tx, game, ctx.now, standing + back.length, progress);
				detail = { sinceIndex: command.sinceIndex, restored: back.length };
				break;
			}
			case 'rescue_question': {
				const [players, progress] = await Promise.all([
					repo.listPlayers(tx, game.id),
					repo.questionProgress(tx, game.id)
				]);
				const refusal = rescueQuestionRefusal(game, game.state, players, progress.rescueLeft);
				if (refusal) throw conflict(refusal);
				const position = progress.nextRescue!;
				const question = (await repo.findGameQuestion(tx, game.id, position))!;
				await repo.updateGameQuestion(tx, game.id, position, { openedAt: ctx.now });
				// The use of the rescue is counted when its question is revealed.
				after = await repo.updateGame(tx, game.id, {
					state: 'open',
					currentIndex: position,
					deadlineAt: deadlineFor(ctx.now, question.seconds),
					remainingMs: null
				});
				detail = {
					rescueQuestion: position - progress.count + 1,
					eliminated: players.filter((p) => p.status === 'eliminated').length
				};
				break;
			}
			case 'kick': {
				const players = await repo.listPlayers(tx, game.id);
				if (!players.some((p) => p.id === command.playerId))
					throw notFound('Không tìm thấy người chơi.');
				await repo.setPlayers(tx, [command.playerId], 'kicked', null);
				after = await repo.updateGame(tx, game.id, {});
				detail = { playerId: command.playerId };
				break;
			}
			case 'lock':
				after = await repo.updateGame(tx, game.id, { lobbyLocked: command.locked });
				detail = { locked: command.locked };
				break;
			case 'seat': {
				if (game.mode !== 'whiteboard') throw conflict(WHITEBOARD_ONLY);
				// Nobody holds this token: a seated player acts through the floor judges only.
				const player = await repo.insertPlayer(tx, {
					gameId: game.id,
					tokenHash: hashPlayerToken(newPlayerToken()),
					displayName: command.displayName,
					unitName: command.unitName,
					seat: await repo.nextSeat(tx, game.id)
				});
				after = await repo.updateGame(tx, game.id, {});
				detail = { seat: player.seat, name: player.displayName };
				break;
			}
			case 'mark': {
				if (game.mode !== 'whiteboard') throw conflict(WHITEBOARD_ONLY);
				const [players, question] = await Promise.all([
					repo.listPlayers(tx, game.id),
					repo.findGameQuestion(tx, game.id, game.currentIndex)
				]);
				// The standing on a main question; the eliminated seats on a rescue question.
				const rescue = question?.rescue === true;
				const answering = players.filter((p) => answersQuestion(p.status, rescue));
				const right = new Set(command.rightPlayerIds);
				const unknown = command.rightPlayerIds.filter((id) => !answering.some((p) => p.id === id));
				if (unknown.length)
					throw invalid(
						rescue ? 'Có số báo danh không bị loại.' : 'Có số báo danh không còn trên sàn.',
						{
							right: [
								rescue
									? 'Câu hỏi cứu trợ: chỉ chấm người đã bị loại.'
									: 'Chỉ chấm người còn trên sàn.'
							]
						}
					);
				// Marking again replaces the previous marks of this question.
				await repo.replaceMarks(
					tx,
					game.id,
					game.currentIndex,
					answering.map((p) => ({ playerId: p.id, correct: right.has(p.id) })),
					ctx.now
				);
				after = await repo.updateGame(tx, game.id, {});
				detail = { right: right.size, of: answering.length, rescue };
				break;
			}
		}
		await writeAudit(tx, {
			actorId: actor.id,
			action: `live.${command.action}`,
			entityType: 'live_game',
			entityId: game.id,
			unitPath: game.unitPath,
			before,
			after: { state: after.state, index: after.currentIndex, ...detail }
		});
		return after;
	});
	await publishLive(ctx.db, game.id);
	return game;
}

async function openQuestion(
	tx: Db,
	game: LiveGame,
	now: Date,
	extra: Partial<LiveGame>
): Promise<LiveGame> {
	// The next main question: the one on screen may have been a rescue question.
	const progress = await repo.questionProgress(tx, game.id);
	const position = progress.played;
	const question =
		position < progress.count ? await repo.findGameQuestion(tx, game.id, position) : null;
	if (!question) throw conflict('Đã hết câu hỏi.');
	const standing = await repo.countStanding(tx, game.id);
	if (standing === 0) throw conflict('Không còn ai trên sàn thi đấu: hãy cứu trợ hoặc kết thúc.');
	const golden = isGoldenBell(game, position, standing);
	await repo.updateGameQuestion(tx, game.id, position, { openedAt: now, golden });
	return repo.updateGame(tx, game.id, {
		...extra,
		state: 'open',
		currentIndex: position,
		deadlineAt: deadlineFor(now, question.seconds),
		remainingMs: null
	});
}

async function closeQuestion(tx: Db, game: LiveGame, now: Date): Promise<LiveGame> {
	await repo.updateGameQuestion(tx, game.id, game.currentIndex, { closedAt: now });
	return repo.updateGame(tx, game.id, { state: 'closed', deadlineAt: null, remainingMs: null });
}

/** Judges the closed question: wrong or missing answers fall; then the end conditions. */
async function reveal(tx: Db, game: LiveGame, now: Date): Promise<LiveGame> {
	const position = game.currentIndex;
	const question = (await repo.findGameQuestion(tx, game.id, position))!;
	if (question.rescue) return revealRescue(tx, game, question, now);
	const [players, answers, progress] = await Promise.all([
		repo.listPlayers(tx, game.id),
		repo.listAnswers(tx, game.id, position),
		repo.questionProgress(tx, game.id)
	]);
	let survivors: number[];
	let fallen: number[];
	if (game.mode === 'whiteboard') {
		// The floor judges' marks decide; a seat nobody marked right falls.
		const right = new Set(
			(await repo.listMarkedRight(tx, game.id, position)).map((m) => m.playerId)
		);
		const standing = players.filter((p) => p.status === 'active');
		survivors = standing.filter((p) => right.has(p.id)).map((p) => p.id);
		fallen = standing.filter((p) => !right.has(p.id)).map((p) => p.id);
	} else {
		({ survivors, fallen } = judgeQuestion(
			players,
			new Map(answers.map((a) => [a.playerId, a.answer])),
			question
		));
		await repo.markAnswers(tx, game.id, position, survivors);
	}
	await repo.setPlayers(tx, fallen, 'eliminated', position);
	const rescueAvailable =
		rescueRefusal(game, 'revealed', survivors.length) === null && !question.golden;
	const end = endAfterReveal({
		standing: survivors.length,
		position,
		questionCount: progress.count,
		golden: question.golden,
		rescueAvailable
	});
	return repo.updateGame(
		tx,
		game.id,
		end ? { state: 'finished', endedAt: now } : { state: 'revealed' }
	);
}

/**
 * Judges a closed rescue question: the eliminated who answered right (on phones, or as the
 * floor judges marked them) return to the floor; that is one use of the rescue.
 */
async function revealRescue(
	tx: Db,
	game: LiveGame,
	question: repo.GameQuestion,
	now: Date
): Promise<LiveGame> {
	const position = game.currentIndex;
	const [players, answers, progress] = await Promise.all([
		repo.listPlayers(tx, game.id),
		repo.listAnswers(tx, game.id, position),
		repo.questionProgress(tx, game.id)
	]);
	let back: number[];
	if (game.mode === 'whiteboard') {
		const right = new Set(
			(await repo.listMarkedRight(tx, game.id, position)).map((m) => m.playerId)
		);
		back = rescuedByQuestion(players, (id) => right.has(id));
	} else {
		const byPlayer = new Map(answers.map((a) => [a.playerId, a.answer]));
		back = rescuedByQuestion(players, (id) => isCorrect(question, byPlayer.get(id)));
		await repo.markAnswers(tx, game.id, position, back);
	}
	await repo.setPlayers(tx, back, 'active', null);
	await repo.insertRescue(tx, {
		gameId: game.id,
		kind: 'question',
		atIndex: progress.played - 1,
		questionPosition: position,
		restored: back.length
	});
	const standing = players.filter((p) => p.status === 'active').length + back.length;
	return afterRescue(tx, game, now, standing, progress, { state: 'revealed' });
}

/** Counts the rescue used, then ends the game if the floor stays empty or no question is left. */
async function afterRescue(
	tx: Db,
	game: LiveGame,
	now: Date,
	standing: number,
	progress: repo.QuestionProgress,
	patch: Partial<LiveGame> = {}
): Promise<LiveGame> {
	const rescuesUsed = game.rescuesUsed + 1;
	const end = endAfterRescue({
		standing,
		questionsLeft: progress.count - progress.played,
		rescueAvailable: rescueRefusal({ ...game, rescuesUsed }, 'revealed', standing) === null
	});
	return repo.updateGame(tx, game.id, {
		...patch,
		rescuesUsed,
		...(end ? { state: 'finished', endedAt: now } : {})
	});
}

/**
 * @public The server's own timer (any node, no actor): closes the open question once its
 * deadline and grace have passed. Idempotent, so every node may fire it.
 */
export async function closeDue(ctx: Ctx, gameId: number): Promise<boolean> {
	const closed = await ctx.db.transaction(async (tx) => {
		const game = await repo.findGame(tx, gameId);
		if (!game || game.state !== 'open' || !game.deadlineAt) return false;
		const locked = (await repo.findGameByCode(tx, game.code, 'update'))!;
		if (locked.state !== 'open' || !locked.deadlineAt) return false;
		if (ctx.now.getTime() < closesAt(locked.deadlineAt).getTime()) return false;
		await closeQuestion(tx, locked, ctx.now);
		await writeAudit(tx, {
			actorId: null,
			action: 'live.close',
			entityType: 'live_game',
			entityId: locked.id,
			unitPath: locked.unitPath,
			before: { state: 'open', index: locked.currentIndex },
			after: { state: 'closed', index: locked.currentIndex, byTimer: true }
		});
		return true;
	});
	if (closed) await publishLive(ctx.db, gameId);
	return closed;
}

// ---- Players -----------------------------------------------------------------------------

/**
 * @public Anyone with the code joins from the lobby, signed in or as a guest; the returned
 * token (a cookie) is what identifies the player from then on.
 */
export async function joinGame(
	ctx: Ctx,
	code: string,
	input: JoinInput,
	/** The player cookie this browser already holds for the game, if any. */
	currentToken?: string
) {
	let token = newPlayerToken();
	const tokenHash = hashPlayerToken(token);
	const player = await ctx.db.transaction(async (tx) => {
		const game = await repo.findGameByCode(tx, code, 'update');
		if (!game) throw notFound(GAME_NOT_FOUND);
		// The same browser joining again (a double tap, a kicked guest) is the same player.
		if (currentToken) {
			const existing = await repo.findPlayerByToken(tx, game.id, hashPlayerToken(currentToken));
			if (existing?.status === 'kicked') throw conflict('Bạn đã bị mời ra khỏi trò chơi này.');
			if (existing) {
				token = currentToken;
				return existing;
			}
		}
		// A member who joined before gets a fresh token for this device.
		if (ctx.actor) {
			const existing = await repo.findPlayerByUser(tx, game.id, ctx.actor.id);
			if (existing) {
				if (existing.status === 'kicked') throw conflict('Bạn đã bị mời ra khỏi trò chơi này.');
				await repo.setPlayerToken(tx, existing.id, tokenHash);
				return existing;
			}
		}
		if (game.mode === 'whiteboard')
			throw conflict('Trò chơi này chơi trên bảng trắng: ban tổ chức xếp chỗ người chơi.');
		const refusal = joinRefusal(game.state, game.lobbyLocked);
		if (refusal) throw conflict(refusal);
		try {
			const joined = await repo.insertPlayer(tx, {
				gameId: game.id,
				userId: ctx.actor?.id ?? null,
				tokenHash,
				displayName: input.displayName,
				unitName: input.unitName ?? '',
				seat: await repo.nextSeat(tx, game.id)
			});
			// A new version, so screens never keep an older lobby list of the same version.
			await repo.updateGame(tx, game.id, {});
			return joined;
		} catch (error) {
			if (isUniqueViolation(error)) throw conflict('Bạn đã tham gia trò chơi này.');
			throw error;
		}
	});
	await publishLive(ctx.db, player.gameId);
	return { token, player };
}

async function playerOf(db: Db, game: LiveGame, token: string | undefined) {
	if (!token) return null;
	const player = await repo.findPlayerByToken(db, game.id, hashPlayerToken(token));
	return player && player.status !== 'kicked' ? player : null;
}

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
		await repo.lockGamesForAnswers(tx, [...new Set(batch.map((a) => a.code))].sort());
		const contexts = await repo.answerContexts(tx, batch);
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
 * first one sent is the one stored.
 */
function answerBatcherOf(db: Db) {
	let batcher = answerBatchers.get(db);
	if (!batcher) {
		batcher = new Batcher((batch) => recordAnswers(db, batch), {
			keysOf: (a) => [`${a.code}:${a.tokenHash}:${a.position}`],
			maxBatch: 500
		});
		answerBatchers.set(db, batcher);
	}
	return batcher;
}

/**
 * @public A player answers with their own token only; the first answer within the deadline
 * plus grace counts, any other is refused with the reason. Settles once the answer is stored.
 */
export async function submitAnswer(
	ctx: Ctx,
	code: string,
	token: string | undefined,
	input: AnswerInput
) {
	const refusal = await answerBatcherOf(ctx.db).submit({
		code,
		tokenHash: token ? hashPlayerToken(token) : '',
		position: input.position,
		input,
		receivedAt: ctx.now
	});
	if (refusal) {
		const fields: FieldErrors = refusal.status === 400 ? { answer: [refusal.message] } : {};
		throw new DomainError(refusal.status, refusal.message, fields);
	}
	return { accepted: true as const };
}

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

export type { LiveState };
