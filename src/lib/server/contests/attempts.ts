/** Taking part: starting an attempt, reading it, saving answers and submitting. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { predictionSchema } from '$lib/schemas/contests';
import { antiAbuseKey } from '../antiabuse/repo';
import type { Db } from '../db/client';
import type { Attempt } from '../db/schema';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors';
import { findQuestionsByIds, isCorrect } from '../questions';
import { defineUseCase, type Scope } from '../usecase';
import {
	NOT_FOUND,
	authorizeTake,
	closeExpiredNow,
	loadOwnAttempt,
	loadRound,
	playerOf,
	type PlayCtx
} from './access';
import * as repo from './repo';
import { submissionBatcherOf } from './submit-batcher';
import {
	acceptsAnswersAt,
	chosenIndexes,
	deadlineFor,
	drawAttempt,
	isExpiredRunning,
	optionIds,
	roundPhase
} from './rules';

const PLAYS =
	'signed-in people and, in public contests, guests by their cookie token play; authorizeTake decides';

/** The installation's option-id key, read through the connection that caches it. */
const keyOf = (scope: Scope) => antiAbuseKey(scope.db, (scope as PlayCtx).root ?? scope.db);

const ALREADY_SUBMITTED = 'Bài thi đã được nộp.';

const ALREADY_STARTED = 'Lượt thi này đã được bắt đầu ở một cửa sổ khác. Hãy tải lại trang.';

/**
 * Starts an attempt, or returns the one still running. The server draws the questions,
 * shuffles their options and fixes the start and the deadline; the unique
 * (round, player, attempt number) refuses a start beyond the allowance, even when racing.
 */
export const startAttempt = defineUseCase({
	name: 'contest.attempt_start',
	public: PLAYS,
	input: z.object({ roundId: id('tuần thi') }).extend(predictionSchema.shape),
	load: async (scope, input) => {
		const loaded = await loadRound(scope.db, input.roundId);
		// Unreachable through the product (a draft's rounds cannot be opened): kept as the rule.
		if (loaded.contest.draft) throw notFound(NOT_FOUND);
		authorizeTake(scope, loaded.contest);
		return loaded;
	},
	run: async (scope, input, { round, contest }) => {
		const { db, now } = scope;
		if (roundPhase(round, now) !== 'open') throw conflict('Tuần thi chưa mở hoặc đã kết thúc.');
		const player = await playerOf(db, scope as PlayCtx, contest);
		let mine = await repo.listAttemptsOf(db, round.id, player.id);
		// An attempt of theirs that ran out unsubmitted ends first, so the next may start.
		if (mine.some((a) => isExpiredRunning(a, now))) {
			await repo.closeExpired(db, round.id, now, { playerId: player.id });
			mine = await repo.listAttemptsOf(db, round.id, player.id);
		}
		const running = mine.find((a) => a.finishedAt === null);
		if (running) return { attemptId: running.id, resumed: true };
		if (mine.length >= round.attemptsAllowed)
			throw conflict(`Bạn đã dùng hết ${round.attemptsAllowed} lượt thi của tuần này.`);
		const pool = await repo.poolOf(db, round.id);
		const questions = await findQuestionsByIds(
			db,
			pool.map((p) => p.id)
		);
		const drawn = drawAttempt(
			questions
				.filter((q) => q.status !== 'retired')
				.map((q) => ({ id: q.id, optionCount: q.options.length })),
			round.questionCount,
			Math.random
		);
		try {
			const attempt = await repo.insertAttempt(db, {
				roundId: round.id,
				playerId: player.id,
				attemptNo: mine.length + 1,
				startedAt: now,
				deadline: deadlineFor(now, round.timeLimitSeconds, round.closesAt),
				questionIds: drawn.questionIds,
				optionOrders: drawn.optionOrders,
				prediction: input.prediction ?? null
			});
			return { attemptId: attempt.id, resumed: false };
		} catch (error) {
			if (isUniqueViolation(error, 'attempts_round_player_no_idx')) throw conflict(ALREADY_STARTED);
			throw error;
		}
	}
});

