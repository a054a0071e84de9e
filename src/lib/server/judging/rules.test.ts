// Over 400 lines on purpose: each judging rule is pinned on fixed examples, side by side.
import { describe, expect, it } from 'vitest';
import { rubricScale, weightedTotal } from '$lib/shared/judging';
import { closesSoon, dossiersLeftByJudge } from './closing-rules';
import {
	assignJudges,
	checkScoreSheet,
	dossierScore,
	hasConflictOfInterest,
	normalizeTotals,
	combineJuryAndPublic,
	completeAssignments,
	coverageOf,
	rankWithTies,
	selectShortlist,
	spreadOf,
	totalKey,
	type DossierToAssign,
	type HeldAssignment
} from './rules';

describe('conflicts of interest', () => {
	const organizing = '/1/';
	const nominating = '/1/4/9/';
	it.each([
		['the nominating unit', '/1/4/9/', true],
		['a unit below it', '/1/4/9/12/', true],
		['the level that forwarded it', '/1/4/', true],
		['the organizing unit', '/1/', false],
		['a sibling branch', '/1/5/', false],
		['a unit whose path only starts alike', '/1/4/90/', false],
		['no unit', null, false]
	])('%s → %s', (_label, judgePath, expected) => {
		expect(hasConflictOfInterest(judgePath, nominating, organizing)).toBe(expected);
	});
	it('a unit above the organizing unit is neutral', () => {
		expect(hasConflictOfInterest('/1/', '/1/4/9/', '/1/4/')).toBe(false);
	});
});

