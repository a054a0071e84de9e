/** Pure rules of public voting. The time always comes in as an argument. */

import { aYearLater } from '$lib/shared/datetime';
import { withSharedRanks } from '$lib/shared/ranking';
import { vietnamDay } from '$lib/shared/datetime';

export interface PollRules {
	opensAt: Date;
	closesAt: Date;
	maxChoices: number;
	dailyVoting: boolean;
	resultsVisibility: 'live' | 'after_close' | 'organizers';
}

// Vietnam has kept UTC+7 without daylight saving since 1975.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export { vietnamDay };

/** The first instant of the next Vietnamese day. */
export function nextVietnamDayStart(now: Date): Date {
	const local = now.getTime() + VN_OFFSET_MS;
	return new Date(Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - VN_OFFSET_MS);
}

/** The voting period a ballot belongs to: the day for daily polls, else the whole poll. */
export function votingPeriod(poll: Pick<PollRules, 'dailyVoting'>, now: Date): string {
	return poll.dailyVoting ? vietnamDay(now) : 'all';
}

export type PollPhase = 'upcoming' | 'open' | 'closed';

export function pollPhase(poll: Pick<PollRules, 'opensAt' | 'closesAt'>, now: Date): PollPhase {
	if (now < poll.opensAt) return 'upcoming';
	if (now >= poll.closesAt) return 'closed';
	return 'open';
}

/** Options and rules are frozen from the opening time on. */
export function isFrozen(poll: Pick<PollRules, 'opensAt'>, now: Date): boolean {
	return now >= poll.opensAt;
}

/** When a voter who already voted may vote again, or null when not in this poll. */
export function nextVoteAt(
	poll: Pick<PollRules, 'dailyVoting' | 'closesAt'>,
	now: Date
): Date | null {
	if (!poll.dailyVoting) return null;
	const next = nextVietnamDayStart(now);
	return next < poll.closesAt ? next : null;
}

/**
 * When an account may vote in a poll that asks a minimum account age: its creation plus that
 * many hours; null when the poll asks none.
 */
export function accountVotesFrom(createdAt: Date, minAccountAgeHours: number | null): Date | null {
	if (!minAccountAgeHours) return null;
	return new Date(createdAt.getTime() + minAccountAgeHours * 60 * 60 * 1000);
}

/** Whether the public (not the organizers) may see the tally now. */
export function publicCanSeeResults(poll: PollRules, now: Date): boolean {
	if (poll.resultsVisibility === 'live') return now >= poll.opensAt;
	if (poll.resultsVisibility === 'after_close') return now >= poll.closesAt;
	return false;
}

/** Checks a voter's choice: 1..K distinct options of this poll. Returns a message or null. */
export function choiceProblem(
	chosen: number[],
	maxChoices: number,
	optionIds: ReadonlySet<number>
): string | null {
	if (chosen.length === 0) return 'Vui lòng chọn ít nhất một phương án.';
	if (new Set(chosen).size !== chosen.length) return 'Mỗi phương án chỉ được chọn một lần.';
	if (chosen.length > maxChoices) return `Chỉ được chọn tối đa ${maxChoices} phương án.`;
	if (chosen.some((id) => !optionIds.has(id)))
		return 'Phương án đã chọn không thuộc cuộc bình chọn này.';
	return null;
}

export interface TallyRow {
	optionId: number;
	title: string;
	votes: number;
	/** Share of counted ballots that chose this option, 0..100 with one decimal. */
	percent: number;
	/** Equal votes share a rank (1, 1, 3). */
	rank: number;
}

/** Orders options by votes (then position) and computes each one's share of counted ballots. */
export function tally(
	options: { id: number; title: string; position: number }[],
	votes: Map<number, number>,
	countedBallots: number
): TallyRow[] {
	const sorted = options
		.map((o) => {
			const n = votes.get(o.id) ?? 0;
			return {
				optionId: o.id,
				title: o.title,
				votes: n,
				percent: countedBallots > 0 ? Math.round((n / countedBallots) * 1000) / 10 : 0,
				position: o.position
			};
		})
		.sort((a, b) => b.votes - a.votes || a.position - b.position || a.optionId - b.optionId);
	return withSharedRanks(sorted, (a, b) => a.votes === b.votes).map(
		({ position: _position, ...row }) => row
	);
}

// No 0/O, 1/I/L: codes are read aloud and typed from phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** "K7Q2-M9XD" from 8 random bytes. */
export function trackingCodeFrom(bytes: Uint8Array): string {
	let code = '';
	for (let i = 0; i < 8; i++) code += ALPHABET[bytes[i]! % ALPHABET.length];
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Normalises a typed tracking code: case, spaces, missing dash. */
export function normaliseTrackingCode(input: string): string | null {
	const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
	if (compact.length !== 8 || [...compact].some((c) => !ALPHABET.includes(c))) return null;
	return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** Buckets ballot times into hours (or days for long polls) for the votes-over-time chart. */
export function bucketSize(poll: Pick<PollRules, 'opensAt' | 'closesAt'>): 'hour' | 'day' {
	return poll.closesAt.getTime() - poll.opensAt.getTime() > 3 * DAY_MS ? 'day' : 'hour';
}

/**
 * A copied poll's window: a calendar year later, or as many years as it takes to open after
 * `now` (a poll copied from two years back must not open, empty, the moment it is copied).
 */
export function copiedWindow(
	poll: Pick<PollRules, 'opensAt' | 'closesAt'>,
	now: Date
): { opensAt: Date; closesAt: Date; years: number } {
	let window = { opensAt: aYearLater(poll.opensAt), closesAt: aYearLater(poll.closesAt) };
	let years = 1;
	while (window.opensAt <= now) {
		window = { opensAt: aYearLater(window.opensAt), closesAt: aYearLater(window.closesAt) };
		years++;
	}
	return { ...window, years };
}
