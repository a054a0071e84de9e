import { describe, expect, it } from 'vitest';
import {
	GRACE_MS,
	acceptsAnswerAt,
	answerRefusal,
	allows,
	closesAt,
	closeTimerDelay,
	SETTLE_MS,
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
	type AnswerContext,
	type PlayerLite
} from './rules';
import { answersQuestion } from '$lib/shared/live';

const single = {
	type: 'single' as const,
	correct: [1],
	acceptedAnswers: [],
	ignoreDiacritics: false
};
const short = {
	type: 'short' as const,
	correct: [],
	acceptedAnswers: ['Hà Nội'],
	ignoreDiacritics: true
};
const p = (
	id: number,
	status: PlayerLite['status'] = 'active',
	eliminatedAt: number | null = null
) => ({ id, status, eliminatedAt }) satisfies PlayerLite;

describe('states', () => {
	it('answers only while a question is open', () => {
		expect(allows('open', 'answer')).toBe(true);
		for (const s of ['lobby', 'paused', 'closed', 'revealed', 'finished'] as const)
			expect(allows(s, 'answer')).toBe(false);
	});
	it('opens the next question only after the previous one is revealed', () => {
		expect(allows('revealed', 'open')).toBe(true);
		expect(allows('closed', 'open')).toBe(false);
		expect(allows('open', 'open')).toBe(false);
	});
	it('a finished game allows nothing', () => {
		expect(allows('finished', 'end')).toBe(false);
		expect(allows('finished', 'rescue')).toBe(false);
	});
	it('joining needs the lobby, unlocked', () => {
		expect(joinRefusal('lobby', false)).toBeNull();
		expect(joinRefusal('lobby', true)).toMatch(/khóa/);
		expect(joinRefusal('open', false)).toMatch(/bắt đầu/);
	});
});

describe('deadline and grace', () => {
	const opened = new Date('2026-11-26T02:00:00.000Z');
	const deadline = deadlineFor(opened, 20);
	it('is the opening plus the time of the question', () => {
		expect(deadline.toISOString()).toBe('2026-11-26T02:00:20.000Z');
	});
	it('accepts an answer up to the deadline plus the grace, refuses 1 ms later', () => {
		expect(acceptsAnswerAt(deadline, deadline)).toBe(true);
		expect(acceptsAnswerAt(deadline, new Date(deadline.getTime() + GRACE_MS))).toBe(true);
		expect(acceptsAnswerAt(deadline, new Date(deadline.getTime() + GRACE_MS + 1))).toBe(false);
	});
	it('closes by itself when the grace ends', () => {
		expect(closesAt(deadline).getTime() - deadline.getTime()).toBe(GRACE_MS);
	});

	it('arms the close timer past the last receipt that counts, by the settle time', () => {
		const deadline = new Date('2026-11-26T08:00:20.000Z');
		const opened = new Date('2026-11-26T08:00:00.000Z');
		// An answer received at the grace's last millisecond has SETTLE_MS to reach its batch.
		expect(closeTimerDelay(deadline, opened)).toBe(20_000 + GRACE_MS + SETTLE_MS);
		expect(SETTLE_MS).toBeGreaterThan(0);
		// A node that starts (or reconnects) after the deadline still waits the settle time.
		expect(closeTimerDelay(deadline, new Date('2026-11-26T08:01:00.000Z'))).toBe(SETTLE_MS);
	});
});

describe('elimination', () => {
	it('eliminates wrong and missing answers, keeps right ones, ignores the fallen', () => {
		const players = [p(1), p(2), p(3), p(4, 'eliminated', 0), p(5, 'kicked')];
		const answers = new Map<number, number[] | string>([
			[1, [1]],
			[2, [0]],
			[4, [1]],
			[5, [1]]
		]);
		expect(judgeQuestion(players, answers, single)).toEqual({ survivors: [1], fallen: [2, 3] });
	});
	it('uses the bank matching rules for typed answers', () => {
		const answers = new Map<number, number[] | string>([
			[1, '  ha noi '],
			[2, 'Hải Phòng']
		]);
		expect(judgeQuestion([p(1), p(2)], answers, short)).toEqual({ survivors: [1], fallen: [2] });
	});
});

describe('rescue', () => {
	const config = { rescueWhenAtMost: 3, rescueMaxUses: 1, rescuesUsed: 0 };
	it('is available after a reveal when at most R stand', () => {
		expect(rescueRefusal(config, 'revealed', 3)).toBeNull();
		expect(rescueRefusal(config, 'revealed', 0)).toBeNull();
		expect(rescueRefusal(config, 'revealed', 4)).toMatch(/tối đa 3/);
		expect(rescueRefusal(config, 'open', 1)).toMatch(/công bố/);
	});
	it('at most M times', () => {
		expect(rescueRefusal({ ...config, rescuesUsed: 1 }, 'revealed', 1)).toMatch(/hết 1 lượt/);
		expect(
			rescueRefusal({ ...config, rescueMaxUses: 2, rescuesUsed: 1 }, 'revealed', 1)
		).toBeNull();
	});
	it('brings back everyone eliminated at or after the chosen question, not kicked players', () => {
		const players = [
			p(1),
			p(2, 'eliminated', 0),
			p(3, 'eliminated', 2),
			p(4, 'eliminated', 3),
			p(5, 'kicked')
		];
		expect(rescued(players, 2)).toEqual([3, 4]);
		expect(rescued(players, 0)).toEqual([2, 3, 4]);
	});
});

