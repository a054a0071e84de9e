import { describe, expect, it } from 'vitest';
import { DEFAULT_TIE_BREAKS, GRACE_MS } from '$lib/shared/contests';
import {
	acceptsAnswersAt,
	assignPrizes,
	bestAttempts,
	chosenIndexes,
	contestTermsRefusal,
	deadlineFor,
	drawAttempt,
	optionIds,
	rankEntries,
	rankUnits,
	rollUpParticipation,
	roundOverlapErrors,
	roundPhase,
	type RankEntry
} from './rules';

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 3, 0, s));
const entry = (
	playerId: number,
	correct: number,
	prediction: number | null,
	durationMs: number,
	finishedSecond: number
): RankEntry => ({
	playerId,
	correct,
	prediction,
	durationMs,
	finishedAt: at(finishedSecond)
});

/** A seeded generator so draws are reproducible. */
function seeded(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1103515245 + 12345) % 2147483648;
		return s / 2147483648;
	};
}

describe('ranking', () => {
	it('orders by correct answers, then prediction, then time taken, then submission', () => {
		const actual = 1000;
		const ranked = rankEntries(
			[
				entry(1, 18, 1000, 300_000, 50), // fewer correct: last despite a perfect prediction
				entry(2, 20, 990, 400_000, 40), // |10|
				entry(3, 20, 1005, 400_000, 30), // |5|: beats 2 on prediction
				entry(4, 20, 995, 350_000, 45), // |5| too, but faster than 3
				entry(5, 20, 1005, 350_000, 44), // |5|, same time as 4, submitted earlier
				entry(6, 20, null, 100_000, 1) // no prediction: furthest, whatever the speed
			],
			DEFAULT_TIE_BREAKS,
			actual
		);
		expect(ranked.map((r) => r.playerId)).toEqual([5, 4, 3, 2, 6, 1]);
		expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('follows the organizer’s order of tie-breaks', () => {
		const entries = [entry(1, 20, 990, 100_000, 10), entry(2, 20, 1000, 200_000, 5)];
		expect(rankEntries(entries, DEFAULT_TIE_BREAKS, 1000).map((r) => r.playerId)).toEqual([2, 1]);
		expect(
			rankEntries(entries, ['correct', 'duration', 'prediction', 'submitted'], 1000).map(
				(r) => r.playerId
			)
		).toEqual([1, 2]);
		expect(
			rankEntries(entries, ['correct', 'submitted', 'duration', 'prediction'], 1000).map(
				(r) => r.playerId
			)
		).toEqual([2, 1]);
	});

	it('counts each player’s best attempt (most correct, quickest), and of equal ones the earliest', () => {
		const best = bestAttempts([
			{ ...entry(7, 15, 800, 200_000, 10), id: 'a1' },
			{ ...entry(7, 19, 500, 300_000, 20), id: 'a2' },
			{ ...entry(7, 19, 500, 300_000, 30), id: 'a3' },
			{ ...entry(7, 19, 500, 310_000, 15), id: 'a4' },
			{ ...entry(8, 12, 500, 100_000, 5), id: 'b1' }
		]);
		expect(best.map((b) => b.id).sort()).toEqual(['a2', 'b1']);
	});

	it('hands out prize tiers down the ranking', () => {
		const ranked = [1, 2, 3, 4, 5].map((rank) => ({ rank }));
		const prizes = assignPrizes(ranked, [
			{ label: 'Giải Nhất', count: 1 },
			{ label: 'Giải Nhì', count: 2 },
			{ label: 'Giải Ba', count: 5 }
		]);
		expect(prizes.map((p) => p.tier)).toEqual([
			'Giải Nhất',
			'Giải Nhì',
			'Giải Nhì',
			'Giải Ba',
			'Giải Ba'
		]);
	});
});

describe('timing', () => {
	const deadline = at(600);

	it('accepts answers up to the deadline plus the grace, and not one millisecond later', () => {
		expect(acceptsAnswersAt(deadline, new Date(deadline.getTime() - 1))).toBe(true);
		expect(acceptsAnswersAt(deadline, deadline)).toBe(true);
		expect(acceptsAnswersAt(deadline, new Date(deadline.getTime() + GRACE_MS))).toBe(true);
		expect(acceptsAnswersAt(deadline, new Date(deadline.getTime() + GRACE_MS + 1))).toBe(false);
	});

	it('ends an attempt at its time limit or at the round’s close, whichever comes first', () => {
		expect(deadlineFor(at(0), 600, at(3600)).getTime()).toBe(at(600).getTime());
		expect(deadlineFor(at(3300), 600, at(3600)).getTime()).toBe(at(3600).getTime());
	});

	it('knows a round’s phase from its lock and window', () => {
		const round = { opensAt: at(100), closesAt: at(200), lockedAt: null };
		expect(roundPhase(round, at(150))).toBe('draft');
		const locked = { ...round, lockedAt: at(50) };
		expect(roundPhase(locked, at(99))).toBe('scheduled');
		expect(roundPhase(locked, at(100))).toBe('open');
		expect(roundPhase(locked, at(199))).toBe('open');
		expect(roundPhase(locked, at(200))).toBe('closed');
	});
});

describe('drawing', () => {
	it('draws distinct questions from the pool and shuffles every question’s options', () => {
		const pool = Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, optionCount: 4 }));
		const drawn = drawAttempt(pool, 20, seeded(42));
		expect(drawn.questionIds).toHaveLength(20);
		expect(new Set(drawn.questionIds).size).toBe(20);
		for (const id of drawn.questionIds) expect(id >= 100 && id < 130).toBe(true);
		for (const order of drawn.optionOrders) expect([...order].sort()).toEqual([0, 1, 2, 3]);
		// Not the bank's order: with this seed the first draw differs from a plain slice.
		expect(drawn.questionIds).not.toEqual(pool.slice(0, 20).map((q) => q.id));
		expect(drawn.optionOrders.some((o) => o.join() !== '0,1,2,3')).toBe(true);
	});
});

