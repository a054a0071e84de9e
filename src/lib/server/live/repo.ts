import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { LivePlayerStatus, LiveState } from '$lib/shared/live';
import type { Db } from '../db/client';
import { rowsOf } from '../db/sql';
import { inShownOrder } from '../questions';
import {
	liveGameQuestions,
	liveGames,
	livePlayers,
	questions,
	type LiveGame,
	type LivePlayer
} from '../db/schema';
import type { AnswerContext } from './rules';

/**
 * Answers and the host's changes meet on an advisory lock per game: answers take it shared (they
 * never wait for each other), a change takes it exclusively (a close waits for answers in
 * flight). A row lock would do the same, but hundreds of FOR SHARE lockers of one row make
 * PostgreSQL rewrite the row's lock list (a MultiXact) on every answer.
 */
const gameLockKey = (code: string) => `live:${code}`;

export async function findGameByCode(
	db: Db,
	code: string,
	lock?: 'update'
): Promise<LiveGame | null> {
	if (lock) {
		await db.execute(
			sql`select count(*) from (select pg_advisory_xact_lock(hashtext(${gameLockKey(code)}))) l`
		);
	}
	const query = db.select().from(liveGames).where(eq(liveGames.code, code));
	const [row] = await (lock ? query.for(lock) : query);
	return row ?? null;
}

export interface AnswerRequest {
	code: string;
	tokenHash: string;
	position: number;
}

/**
 * Takes the locks of these games shared: answers never wait for each other, but a close (which
 * takes the lock exclusively) waits for the answers in flight. A statement of its own, so the
 * next statement's snapshot is taken after the lock is held.
 */
export async function lockGamesForAnswers(db: Db, codes: string[]) {
	await db.execute(sql`select count(*) from (
			select pg_advisory_xact_lock_shared(hashtext(k))
			from json_array_elements_text(cast(${JSON.stringify(codes.map(gameLockKey))}::text as json)) k
		) l`);
}

/** The statement of `answerContexts` (its test reads the plan). */
export function answerContextsQuery(requests: AnswerRequest[]) {
	// Each answer finds its rows through their unique indexes (lateral, limit 1). As plain joins
	// the planner, which cannot see into the JSON, hashed the whole players table, every game's,
	// for each batch: 1.5 ms at 10,000 players, and growing with every game played.
	return sql`select i.n, g.id as game_id, g.mode, g.state, g.current_index, g.deadline_at,
		p.id as player_id, p.status as player_status, q.type as question_type,
		gq.rescue as question_rescue
	from json_to_recordset(cast(${JSON.stringify(
		requests.map((r, n) => ({ n, code: r.code, token_hash: r.tokenHash, position: r.position }))
	)}::text as json)) as i(n int, code text, token_hash text, position int)
	left join lateral (select * from live_games where code = i.code limit 1) g on true
	left join lateral (select * from live_players
		where token_hash = i.token_hash and game_id = g.id limit 1) p on true
	left join lateral (select * from live_game_questions
		where game_id = g.id and position = i.position limit 1) gq on true
	left join lateral (select * from questions where id = gq.question_id limit 1) q on true
	order by i.n`;
}

/**
 * What each answer of a batch is checked against, in the batch's order: the game, the player
 * holding the token, and the type of the question at the position (null: no game has the code).
 */
export async function answerContexts(
	db: Db,
	requests: AnswerRequest[]
): Promise<(AnswerContext | null)[]> {
	const rows = rowsOf<{
		n: number;
		game_id: number | null;
		mode: LiveGame['mode'];
		state: LiveState;
		current_index: number | null;
		deadline_at: string | Date | null;
		player_id: number | null;
		player_status: LivePlayerStatus | null;
		question_type: string | null;
		question_rescue: boolean | null;
	}>(await db.execute(answerContextsQuery(requests)));
	return rows.map((row) =>
		row.game_id === null
			? null
			: {
					gameId: row.game_id,
					mode: row.mode,
					state: row.state,
					currentIndex: row.current_index,
					deadlineAt: row.deadline_at === null ? null : new Date(row.deadline_at),
					playerId: row.player_id,
					playerStatus: row.player_status,
					questionType: row.question_type,
					questionRescue: row.question_type === null ? null : row.question_rescue === true
				}
	);
}