/**
 * What the player's screen shows. While the round runs: the questions in the drawn order,
 * options in the attempt's shuffled order under ids of this attempt only (`optionIds`), and
 * the saved answers as those ids — never a correct answer, an explanation or a bank index.
 * After the round closes: the key (as the same ids) and explanations.
 */
export async function getAttempt(ctx: PlayCtx, attemptId: number) {
	const key = await antiAbuseKey(ctx.db);
	const own = await loadOwnAttempt(ctx.db, ctx, attemptId);
	const { round, contest } = own;
	let attempt = own.attempt;
	if (isExpiredRunning(attempt, ctx.now)) {
		await closeExpiredNow(ctx.db, round.id, ctx.now, { attemptId: attempt.id });
		attempt = (await repo.findAttempt(ctx.db, attemptId))!;
	}
	const [questions, answers] = await Promise.all([
		findQuestionsByIds(ctx.db, attempt.questionIds),
		repo.answersOf(ctx.db, attempt.id)
	]);
	const byId = new Map(questions.map((q) => [q.id, q]));
	const saved = new Map(answers.map((a) => [a.questionId, a]));
	const finished = attempt.finishedAt !== null;
	const revealed = roundPhase(round, ctx.now) === 'closed';
	// The player's own place: final once the round has closed, provisional before (the real
	// figure of the prediction question is not known yet). It reveals no other player's score.
	const rank = finished
		? await repo.rankOfPlayer(
				ctx.db,
				round.id,
				attempt.playerId,
				contest.tieBreaks,
				await repo.actualFigure(ctx.db, round, contest.predictionKind)
			)
		: null;
	return {
		contest: { id: contest.id, title: contest.title },
		round: { id: round.id, title: round.title, predictionQuestion: round.predictionQuestion },
		attempt: {
			id: attempt.id,
			attemptNo: attempt.attemptNo,
			startedAt: attempt.startedAt,
			deadline: attempt.deadline,
			finished,
			timedOut: attempt.timedOut,
			correct: finished ? attempt.correctCount : null,
			durationMs: finished ? attempt.durationMs : null,
			total: attempt.questionIds.length,
			prediction: attempt.prediction
		},
		rank: rank ? { ...rank, provisional: !revealed } : null,
		revealed,
		questions: attempt.questionIds.map((id, i) => {
			const q = byId.get(id)!;
			const ids = optionIds(key, attempt.id, id, q.options.length);
			const answer = saved.get(id)?.answer ?? null;
			return {
				id,
				number: i + 1,
				type: q.type,
				prompt: q.prompt,
				options: attempt.optionOrders[i]!.map((index) => ({
					id: ids[index]!,
					text: q.options[index]!
				})),
				answer: Array.isArray(answer) ? answer.map((index) => ids[index]!) : answer,
				...(revealed
					? {
							solution: {
								correct: q.correct.map((index) => ids[index]!),
								acceptedAnswers: q.acceptedAnswers,
								explanation: q.explanation,
								source: q.source,
								right: saved.get(id)?.correct ?? false
							}
						}
					: {})
			};
		})
	};
}

const TOO_LATE = 'Đã hết giờ làm bài: câu trả lời không được ghi nhận.';

/** One answer as the page sends it. */
export interface AnswerInput {
	questionId: number;
	/** The ids of the chosen options, as this attempt's page gave them. */
	choice: string[];
	text?: string;
}

const NOT_AN_OPTION = 'Phương án đã chọn không thuộc lượt thi này. Vui lòng tải lại trang.';

/**
 * The answers of a sheet, checked against the attempt and marked: one read of the questions.
 * Option ids are mapped back to bank indexes with the installation's `key`.
 */