describe('who may answer', () => {
	const deadline = new Date('2026-11-26T02:00:20.000Z');
	type Attempt = Omit<AnswerContext, 'gameId' | 'playerId' | 'questionType'> & {
		position: number;
	};
	// A known player has an id, and a question at the position has a type.
	const refuse = ({ position, ...attempt }: Attempt, receivedAt: Date) =>
		answerRefusal(
			{
				...attempt,
				gameId: 1,
				playerId: attempt.playerStatus === null ? null : 7,
				questionType: attempt.questionRescue === null ? null : 'single'
			},
			position,
			[1],
			receivedAt
		);
	const open: Attempt = {
		mode: 'phones',
		state: 'open',
		currentIndex: 3,
		deadlineAt: deadline,
		position: 3,
		playerStatus: 'active',
		questionRescue: false
	};
	const rescue: Attempt = { ...open, questionRescue: true, playerStatus: 'eliminated' };
	const before = new Date(deadline.getTime() - 1000);
	it('those standing answer a main question, the eliminated a rescue question', () => {
		expect(answersQuestion('active', false)).toBe(true);
		expect(answersQuestion('eliminated', false)).toBe(false);
		expect(answersQuestion('eliminated', true)).toBe(true);
		expect(answersQuestion('active', true)).toBe(false);
		expect(answersQuestion('kicked', true)).toBe(false);
		expect(refuse(open, before)).toBeNull();
		expect(refuse(rescue, before)).toBeNull();
	});
	it('refuses an eliminated player on a main question and a standing one on a rescue question', () => {
		expect(refuse({ ...open, playerStatus: 'eliminated' }, before)?.message).toMatch(/đã bị loại/);
		expect(refuse({ ...rescue, playerStatus: 'active' }, before)).toEqual({
			status: 409,
			message: expect.stringMatching(/^Câu hỏi cứu trợ — bạn đang đứng trên sàn, hãy theo dõi/)
		});
	});
	it('unknown or kicked players are not in the game (404)', () => {
		expect(refuse({ ...open, playerStatus: null }, before)?.status).toBe(404);
		expect(refuse({ ...rescue, playerStatus: 'kicked' }, before)?.status).toBe(404);
	});
	it('the same deadline and grace on a rescue question', () => {
		expect(refuse(rescue, new Date(deadline.getTime() + GRACE_MS))).toBeNull();
		expect(refuse(rescue, new Date(deadline.getTime() + GRACE_MS + 1))?.message).toBe(
			'Đã hết giờ trả lời.'
		);
	});
	it('only the question on screen, while it is open, and never in whiteboard mode', () => {
		const stale = 'Câu hỏi này không còn nhận câu trả lời.';
		expect(refuse({ ...rescue, position: 2 }, before)?.message).toBe(stale);
		expect(refuse({ ...rescue, state: 'closed', deadlineAt: null }, before)?.message).toBe(stale);
		expect(refuse({ ...open, questionRescue: null }, before)?.message).toBe(stale);
		expect(refuse({ ...rescue, mode: 'whiteboard' }, before)?.message).toMatch(/bảng trắng/);
	});
});

describe('rescue question', () => {
	const config = { rescueWhenAtMost: 2, rescueMaxUses: 1, rescuesUsed: 0 };
	const players = [p(1), p(2), p(3, 'eliminated', 0), p(4, 'eliminated', 1), p(5, 'kicked')];
	it('opens under the same R and M limits, with a question left and someone to bring back', () => {
		expect(rescueQuestionRefusal(config, 'revealed', players, 1)).toBeNull();
		expect(rescueQuestionRefusal(config, 'closed', players, 1)).toMatch(/công bố/);
		expect(rescueQuestionRefusal({ ...config, rescuesUsed: 1 }, 'revealed', players, 1)).toMatch(
			/hết 1 lượt/
		);
		expect(rescueQuestionRefusal(config, 'revealed', [p(9), ...players], 1)).toMatch(/tối đa 2/);
		expect(rescueQuestionRefusal(config, 'revealed', players, 0)).toMatch(/Không còn câu hỏi/);
		expect(rescueQuestionRefusal(config, 'revealed', [p(1), p(5, 'kicked')], 1)).toMatch(
			/Chưa có ai bị loại/
		);
	});
	it('brings back only the eliminated who answered right', () => {
		const right = new Set([1, 3, 5]);
		expect(rescuedByQuestion(players, (id) => right.has(id))).toEqual([3]);
		expect(rescuedByQuestion(players, () => false)).toEqual([]);
	});
	it('after a rescue an empty floor ends the game unless another rescue is possible', () => {
		const base = { questionsLeft: 5, rescueAvailable: false };
		expect(endAfterRescue({ ...base, standing: 0 })).toBe('all_fell');
		expect(endAfterRescue({ ...base, standing: 0, rescueAvailable: true })).toBeNull();
		// One back on an empty floor plays on: the last-one rule follows main questions only.
		expect(endAfterRescue({ ...base, standing: 1 })).toBeNull();
		expect(endAfterRescue({ ...base, standing: 3, questionsLeft: 0 })).toBe('out_of_questions');
	});
});

