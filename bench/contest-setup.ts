// What the contest benches set up the same way: a bank of approved questions and public
// contests, each with one round open for the whole run.
import { addRound, createContest, openRound } from '../src/lib/server/contests';
import type { Ctx } from '../src/lib/server/context';
import { approveQuestion, createQuestion } from '../src/lib/server/questions';
import { questionInput } from '../src/lib/server/testing/contests';

export interface BenchRound {
	contestId: number;
	roundId: number;
}

/**
 * `questions` + 10 approved questions, then one public contest per title (rounds of one contest
 * may not share a window) with a round of `questions` open from a minute before `now` for a day.
 */
export async function openBenchContests(
	before: Ctx,
	unitId: number,
	now: Date,
	{ prefix, titles, questions }: { prefix: string; titles: readonly string[]; questions: number }
): Promise<BenchRound[]> {
	for (let i = 0; i < questions + 10; i++) {
		const q = await createQuestion(before, { unitId, ...questionInput() });
		await approveQuestion(before, { id: q.id });
	}
	const rounds: BenchRound[] = [];
	for (const title of titles) {
		const contest = await createContest(before, {
			unitId,
			title: `${prefix} — ${title}`,
			description: '',
			scope: 'public',
			predictionKind: 'participants',
			tieBreaks: ['correct', 'prediction', 'duration', 'submitted'],
			// Every bench guest registers from this one process.
			guestHourlyLimit: 100_000
		});
		const round = await addRound(before, {
			contestId: contest.id,
			title,
			opensAt: new Date(now.getTime() - 60_000),
			closesAt: new Date(now.getTime() + 24 * 3600_000),
			questionCount: questions,
			timeLimitMinutes: 120,
			attemptsAllowed: 1,
			topics: [],
			difficulties: [],
			predictionQuestion: 'Bao nhiêu người tham gia?',
			prizeTiers: []
		});
		await openRound(before, { roundId: round.id });
		rounds.push({ contestId: contest.id, roundId: round.id });
	}
	return rounds;
}