async function markSheet(db: Db, key: string, attempt: Attempt, inputs: AnswerInput[]) {
	if (inputs.length === 0) return [];
	for (const input of inputs)
		if (!attempt.questionIds.includes(input.questionId))
			throw invalid('Câu hỏi không thuộc lượt thi này.', {
				questionId: ['Câu hỏi không thuộc lượt thi này.']
			});
	const byId = new Map(
		(
			await findQuestionsByIds(
				db,
				inputs.map((a) => a.questionId)
			)
		).map((q) => [q.id, q])
	);
	const rows = new Map<number, { answer: number[] | string; correct: boolean }>();
	for (const input of inputs) {
		const question = byId.get(input.questionId)!;
		let answer: number[] | string;
		if (question.type === 'short') answer = (input.text ?? '').trim();
		else {
			const ids = optionIds(key, attempt.id, question.id, question.options.length);
			const chosen = chosenIndexes(ids, input.choice);
			if (!chosen) throw invalid(NOT_AN_OPTION, { choice: [NOT_AN_OPTION] });
			answer = question.type === 'multiple' ? [...new Set(chosen)] : chosen.slice(0, 1);
		}
		// The last answer to a question in one request wins.
		rows.set(question.id, { answer, correct: isCorrect(question, answer) });
	}
	return [...rows].map(([questionId, r]) => ({ questionId, ...r }));
}

const answersInput = z.object({
	attemptId: id('lượt thi'),
	/** Parsed by `answersFromForm` (or typed by code): the answers are not parsed again. */
	answers: z.array(z.custom<AnswerInput>()).default([])
});

/** Saves answers as the player goes; refused after the deadline plus the grace. */
export const saveAnswers = defineUseCase({
	name: 'contest.answers_save',
	public: PLAYS,
	input: answersInput,
	load: (scope, input) => loadOwnAttempt(scope.db, scope as PlayCtx, input.attemptId, true),
	run: async (scope, { answers }, { attempt }) => {
		const { db, now } = scope;
		if (attempt.finishedAt !== null) throw conflict('Bài thi đã nộp, không thể sửa câu trả lời.');
		if (!acceptsAnswersAt(attempt.deadline, now)) throw conflict(TOO_LATE);
		await repo.upsertAnswers(
			db,
			attempt.id,
			await markSheet(db, await keyOf(scope), attempt, answers),
			now
		);
		return { saved: answers.length, savedAt: now };
	}
});

/** One answer: what the page sends when the player picks an option. */
export function saveAnswer(ctx: PlayCtx, input: AnswerInput & { attemptId: number }) {
	const { attemptId, ...answer } = input;
	return saveAnswers(ctx, { attemptId, answers: [answer] });
}

/**
 * Ends the attempt, saving the last answers first. Within the deadline plus grace it ends
 * now; later the server closes it at the deadline and the late answers are not counted.
 */
export const submitAttempt = defineUseCase({
	name: 'contest.attempt_submit',
	public: PLAYS,
	ownTransaction:
		"sheets are group-committed by a batcher (submit-batcher.ts): at a round's closing hour many players submit at once, and one transaction ends many attempts",
	input: answersInput,
	load: (scope, input) => loadOwnAttempt(scope.db, scope as PlayCtx, input.attemptId),
	run: async (scope, { answers }, { attempt }) => {
		const { db, now } = scope;
		if (attempt.finishedAt !== null) throw conflict(ALREADY_SUBMITTED);
		// Lateness is judged at arrival: the time waiting for the batch is the server's, not the player's.
		const late = !acceptsAnswersAt(attempt.deadline, now);
		const done = await submissionBatcherOf(db).submit({
			attemptId: attempt.id,
			answers: late ? [] : await markSheet(db, await keyOf(scope), attempt, answers),
			savedAt: now,
			finishedAt: late || now > attempt.deadline ? attempt.deadline : now,
			timedOut: late
		});
		// Ended between the read and the batch: by the same sheet sent twice, or by the sweep.
		if (!done) throw conflict(ALREADY_SUBMITTED);
		return {
			correct: done.correctCount,
			total: done.total,
			durationMs: done.durationMs,
			late
		};
	}
});