export async function findGame(db: Db, id: number): Promise<LiveGame | null> {
	const [row] = await db.select().from(liveGames).where(eq(liveGames.id, id));
	return row ?? null;
}

export async function listGames(db: Db, withinPaths: string[] | null) {
	const conditions: SQL[] = [];
	if (withinPaths) {
		const scopes = withinPaths.map((p) => like(liveGames.unitPath, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	return db
		.select()
		.from(liveGames)
		.where(and(...conditions))
		.orderBy(desc(liveGames.id));
}

/** Games whose question is open: the timers a starting node must arm. */
export async function listOpenGames(db: Db) {
	return db
		.select({ id: liveGames.id, deadlineAt: liveGames.deadlineAt })
		.from(liveGames)
		.where(eq(liveGames.state, 'open'));
}

/** Games started and not finished (the metrics' gs_live_games_running). */
export async function countRunningGames(db: Db): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(liveGames)
		.where(inArray(liveGames.state, ['open', 'paused', 'closed', 'revealed']));
	return row?.n ?? 0;
}

export interface GameQuestionValues {
	questionId: number;
	seconds: number;
	/** The order its options are shown in (bank indexes). */
	optionOrder: number[];
}

/** A game, its main questions in order, then its rescue questions set aside after them. */
export async function insertGame(
	db: Db,
	values: typeof liveGames.$inferInsert,
	questions: GameQuestionValues[],
	rescue: GameQuestionValues[]
): Promise<LiveGame> {
	const [game] = await db.insert(liveGames).values(values).returning();
	await db.insert(liveGameQuestions).values([
		...questions.map(({ questionId, seconds, optionOrder }, position) => ({
			gameId: game!.id,
			position,
			questionId,
			seconds,
			optionOrder
		})),
		...rescue.map(({ questionId, seconds, optionOrder }, i) => ({
			gameId: game!.id,
			position: questions.length + i,
			questionId,
			seconds,
			optionOrder,
			rescue: true
		}))
	]);
	return game!;
}

export async function updateGame(
	db: Db,
	id: number,
	patch: Partial<typeof liveGames.$inferInsert>
): Promise<LiveGame> {
	const [row] = await db
		.update(liveGames)
		.set({ ...patch, version: sql`${liveGames.version} + 1` })
		.where(eq(liveGames.id, id))
		.returning();
	return row!;
}

export interface QuestionProgress {
	/** Main questions of the game. */
	count: number;
	/** Main questions opened so far (they open in order, so also the next one's position). */
	played: number;
	/** Rescue questions not opened yet, and the position of the next one. */
	rescueLeft: number;
	nextRescue: number | null;
}

export async function questionProgress(db: Db, gameId: number): Promise<QuestionProgress> {
	const [row] = await db
		.select({
			count: sql<number>`(count(*) filter (where not ${liveGameQuestions.rescue}))::int`,
			played: sql<number>`(count(*) filter (where not ${liveGameQuestions.rescue}
				and ${liveGameQuestions.openedAt} is not null))::int`,
			rescueLeft: sql<number>`(count(*) filter (where ${liveGameQuestions.rescue}
				and ${liveGameQuestions.openedAt} is null))::int`,
			nextRescue: sql<
				number | null
			>`min(${liveGameQuestions.position}) filter (where ${liveGameQuestions.rescue}
				and ${liveGameQuestions.openedAt} is null)`
		})
		.from(liveGameQuestions)
		.where(eq(liveGameQuestions.gameId, gameId));
	return {
		count: row?.count ?? 0,
		played: row?.played ?? 0,
		rescueLeft: row?.rescueLeft ?? 0,
		nextRescue: row?.nextRescue ?? null
	};
}

/**
 * One question of a game with its bank content (answer key included: callers strip it), its
 * options in the game's order and its key as positions in that order, as screens show it.
 */
export async function findGameQuestion(db: Db, gameId: number, position: number) {
	const [row] = await db
		.select({
			optionOrder: liveGameQuestions.optionOrder,
			position: liveGameQuestions.position,
			seconds: liveGameQuestions.seconds,
			golden: liveGameQuestions.golden,
			rescue: liveGameQuestions.rescue,
			openedAt: liveGameQuestions.openedAt,
			closedAt: liveGameQuestions.closedAt,
			questionId: questions.id,
			type: questions.type,
			prompt: questions.prompt,
			options: questions.options,
			correct: questions.correct,
			acceptedAnswers: questions.acceptedAnswers,
			ignoreDiacritics: questions.ignoreDiacritics,
			explanation: questions.explanation
		})
		.from(liveGameQuestions)
		.innerJoin(questions, eq(questions.id, liveGameQuestions.questionId))
		.where(and(eq(liveGameQuestions.gameId, gameId), eq(liveGameQuestions.position, position)));
	return row ? inShownOrder(row, row.optionOrder) : null;
}
export type GameQuestion = NonNullable<Awaited<ReturnType<typeof findGameQuestion>>>;

export async function updateGameQuestion(
	db: Db,
	gameId: number,
	position: number,
	patch: Partial<typeof liveGameQuestions.$inferInsert>
) {
	await db
		.update(liveGameQuestions)
		.set(patch)
		.where(and(eq(liveGameQuestions.gameId, gameId), eq(liveGameQuestions.position, position)));
}

export async function nextSeat(db: Db, gameId: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(${livePlayers.seat}), 0)::int` })
		.from(livePlayers)
		.where(eq(livePlayers.gameId, gameId));
	return (row?.n ?? 0) + 1;
}

export async function insertPlayer(
	db: Db,
	values: typeof livePlayers.$inferInsert
): Promise<LivePlayer> {
	const [row] = await db.insert(livePlayers).values(values).returning();
	return row!;
}

export async function findPlayerByToken(db: Db, gameId: number, tokenHash: string) {
	const [row] = await db
		.select()
		.from(livePlayers)
		.where(and(eq(livePlayers.gameId, gameId), eq(livePlayers.tokenHash, tokenHash)));
	return row ?? null;
}

export async function findPlayerByUser(db: Db, gameId: number, userId: number) {
	const [row] = await db
		.select()
		.from(livePlayers)
		.where(and(eq(livePlayers.gameId, gameId), eq(livePlayers.userId, userId)));
	return row ?? null;
}

export async function setPlayerToken(db: Db, playerId: number, tokenHash: string) {
	await db.update(livePlayers).set({ tokenHash }).where(eq(livePlayers.id, playerId));
}

export async function listPlayers(db: Db, gameId: number) {
	return db
		.select({
			id: livePlayers.id,
			seat: livePlayers.seat,
			displayName: livePlayers.displayName,
			unitName: livePlayers.unitName,
			status: livePlayers.status,
			eliminatedAt: livePlayers.eliminatedAt,
			userId: livePlayers.userId
		})
		.from(livePlayers)
		.where(eq(livePlayers.gameId, gameId))
		.orderBy(asc(livePlayers.seat));
}

export async function setPlayers(
	db: Db,
	ids: number[],
	status: LivePlayerStatus,
	eliminatedAt: number | null
) {
	if (ids.length === 0) return;
	await db.update(livePlayers).set({ status, eliminatedAt }).where(inArray(livePlayers.id, ids));
}

export * from './answer-repo';

/** Finished games that were played, of the given subtrees, newest first (awards' sources). */
export async function listFinishedGames(db: Db, withinPaths: string[] | null) {
	const scopes = withinPaths?.map((p) => like(liveGames.unitPath, `${escapeLike(p)}%`));
	return db
		.select({ id: liveGames.id, title: liveGames.title, code: liveGames.code })
		.from(liveGames)
		.where(
			and(
				eq(liveGames.state, 'finished'),
				sql`${liveGames.startedAt} is not null`,
				scopes ? (scopes.length ? or(...scopes) : sql`false`) : undefined
			)
		)
		.orderBy(desc(liveGames.id))
		.limit(200);
}

/** A game's questions in their order, rescue ones after: what a copy of the game asks. */
export async function listGameQuestions(db: Db, gameId: number) {
	return db
		.select({
			questionId: liveGameQuestions.questionId,
			seconds: liveGameQuestions.seconds,
			rescue: liveGameQuestions.rescue
		})
		.from(liveGameQuestions)
		.where(eq(liveGameQuestions.gameId, gameId))
		.orderBy(asc(liveGameQuestions.rescue), asc(liveGameQuestions.position));
}