describe('option ids', () => {
	const key = 'k'.repeat(43);

	it('differ between attempts and questions, and carry no order of the bank', () => {
		const ids = optionIds(key, 7, 100, 4);
		expect(new Set(ids).size).toBe(4);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
		// The same attempt and question always give the same ids (a reload keeps the answers).
		expect(optionIds(key, 7, 100, 4)).toEqual(ids);
		const others = [
			optionIds(key, 8, 100, 4),
			optionIds(key, 7, 101, 4),
			optionIds('x', 7, 100, 4)
		];
		for (const other of others) expect(other.filter((id) => ids.includes(id))).toEqual([]);
		// Over many attempts, sorting the ids puts the bank's first option anywhere.
		const firstPlaces = new Set(
			Array.from({ length: 200 }, (_, attempt) => {
				const each = optionIds(key, attempt, 100, 4);
				return [...each].sort().indexOf(each[0]!);
			})
		);
		expect(firstPlaces).toEqual(new Set([0, 1, 2, 3]));
	});

	it('map back to bank indexes; an id of another attempt or question is refused', () => {
		const ids = optionIds(key, 7, 100, 4);
		expect(chosenIndexes(ids, [ids[2]!, ids[0]!])).toEqual([2, 0]);
		expect(chosenIndexes(ids, [])).toEqual([]);
		expect(chosenIndexes(ids, [optionIds(key, 8, 100, 4)[2]!])).toBeNull();
		expect(chosenIndexes(ids, [optionIds(key, 7, 101, 4)[2]!])).toBeNull();
		expect(chosenIndexes(ids, ['0'])).toBeNull();
	});
});

