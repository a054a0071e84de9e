/** Answers, floor marks, rescues and per-question statistics of live games. */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { LiveState } from '$lib/shared/live';
import type { Db } from '../db/client';
import { rowsOf } from '../db/sql';
import {
	liveAnswers,
	liveFalls,
	liveGameQuestions,
	livePlayers,
	liveRescues,
	questions
} from '../db/schema';

/** The first answer of a player to a question; false when one is already stored. */
export interface NewAnswer {
	gameId: number;
	position: number;
	playerId: number;
	answer: number[] | string;
	receivedAt: Date;
}

export const answerKey = (a: { gameId: number; position: number; playerId: number }) =>
	`${a.gameId}:${a.position}:${a.playerId}`;

/**
 * Stores a batch of answers in one statement; a player's second answer to a question (in the
 * table or earlier in the batch) is skipped by the unique key. Returns the keys stored.
 */
export async function insertAnswers(db: Db, answers: NewAnswer[]): Promise<Set<string>> {
	if (answers.length === 0) return new Set();
	const rows = rowsOf<{ game_id: number; position: number; player_id: number }>(
		await db.execute(sql`insert into live_answers (game_id, position, player_id, answer, received_at)
			select game_id, position, player_id, answer, received_at
			from json_to_recordset(cast(${JSON.stringify(
				answers.map((a) => ({
					game_id: a.gameId,
					position: a.position,
					player_id: a.playerId,
					answer: a.answer,
					received_at: a.receivedAt.toISOString()
				}))
			)}::text as json)) as t(game_id int, position int, player_id int, answer jsonb, received_at timestamptz)
			order by game_id, position, player_id, received_at
			on conflict do nothing returning game_id, position, player_id`)
	);
	return new Set(
		rows.map((r) => answerKey({ gameId: r.game_id, position: r.position, playerId: r.player_id }))
	);
}

export async function findAnswer(db: Db, playerId: number, position: number) {
	const [row] = await db
		.select()
		.from(liveAnswers)
		.where(and(eq(liveAnswers.playerId, playerId), eq(liveAnswers.position, position)));
	return row ?? null;
}

export async function listAnswers(db: Db, gameId: number, position: number) {
	return db
		.select({ playerId: liveAnswers.playerId, answer: liveAnswers.answer })
		.from(liveAnswers)
		.where(and(eq(liveAnswers.gameId, gameId), eq(liveAnswers.position, position)));
}

export async function countAnswers(db: Db, gameId: number, position: number) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(liveAnswers)
		.where(and(eq(liveAnswers.gameId, gameId), eq(liveAnswers.position, position)));
	return row?.n ?? 0;
}

export async function markAnswers(db: Db, gameId: number, position: number, rightIds: number[]) {
	await db
		.update(liveAnswers)
		.set({
			correct: rightIds.length
				? sql`${liveAnswers.playerId} in (${sql.join(
						rightIds.map((id) => sql`${id}`),
						sql`, `
					)})`
				: sql`false`
		})
		.where(and(eq(liveAnswers.gameId, gameId), eq(liveAnswers.position, position)));
}

/** Keeps who fell at `position`: a rescue later clears their marker, not this history. */
export async function insertFalls(db: Db, gameId: number, position: number, playerIds: number[]) {
	if (playerIds.length === 0) return;
	await db
		.insert(liveFalls)
		.values(playerIds.map((playerId) => ({ gameId, playerId, position })))
		.onConflictDoNothing();
}

export async function insertRescue(db: Db, values: typeof liveRescues.$inferInsert) {
	await db.insert(liveRescues).values(values);
}

/** How many a rescue question brought back (null while it has not been revealed). */
/**
 * How many the rescues of the question at `position` brought back: a rescue question's own
 * (by its position), or the "since question X" rescues called after this main question.
 * Rescue questions sit after every main question, so the two never meet.
 */
export async function restoredAt(db: Db, gameId: number, position: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(sum(${liveRescues.restored}), 0)::int` })
		.from(liveRescues)
		.where(
			and(
				eq(liveRescues.gameId, gameId),
				or(
					eq(liveRescues.questionPosition, position),
					and(eq(liveRescues.kind, 'since'), eq(liveRescues.atIndex, position))
				)
			)
		);
	return row?.n ?? 0;
}

export async function countStanding(db: Db, gameId: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(livePlayers)
		.where(and(eq(livePlayers.gameId, gameId), eq(livePlayers.status, 'active')));
	return row?.n ?? 0;
}

export type { LiveState };

/** Whiteboard mode: the judges' marks for a question, replacing any earlier ones. */
export async function replaceMarks(
	db: Db,
	gameId: number,
	position: number,
	marks: { playerId: number; correct: boolean }[],
	now: Date
) {
	await db
		.delete(liveAnswers)
		.where(and(eq(liveAnswers.gameId, gameId), eq(liveAnswers.position, position)));
	if (marks.length === 0) return;
	await db.insert(liveAnswers).values(
		marks.map((m) => ({
			gameId,
			position,
			playerId: m.playerId,
			answer: '',
			correct: m.correct,
			receivedAt: now
		}))
	);
}

export async function listMarkedRight(db: Db, gameId: number, position: number) {
	return db
		.select({ playerId: liveAnswers.playerId })
		.from(liveAnswers)
		.where(
			and(
				eq(liveAnswers.gameId, gameId),
				eq(liveAnswers.position, position),
				eq(liveAnswers.correct, true)
			)
		);
}

/**
 * Per question of a game, in the order they were played: answers received, right answers,
 * players who fell there, rescued later or not (on a rescue question the right ones are those
 * who came back).
 */
export async function questionStats(db: Db, gameId: number) {
	return db
		.select({
			position: liveGameQuestions.position,
			prompt: questions.prompt,
			golden: liveGameQuestions.golden,
			rescue: liveGameQuestions.rescue,
			openedAt: liveGameQuestions.openedAt,
			answered: sql<number>`(select count(*)::int from live_answers a
				where a.game_id = ${liveGameQuestions.gameId} and a.position = ${liveGameQuestions.position}
				and a.answer <> '""'::jsonb)`,
			right: sql<number>`(select count(*)::int from live_answers a
				where a.game_id = ${liveGameQuestions.gameId} and a.position = ${liveGameQuestions.position}
				and a.correct)`,
			// Every fall at the question, also of those a rescue brought back (kicked players aside).
			fell: sql<number>`(select count(*)::int from live_falls f
				join live_players p on p.id = f.player_id
				where f.game_id = ${liveGameQuestions.gameId} and f.position = ${liveGameQuestions.position}
				and p.status <> 'kicked')`
		})
		.from(liveGameQuestions)
		.innerJoin(questions, eq(questions.id, liveGameQuestions.questionId))
		.where(eq(liveGameQuestions.gameId, gameId))
		.orderBy(asc(liveGameQuestions.openedAt), asc(liveGameQuestions.position));
}