describe('golden bell', () => {
	it('comes at a fixed question', () => {
		const config = { goldenBellIndex: 4, goldenBellWhenAtMost: null };
		expect(isGoldenBell(config, 4, 50)).toBe(true);
		expect(isGoldenBell(config, 3, 1)).toBe(false);
	});
	it('or when at most N stand', () => {
		const config = { goldenBellIndex: null, goldenBellWhenAtMost: 2 };
		expect(isGoldenBell(config, 1, 2)).toBe(true);
		expect(isGoldenBell(config, 1, 3)).toBe(false);
	});
});

describe('end conditions', () => {
	const base = { position: 2, questionCount: 10, golden: false, rescueAvailable: false };
	it('ends with one left', () => {
		expect(endAfterReveal({ ...base, standing: 1 })).toBe('last_one');
	});
	it('ends when all fell and no rescue is left, waits for the host when one is', () => {
		expect(endAfterReveal({ ...base, standing: 0 })).toBe('all_fell');
		expect(endAfterReveal({ ...base, standing: 0, rescueAvailable: true })).toBeNull();
	});
	it('ends when the questions run out', () => {
		expect(endAfterReveal({ ...base, standing: 4, position: 9 })).toBe('out_of_questions');
		expect(endAfterReveal({ ...base, standing: 4, position: 8 })).toBeNull();
	});
	it('ends after the golden-bell question', () => {
		expect(endAfterReveal({ ...base, standing: 2, golden: true })).toBe('golden_bell');
		expect(endAfterReveal({ ...base, standing: 0, golden: true, rescueAvailable: true })).toBe(
			'all_fell'
		);
	});
});

describe('final order', () => {
	it('winners first, then by the question at which each fell, later first; ties share a rank', () => {
		const order = finalOrder([
			p(1, 'eliminated', 1),
			p(2),
			p(3, 'eliminated', 4),
			p(4, 'eliminated', 4),
			p(5, 'kicked')
		]);
		expect(order).toEqual([
			{ id: 2, rank: 1, winner: true },
			{ id: 3, rank: 2, winner: false },
			{ id: 4, rank: 2, winner: false },
			{ id: 1, rank: 4, winner: false }
		]);
	});
	it('when all fell on the same question, they share the result', () => {
		const order = finalOrder([p(1, 'eliminated', 5), p(2, 'eliminated', 5), p(3, 'eliminated', 2)]);
		expect(order.filter((r) => r.winner).map((r) => r.id)).toEqual([1, 2]);
		expect(order.map((r) => r.rank)).toEqual([1, 1, 3]);
	});
});

describe('join code', () => {
	it('maps bytes onto the alphabet', () => {
		expect(joinCodeFrom(new Uint8Array([0, 1, 2, 33]), 'ABC', 4)).toBe('ABCA');
	});
});

describe('answerRefusal', () => {
	const deadline = new Date('2026-11-26T02:00:20.000Z');
	const open: AnswerContext = {
		gameId: 1,
		mode: 'phones',
		state: 'open',
		currentIndex: 2,
		deadlineAt: deadline,
		playerId: 7,
		playerStatus: 'active',
		questionType: 'single',
		questionRescue: false
	};
	const within = new Date(deadline.getTime() + GRACE_MS);
	const refusal = (context: AnswerContext | null, position = 2, answer: number[] | string = [1]) =>
		answerRefusal(context, position, answer, within)?.status ?? null;

	it('takes a standing player’s answer to the open question up to the grace', () => {
		expect(refusal(open)).toBeNull();
		expect(refusal(open, 2, 'Hà Nội')).toBeNull();
		expect(answerRefusal(open, 2, [1], new Date(within.getTime() + 1))?.message).toBe(
			'Đã hết giờ trả lời.'
		);
	});

	it('refuses unknown games and players (404), and everything that is not this question (409)', () => {
		expect(refusal(null)).toBe(404);
		expect(refusal({ ...open, playerId: null, playerStatus: null })).toBe(404);
		expect(refusal({ ...open, playerStatus: 'kicked' })).toBe(404);
		expect(refusal({ ...open, playerStatus: 'eliminated' })).toBe(409);
		expect(refusal({ ...open, mode: 'whiteboard' })).toBe(409);
		expect(refusal(open, 1)).toBe(409);
		for (const state of ['lobby', 'paused', 'closed', 'revealed', 'finished'] as const)
			expect(refusal({ ...open, state })).toBe(409);
	});

	it('asks for an answer when none was chosen or typed (400)', () => {
		expect(refusal(open, 2, [])).toBe(400);
		expect(refusal(open, 2, '')).toBe(400);
	});
});
