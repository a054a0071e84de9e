import { describe, expect, it } from 'vitest';
import {
	choiceProblem,
	isFrozen,
	nextVoteAt,
	normaliseTrackingCode,
	pollPhase,
	publicCanSeeResults,
	tally,
	trackingCodeFrom,
	vietnamDay,
	votingPeriod,
	type PollRules
} from './rules';

const poll: PollRules = {
	opensAt: new Date('2026-11-25T01:00:00Z'),
	closesAt: new Date('2026-11-27T01:00:00Z'),
	maxChoices: 2,
	dailyVoting: true,
	resultsVisibility: 'live'
};

describe('voting rules', () => {
	it('counts days in Vietnamese time (UTC+7)', () => {
		expect(vietnamDay(new Date('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
		expect(vietnamDay(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
		expect(votingPeriod(poll, new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
		expect(votingPeriod({ dailyVoting: false }, new Date())).toBe('all');
	});

	it('opens at opensAt and closes at closesAt, exactly', () => {
		expect(pollPhase(poll, new Date('2026-11-25T00:59:59.999Z'))).toBe('upcoming');
		expect(pollPhase(poll, poll.opensAt)).toBe('open');
		expect(pollPhase(poll, poll.closesAt)).toBe('closed');
		expect(isFrozen(poll, new Date('2026-11-25T00:59:59Z'))).toBe(false);
		expect(isFrozen(poll, poll.opensAt)).toBe(true);
	});

	it('says when a daily voter may vote again, and nothing after the last day', () => {
		expect(nextVoteAt(poll, new Date('2026-11-25T10:00:00Z'))).toEqual(
			new Date('2026-11-25T17:00:00Z')
		);
		expect(nextVoteAt(poll, new Date('2026-11-26T20:00:00Z'))).toBeNull();
		expect(
			nextVoteAt({ ...poll, dailyVoting: false }, new Date('2026-11-25T10:00:00Z'))
		).toBeNull();
	});

	it('shows the tally to the public only as the poll says', () => {
		const during = new Date('2026-11-26T00:00:00Z');
		const after = new Date('2026-11-28T00:00:00Z');
		expect(publicCanSeeResults(poll, during)).toBe(true);
		expect(publicCanSeeResults(poll, new Date('2026-11-24T00:00:00Z'))).toBe(false);
		const afterClose = { ...poll, resultsVisibility: 'after_close' as const };
		expect(publicCanSeeResults(afterClose, during)).toBe(false);
		expect(publicCanSeeResults(afterClose, after)).toBe(true);
		const organizers = { ...poll, resultsVisibility: 'organizers' as const };
		expect(publicCanSeeResults(organizers, after)).toBe(false);
	});

	it('checks choices: at least one, distinct, at most K, of this poll', () => {
		const ids = new Set([1, 2, 3]);
		expect(choiceProblem([], 2, ids)).toBe('Vui lòng chọn ít nhất một phương án.');
		expect(choiceProblem([1, 1], 2, ids)).toBe('Mỗi phương án chỉ được chọn một lần.');
		expect(choiceProblem([1, 2, 3], 2, ids)).toBe('Chỉ được chọn tối đa 2 phương án.');
		expect(choiceProblem([4], 2, ids)).toBe('Phương án đã chọn không thuộc cuộc bình chọn này.');
		expect(choiceProblem([3, 1], 2, ids)).toBeNull();
	});

	it('ranks the tally by votes (ties share a rank, listed by position), with shares of counted ballots', () => {
		const rows = tally(
			[
				{ id: 1, title: 'A', position: 1 },
				{ id: 2, title: 'B', position: 2 },
				{ id: 3, title: 'C', position: 3 }
			],
			new Map([
				[2, 2],
				[3, 2],
				[1, 1]
			]),
			3
		);
		// B and C tie: both are second to none, A comes third.
		expect(rows.map((r) => [r.rank, r.title, r.votes, r.percent])).toEqual([
			[1, 'B', 2, 66.7],
			[1, 'C', 2, 66.7],
			[3, 'A', 1, 33.3]
		]);
		expect(tally([{ id: 1, title: 'A', position: 1 }], new Map(), 0)[0]!.percent).toBe(0);
	});

	it('makes readable tracking codes and accepts them typed loosely', () => {
		const code = trackingCodeFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]));
		expect(code).toBe('ABCD-EFGH');
		expect(normaliseTrackingCode(' abcd efgh ')).toBe('ABCD-EFGH');
		expect(normaliseTrackingCode('ABCD-EFG0')).toBeNull();
		expect(normaliseTrackingCode('ABC')).toBeNull();
	});
});
