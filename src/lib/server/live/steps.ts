/** The steps host commands share: opening, closing and judging a question, counting a rescue. */
import type { Db } from '../db/client';
import type { LiveGame } from '../db/schema';
import { conflict } from '../errors';
import { isCorrect } from '../questions';
import * as repo from './repo';
import {
	deadlineFor,
	endAfterRescue,
	endAfterReveal,
	isGoldenBell,
	judgeQuestion,
	rescueRefusal,
	rescuedByQuestion
} from './rules';

export async function openQuestion(
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

export async function closeQuestion(tx: Db, game: LiveGame, now: Date): Promise<LiveGame> {
	await repo.updateGameQuestion(tx, game.id, game.currentIndex, { closedAt: now });
	return repo.updateGame(tx, game.id, { state: 'closed', deadlineAt: null, remainingMs: null });
}

/** Judges the closed question: wrong or missing answers fall; then the end conditions. */
export async function reveal(tx: Db, game: LiveGame, now: Date): Promise<LiveGame> {
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
	await repo.insertFalls(tx, game.id, position, fallen);
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
export async function afterRescue(
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
