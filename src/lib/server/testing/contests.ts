import type { ContestInput, RoundInput } from '$lib/schemas/contests';
import type { QuestionInput } from '$lib/schemas/questions';
import { addRound, createContest, register } from '../contests';
import type { Ctx } from '../context';
import type { Database } from '../db/client';
import { approveQuestion, createQuestion } from '../questions/service';
import type { Unit } from '../db/schema';
import { ctxFor, makeTree, makeUser } from './factories';

let counter = 0;

/** A question input with sensible defaults; `source` empty means it cannot be approved. */
export function questionInput(overrides: Partial<QuestionInput> = {}): QuestionInput {
	const n = ++counter;
	return {
		type: 'single',
		prompt: `Câu hỏi thử nghiệm số ${n} về lịch sử Đoàn thanh niên?`,
		options: ['Phương án một', 'Phương án hai', 'Phương án ba', 'Phương án bốn'],
		correct: [1],
		acceptedAnswers: [],
		ignoreDiacritics: false,
		topic: 'Lịch sử Đoàn',
		difficulty: 1,
		explanation: `Giải thích bí mật ${n}`,
		source: 'Lịch sử Đoàn TNCS Hồ Chí Minh (NXB Thanh niên, 2021)',
		...overrides
	};
}

/** Creates and approves a question through the services. */
export async function makeApprovedQuestion(
	ctx: Ctx,
	unitId: number,
	overrides: Partial<QuestionInput> = {}
) {
	const q = await createQuestion(ctx, { unitId, ...questionInput(overrides) });
	return approveQuestion(ctx, { id: q.id });
}

/** The id an attempt's page gives the option with this text (the page never shows indexes). */
export function optionIdOf(question: { options: { id: string; text: string }[] }, text: string) {
	const option = question.options.find((o) => o.text === text);
	if (!option) throw new Error(`no option "${text}" on the page`);
	return option.id;
}

/** A contest of `unitId` with the usual ranking; members only unless told. */
export function contestInput(
	unitId: number,
	title: string,
	overrides: Partial<ContestInput> = {}
): ContestInput {
	return {
		unitId,
		title,
		description: '',
		scope: 'members',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted'],
		...overrides
	};
}

/** A round over [opensAt, closesAt): one question, 10 minutes, one attempt, no prizes. */
export function roundInput(
	title: string,
	opensAt: Date,
	closesAt: Date,
	overrides: Partial<RoundInput> = {}
): RoundInput {
	return {
		title,
		opensAt,
		closesAt,
		questionCount: 1,
		timeLimitMinutes: 10,
		attemptsAllowed: 1,
		topics: [],
		difficulties: [],
		predictionQuestion: 'Dự đoán?',
		prizeTiers: [],
		...overrides
	};
}

/**
 * A tree whose district's organizer runs a contest (`overrides` for its scope) with one round
 * over [opensAt, closesAt) and an approved question for it; the round is not opened yet.
 */
export async function makeContestRound(
	database: Database,
	titles: { contest: string; round: string },
	opensAt: Date,
	closesAt: Date,
	overrides: Partial<ContestInput> = {}
) {
	const tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer, opensAt);
	await makeApprovedQuestion(ctx, tree.district.id);
	const contest = await createContest(
		ctx,
		contestInput(tree.district.id, titles.contest, overrides)
	);
	const round = await addRound(ctx, {
		contestId: contest.id,
		...roundInput(titles.round, opensAt, closesAt)
	});
	return { tree, ctx, contest, round };
}

let members = 0;

/** A new member of `unit`, registered for the contest with a phone and ID number of their own. */
export async function registeredMember(
	database: Database,
	contestId: number,
	unit: Unit,
	at: Date
) {
	const n = ++members;
	const actor = await makeUser(database, { unit, roles: [{ role: 'member', unit }] });
	await register(ctxFor(database, actor, at), {
		consent: true,
		contestId,
		fullName: actor.fullName,
		phone: `0915${String(n).padStart(6, '0')}`,
		idNumber: `0013990${String(n).padStart(5, '0')}`,
		birthDate: undefined,
		unitId: unit.id
	});
	return actor;
}