/** A small deterministic generator, so a failing instance can be replayed. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

describe('assignment', () => {
	it('k judges per dossier, loads within one, when nothing conflicts', () => {
		const judges = [1, 2, 3, 4];
		const dossiers = [10, 11, 12, 13, 14, 15].map((id) => ({
			id,
			name: `D${id}`,
			eligible: judges
		}));
		const plan = assignJudges(dossiers, judges, 'k', 2);
		expect(plan.gaps).toEqual([]);
		expect(plan.imbalance).toBeNull();
		for (const d of dossiers)
			expect(plan.pairs.filter((p) => p.nominationId === d.id)).toHaveLength(2);
		expect([...plan.loads.values()]).toEqual([3, 3, 3, 3]);
	});

	it('every judge scores every dossier in "all" mode, except where conflicted', () => {
		const plan = assignJudges(
			[
				{ id: 1, name: 'A', eligible: [7, 8, 9] },
				{ id: 2, name: 'B', eligible: [7, 9] }
			],
			[7, 8, 9],
			'all',
			null
		);
		expect(plan.pairs).toEqual([
			{ nominationId: 1, judgeId: 7 },
			{ nominationId: 1, judgeId: 8 },
			{ nominationId: 1, judgeId: 9 },
			{ nominationId: 2, judgeId: 7 },
			{ nominationId: 2, judgeId: 9 }
		]);
		expect(plan.gaps).toEqual([
			{
				nominationId: 2,
				nomineeName: 'B',
				wanted: 3,
				got: 2,
				reason: '1 giám khảo có xung đột lợi ích với hồ sơ này.'
			}
		]);
	});

	it('reports a dossier that cannot get k judges, and why', () => {
		const plan = assignJudges([{ id: 5, name: 'Nguyễn Văn A', eligible: [2] }], [1, 2, 3], 'k', 2);
		expect(plan.pairs).toEqual([{ nominationId: 5, judgeId: 2 }]);
		expect(plan.gaps[0]).toMatchObject({ nominationId: 5, wanted: 2, got: 1 });
		expect(plan.gaps[0]!.reason).toBe('2 giám khảo có xung đột lợi ích với hồ sơ này.');
		const small = assignJudges([{ id: 6, name: 'B', eligible: [1] }], [1], 'k', 3);
		expect(small.gaps[0]!.reason).toBe('Hội đồng chỉ có 1 giám khảo.');
	});

	it('moves work away from a busy judge when greedy order would overload them', () => {
		// Judge 1 is the only one eligible for dossier 1, and everyone may take the rest.
		const dossiers: DossierToAssign[] = [
			{ id: 1, name: 'a', eligible: [1] },
			{ id: 2, name: 'b', eligible: [1, 2, 3] },
			{ id: 3, name: 'c', eligible: [1, 2, 3] },
			{ id: 4, name: 'd', eligible: [1, 2, 3] }
		];
		const plan = assignJudges(dossiers, [1, 2, 3], 'k', 1);
		const loads = [...plan.loads.values()];
		expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
		expect(plan.pairs).toContainEqual({ nominationId: 1, judgeId: 1 });
	});

	it('on random panels: never a conflicted pair, k where possible, balance within one or a report', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const next = random(seed);
			const judgeCount = 2 + Math.floor(next() * 6);
			const judges = Array.from({ length: judgeCount }, (_, i) => i + 1);
			const k = 1 + Math.floor(next() * judgeCount);
			const conflictRate = seed % 3 === 0 ? 0 : next() * 0.4;
			const dossiers = Array.from({ length: 1 + Math.floor(next() * 25) }, (_, i) => ({
				id: 100 + i,
				name: `D${i}`,
				eligible: judges.filter(() => next() >= conflictRate)
			}));
			const plan = assignJudges(dossiers, judges, 'k', k);
			for (const pair of plan.pairs) {
				const dossier = dossiers.find((d) => d.id === pair.nominationId)!;
				expect(dossier.eligible, `seed ${seed}`).toContain(pair.judgeId);
			}
			for (const d of dossiers) {
				const got = plan.pairs.filter((p) => p.nominationId === d.id).length;
				expect(got, `seed ${seed}`).toBe(Math.min(k, d.eligible.length));
				const gap = plan.gaps.find((g) => g.nominationId === d.id);
				expect(Boolean(gap), `seed ${seed}`).toBe(d.eligible.length < k);
			}
			const loads = judges.map((j) => plan.pairs.filter((p) => p.judgeId === j).length);
			expect([...plan.loads.values()].sort(), `seed ${seed}`).toEqual([...loads].sort());
			const spread = Math.max(...loads) - Math.min(...loads);
			if (conflictRate === 0) expect(spread, `seed ${seed}`).toBeLessThanOrEqual(1);
			expect(spread <= 1 || plan.imbalance !== null, `seed ${seed}`).toBe(true);
		}
	});
});

describe('assignment after the round opened', () => {
	// Judge 3 declared a conflict on dossier 11 and holds nothing else: the least loaded.
	const held: HeldAssignment[] = [
		{ nominationId: 10, judgeId: 1, status: 'submitted' },
		{ nominationId: 10, judgeId: 2, status: 'assigned' },
		{ nominationId: 11, judgeId: 3, status: 'conflict' },
		{ nominationId: 11, judgeId: 4, status: 'draft' },
		{ nominationId: 12, judgeId: 2, status: 'assigned' },
		{ nominationId: 12, judgeId: 4, status: 'assigned' },
		{ nominationId: 13, judgeId: 1, status: 'assigned' },
		{ nominationId: 13, judgeId: 2, status: 'assigned' }
	];
	const judges = [1, 2, 3, 4];
	const covered: DossierToAssign[] = [10, 11, 12, 13].map((id) => ({
		id,
		name: `D${id}`,
		eligible: judges
	}));

	it('gives a late dossier k eligible judges, the least loaded, and leaves the others alone', () => {
		const late = { id: 14, name: 'Hồ sơ muộn', eligible: [1, 2, 3] };
		// Loads: 1 → 2, 2 → 3, 3 → 0 (its conflict does not count), 4 → 2. Dossier 11 also
		// gets its second judge back.
		const plan = completeAssignments([...covered, late], judges, held, 'k', 2);
		expect(plan.pairs).toEqual([
			{ nominationId: 11, judgeId: 1 },
			{ nominationId: 14, judgeId: 1 },
			{ nominationId: 14, judgeId: 3 }
		]);
		expect(plan.gaps).toEqual([]);
		expect([...plan.loads.values()]).toEqual([4, 3, 1, 2]);
	});

	it('never gives a dossier back to a judge who declared a conflict on it', () => {
		// Dossier 11 has judge 4 left; judge 3, the idlest, declared a conflict on it.
		const plan = completeAssignments(
			[{ id: 11, name: 'D11', eligible: [1, 2, 3, 4] }],
			judges,
			held,
			'k',
			2
		);
		expect(plan.pairs).toEqual([{ nominationId: 11, judgeId: 1 }]);
		const alone = completeAssignments(
			[{ id: 11, name: 'D11', eligible: [3, 4] }],
			judges,
			held,
			'k',
			3
		);
		expect(alone.pairs).toEqual([]);
		expect(alone.gaps).toEqual([
			{
				nominationId: 11,
				nomineeName: 'D11',
				wanted: 3,
				got: 1,
				reason: '3 giám khảo có xung đột lợi ích với hồ sơ này (1 giám khảo tự báo).'
			}
		]);
	});

	it('counts a judge no longer available only for sheets already submitted', () => {
		// Judge 2 left: dossier 10 keeps judge 1's submitted sheet, 12 and 13 keep one judge each
		// (judge 2's unscored assignments no longer count), 11 still lacks judge 3's place. Judge 3,
		// the idlest, takes what judge 2 left; judge 1 is the only one free to take 11.
		const plan = completeAssignments(covered, [1, 3, 4], held, 'k', 2);
		expect(plan.pairs).toEqual([
			{ nominationId: 10, judgeId: 3 },
			{ nominationId: 11, judgeId: 1 },
			{ nominationId: 12, judgeId: 3 },
			{ nominationId: 13, judgeId: 3 }
		]);
		expect(plan.gaps).toEqual([]);
	});

	it('gives a judge who joins an "all" panel every dossier they are free to score', () => {
		const allHeld: HeldAssignment[] = [1, 2].flatMap((judgeId) =>
			[20, 21].map((nominationId) => ({ nominationId, judgeId, status: 'assigned' as const }))
		);
		const plan = completeAssignments(
			[
				{ id: 20, name: 'A', eligible: [1, 2, 5] },
				{ id: 21, name: 'B', eligible: [1, 2] }
			],
			[1, 2, 5],
			allHeld,
			'all',
			null
		);
		expect(plan.pairs).toEqual([{ nominationId: 20, judgeId: 5 }]);
		expect(plan.gaps.map((g) => [g.nominationId, g.got, g.wanted])).toEqual([[21, 2, 3]]);
	});

	it('tells the organizer which dossiers lack judges, which can be given some now, and why not', () => {
		const shortfalls = coverageOf(
			[
				...covered,
				{ id: 14, name: 'Có người chấm được', eligible: [1, 2] },
				{ id: 15, name: 'Không ai chấm được', eligible: [] },
				{ id: 16, name: 'Chưa có tiêu chí', eligible: judges, blocked: 'Chưa có tiêu chí.' }
			],
			judges,
			held,
			'k',
			2
		);
		expect(shortfalls).toEqual([
			{
				nominationId: 11,
				nomineeName: 'D11',
				wanted: 2,
				got: 1,
				assignable: true,
				reason: 'Chưa được phân công giám khảo.'
			},
			{
				nominationId: 14,
				nomineeName: 'Có người chấm được',
				wanted: 2,
				got: 0,
				assignable: true,
				reason: 'Chưa được phân công giám khảo.'
			},
			{
				nominationId: 15,
				nomineeName: 'Không ai chấm được',
				wanted: 2,
				got: 0,
				assignable: false,
				reason: '4 giám khảo có xung đột lợi ích với hồ sơ này.'
			},
			{
				nominationId: 16,
				nomineeName: 'Chưa có tiêu chí',
				wanted: 2,
				got: 0,
				assignable: false,
				reason: 'Chưa có tiêu chí.'
			}
		]);
	});
});

describe('score sheets', () => {
	const criteria = [
		{ id: 1, name: 'Phẩm chất', maxScore: 10, weight: 3 },
		{ id: 2, name: 'Thành tích', maxScore: 10, weight: 4 },
		{ id: 3, name: 'Sức lan toả', maxScore: 10, weight: 3 }
	];

	it('accepts scores within 0..max and a draft with blanks', () => {
		expect(
			checkScoreSheet(
				criteria,
				[
					{ criterionId: 1, score: 0, comment: '' },
					{ criterionId: 2, score: 10, comment: 'Rất tốt' },
					{ criterionId: 3, score: null, comment: '' }
				],
				'save'
			)
		).toEqual({});
	});

	it('refuses scores outside the range, criteria outside the rubric, and blanks on submission', () => {
		const errors = checkScoreSheet(
			criteria,
			[
				{ criterionId: 1, score: 10.5, comment: '' },
				{ criterionId: 2, score: -1, comment: '' },
				{ criterionId: 99, score: 5, comment: '' }
			],
			'submit'
		);
		expect(errors).toEqual({
			score_1: ['Điểm tiêu chí «Phẩm chất» phải từ 0 đến 10.'],
			score_2: ['Điểm tiêu chí «Thành tích» phải từ 0 đến 10.'],
			score_3: ['Chưa chấm tiêu chí «Sức lan toả».'],
			_form: ['Có điểm cho một tiêu chí không thuộc thang điểm của hồ sơ này.']
		});
	});

	it('weights the criteria: 3×8 + 4×9 + 3×7 = 81 of 100', () => {
		expect(rubricScale(criteria)).toBe(100);
		expect(
			weightedTotal(
				criteria,
				new Map([
					[1, 8],
					[2, 9],
					[3, 7]
				])
			)
		).toBe(81);
		expect(weightedTotal(criteria, new Map([[2, 7.5]]))).toBe(30);
	});
});

describe('results arithmetic', () => {
	it('means below five judges, trims the highest and lowest from five', () => {
		expect(dossierScore([])).toBeNull();
		expect(dossierScore([81])).toBe(81);
		expect(dossierScore([60, 70, 80, 90])).toBe(75);
		expect(dossierScore([60, 70, 80, 90, 100])).toBe(80);
		expect(dossierScore([50, 50, 50, 50, 100])).toBe(50);
		expect(dossierScore([70, 71, 71])).toBe(70.67);
	});

	it('measures the spread of a dossier’s totals', () => {
		expect(spreadOf([60, 85, 70])).toBe(25);
		expect(spreadOf([60])).toBe(0);
	});

	it('normalises a harsh and a lenient judge to the same footing', () => {
		// Judge 1 gives 40 and 60, judge 2 gives 70 and 90: the same opinion, shifted.
		const normalized = normalizeTotals([
			{ judgeId: 1, nominationId: 10, total: 40, scale: 100 },
			{ judgeId: 1, nominationId: 11, total: 60, scale: 100 },
			{ judgeId: 2, nominationId: 10, total: 70, scale: 100 },
			{ judgeId: 2, nominationId: 11, total: 90, scale: 100 }
		]);
		// Overall mean 0.65, deviation √0.0325 ≈ 0.18028; each judge's z is −1 and +1.
		expect(normalized.get(totalKey(1, 10))).toBe(46.97);
		expect(normalized.get(totalKey(2, 10))).toBe(46.97);
		expect(normalized.get(totalKey(1, 11))).toBe(83.03);
		expect(normalized.get(totalKey(2, 11))).toBe(83.03);
	});

	it('puts a judge whose totals do not vary at the panel mean, rescaled to the dossier', () => {
		const normalized = normalizeTotals([
			{ judgeId: 1, nominationId: 10, total: 30, scale: 50 },
			{ judgeId: 2, nominationId: 10, total: 90, scale: 100 },
			{ judgeId: 2, nominationId: 11, total: 70, scale: 100 }
		]);
		// Shares 0.6, 0.9, 0.7: mean 0.7333; judge 1 has one total, so z = 0.
		expect(normalized.get(totalKey(1, 10))).toBe(36.67);
	});

	it('keeps ties as ties (1, 2, 2, 4) and leaves unscored entries unranked', () => {
		const ranked = rankWithTies([
			{ name: 'B', score: 80 },
			{ name: 'A', score: 90 },
			{ name: 'C', score: 80 },
			{ name: 'D', score: 70 },
			{ name: 'E', score: null }
		]);
		expect(ranked.map((r) => [r.name, r.rank])).toEqual([
			['A', 1],
			['B', 2],
			['C', 2],
			['D', 4],
			['E', null]
		]);
	});

	it('shortlists the top N with ties at the edge, or everything above a threshold', () => {
		const ranked = rankWithTies([
			{ name: 'A', score: 90 },
			{ name: 'B', score: 80 },
			{ name: 'C', score: 80 },
			{ name: 'D', score: 70 }
		]);
		expect(selectShortlist(ranked, { kind: 'top', count: 2 }).map((r) => r.name)).toEqual([
			'A',
			'B',
			'C'
		]);
		expect(selectShortlist(ranked, { kind: 'threshold', minScore: 80 }).map((r) => r.name)).toEqual(
			['A', 'B', 'C']
		);
		expect(selectShortlist(ranked, { kind: 'top', count: 1 }).map((r) => r.name)).toEqual(['A']);
	});
});

describe('jury and public together', () => {
	it('weighs jury points and public points 70/30, both out of 100', () => {
		const ranked = combineJuryAndPublic(
			[
				{ nominationId: 1, name: 'A', juryScore: 90, scale: 100, votes: 200 },
				{ nominationId: 2, name: 'B', juryScore: 40, scale: 50, votes: 400 },
				{ nominationId: 3, name: 'C', juryScore: 85, scale: 100, votes: 0 }
			],
			70
		);
		// A: 0.7·90 + 0.3·50 = 78; B: 0.7·80 + 0.3·100 = 86; C: 0.7·85 + 0 = 59.5.
		expect(ranked.map((r) => [r.name, r.juryPoints, r.publicPoints, r.score, r.rank])).toEqual([
			['B', 80, 100, 86, 1],
			['A', 90, 50, 78, 2],
			['C', 85, 0, 59.5, 3]
		]);
	});

	it('gives no public points when nobody voted, and ties stay ties', () => {
		const ranked = combineJuryAndPublic(
			[
				{ nominationId: 1, name: 'A', juryScore: 80, scale: 100, votes: 0 },
				{ nominationId: 2, name: 'B', juryScore: 80, scale: 100, votes: 0 }
			],
			60
		);
		expect(ranked.map((r) => [r.score, r.rank])).toEqual([
			[48, 1],
			[48, 1]
		]);
	});
});

describe('the round closing soon', () => {
	const endsAt = new Date('2026-06-09T10:30:00Z');
	const hoursBefore = (h: number) => new Date(endsAt.getTime() - h * 3_600_000);

	it('is within the last 24 hours before the judging phase ends, not after it', () => {
		expect(closesSoon(endsAt, hoursBefore(24.01))).toBe(false);
		expect(closesSoon(endsAt, hoursBefore(24))).toBe(true);
		expect(closesSoon(endsAt, hoursBefore(0.01))).toBe(true);
		expect(closesSoon(endsAt, endsAt)).toBe(false);
		expect(closesSoon(endsAt, hoursBefore(-1))).toBe(false);
	});

	it('counts each judge’s dossiers not yet submitted, leaving out judges with none', () => {
		const left = dossiersLeftByJudge([
			{ judgeId: 1, status: 'submitted' },
			{ judgeId: 2, status: 'assigned' },
			{ judgeId: 2, status: 'draft' },
			{ judgeId: 3, status: 'conflict' },
			{ judgeId: 4, status: 'assigned' }
		]);
		expect([...left]).toEqual([
			[2, 2],
			[4, 1]
		]);
	});
});