describe('round windows', () => {
	const hour = (h: number) => new Date(Date.UTC(2026, 10, 23, h));
	const week1 = { title: 'Tuần 1', opensAt: hour(3), closesAt: hour(10) };

	it('lets a round open when the last one closes, not before', () => {
		expect(roundOverlapErrors([week1], { opensAt: hour(10), closesAt: hour(20) })).toBeNull();
		expect(roundOverlapErrors([week1], { opensAt: hour(0), closesAt: hour(3) })).toBeNull();
		const late = roundOverlapErrors([week1], { opensAt: hour(9), closesAt: hour(20) });
		expect(late?.opensAt?.[0]).toBe(
			'Thời gian trùng với “Tuần 1” (từ 10:00 23/11/2026 đến 17:00 23/11/2026): các tuần thi của một cuộc thi không được mở cùng lúc.'
		);
		expect(late?.closesAt).toBeUndefined();
	});

	it('names the field that falls inside the other round, the opening when it encloses it', () => {
		const early = roundOverlapErrors([week1], { opensAt: hour(0), closesAt: hour(4) });
		expect(Object.keys(early!)).toEqual(['closesAt']);
		const around = roundOverlapErrors([week1], { opensAt: hour(0), closesAt: hour(20) });
		expect(Object.keys(around!)).toEqual(['opensAt']);
		const same = roundOverlapErrors([week1], { opensAt: hour(3), closesAt: hour(10) });
		expect(Object.keys(same!)).toEqual(['opensAt']);
	});
});

describe('participation', () => {
	// /1/ province (1000 members) → /1/2/ district (300) → /1/2/4/ commune (100), /1/2/5/ (80); /1/3/ (400)
	const units = [
		{ id: 4, name: 'Xã A', path: '/1/2/4/', depth: 2, memberCount: 100, own: 40 },
		{ id: 1, name: 'Tỉnh', path: '/1/', depth: 0, memberCount: 1000, own: 2 },
		{ id: 2, name: 'Huyện', path: '/1/2/', depth: 1, memberCount: 300, own: 10 },
		{ id: 5, name: 'Xã B', path: '/1/2/5/', depth: 2, memberCount: 80, own: 80 },
		{ id: 3, name: 'Huyện 2', path: '/1/3/', depth: 1, memberCount: 400, own: 100 }
	];

	it('rolls participants up the tree so each parent is its own plus its children', () => {
		const rows = rollUpParticipation(units);
		const by = new Map(rows.map((r) => [r.id, r]));
		expect(rows.map((r) => r.id)).toEqual([1, 2, 4, 5, 3]);
		expect(by.get(2)!.participants).toBe(10 + 40 + 80);
		expect(by.get(1)!.participants).toBe(2 + 130 + 100);
		for (const parent of rows) {
			const children = rows.filter(
				(r) =>
					r.path !== parent.path && r.path.startsWith(parent.path) && r.depth === parent.depth + 1
			);
			if (children.length === 0) continue;
			expect(parent.participants).toBe(
				parent.own + children.reduce((n, c) => n + c.participants, 0)
			);
		}
		expect(by.get(5)!.rate).toBe(1);
		expect(by.get(2)!.rate).toBeCloseTo(130 / 300);
	});

	it('ranks units by count and by rate', () => {
		const rows = rollUpParticipation(units).filter((r) => r.depth === 1);
		const { byCount, byRate } = rankUnits(rows);
		expect(byCount.map((r) => r.id)).toEqual([2, 3]); // 130 > 100
		expect(byRate.map((r) => r.id)).toEqual([2, 3]); // 43% > 25%
		const { byRate: tie } = rankUnits([
			{ id: 8, participants: 10, rate: 0.5 },
			{ id: 9, participants: 20, rate: 0.5 },
			{ id: 10, participants: 0, rate: null }
		]);
		expect(tie.map((r) => r.id)).toEqual([9, 8]);
	});
});

describe('editing the terms', () => {
	const terms = {
		scope: 'members',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
	};

	it('lets any term change before a round opens, none after', () => {
		const reordered = { ...terms, tieBreaks: ['correct', 'duration', 'prediction', 'submitted'] };
		expect(contestTermsRefusal(terms, { ...terms, scope: 'public' }, false)).toBeNull();
		expect(contestTermsRefusal(terms, reordered, false)).toBeNull();
		expect(contestTermsRefusal(terms, { ...terms }, true)).toBeNull();
		expect(contestTermsRefusal(terms, { ...terms, scope: 'public' }, true)).toContain(
			'không thể đổi đối tượng dự thi'
		);
		expect(
			contestTermsRefusal(terms, { ...terms, predictionKind: 'perfect' }, true)
		).not.toBeNull();
		expect(contestTermsRefusal(terms, reordered, true)).not.toBeNull();
	});
});
