/** Pure rules of online contests: drawing, timing, ranking and participation roll-ups. */
import { createHmac } from 'node:crypto';
import { GRACE_MS, type TieBreakKey } from '$lib/shared/contests';
import { formatDateTime } from '$lib/shared/format';
import { shuffle, shuffledOrder, type Random } from '../questions';

/** What decides who may play and how the board ranks: fixed once a round has opened. */
export interface ContestTerms {
	scope: string;
	predictionKind: string;
	tieBreaks: readonly string[];
}

/**
 * Why these new terms cannot replace the contest's, or null. Once a round has opened, players
 * have entered under the old terms: changing who may play or how ties break would re-rank them.
 * Title, rules text and the guest limit can change at any time.
 */
export function contestTermsRefusal(
	current: ContestTerms,
	next: ContestTerms,
	roundOpened: boolean
): string | null {
	if (!roundOpened) return null;
	const same =
		current.scope === next.scope &&
		current.predictionKind === next.predictionKind &&
		current.tieBreaks.join() === next.tieBreaks.join();
	return same
		? null
		: 'Cuộc thi đã có tuần thi được mở: không thể đổi đối tượng dự thi, câu hỏi dự đoán hay thứ tự xếp hạng.';
}

export type { Random };

/** Draws `count` questions from the pool and shuffles each one's options. */
export function drawAttempt(
	pool: readonly { id: number; optionCount: number }[],
	count: number,
	random: Random
): { questionIds: number[]; optionOrders: number[][] } {
	const drawn = shuffle(pool, random).slice(0, count);
	return {
		questionIds: drawn.map((q) => q.id),
		optionOrders: drawn.map((q) => shuffledOrder(q.optionCount, random))
	};
}

/** 72 bits: no two options of a question share an id, and none can be guessed. */
export const OPTION_ID_LENGTH = 12;

/**
 * The ids a player's page gives the options of one question of one attempt, by bank index: a
 * keyed hash of (attempt, question, index), so they differ from attempt to attempt, carry no
 * order and tell nothing about the bank's order or the key; the server maps them back.
 */
export function optionIds(
	key: string,
	attemptId: number,
	questionId: number,
	optionCount: number
): string[] {
	return Array.from({ length: optionCount }, (_, index) =>
		createHmac('sha256', key)
			.update(`contest-option:${attemptId}:${questionId}:${index}`)
			.digest('base64url')
			.slice(0, OPTION_ID_LENGTH)
	);
}

/**
 * Bank indexes of the chosen option ids of one question, or null when an id is not one of
 * this question's in this attempt (another attempt's, another question's, or made up).
 */
export function chosenIndexes(ids: readonly string[], chosen: readonly string[]): number[] | null {
	const indexes: number[] = [];
	for (const id of chosen) {
		const index = ids.indexOf(id);
		if (index < 0) return null;
		indexes.push(index);
	}
	return indexes;
}

export interface RoundWindow {
	title: string;
	opensAt: Date;
	closesAt: Date;
}

/**
 * Why a round cannot take this window, by field, or null. Rounds of one contest follow each
 * other (one may open the minute the last closes): two open at once would split the players
 * and list the contest twice.
 */
export function roundOverlapErrors(
	existing: readonly RoundWindow[],
	next: { opensAt: Date; closesAt: Date }
): { opensAt?: string[]; closesAt?: string[] } | null {
	const clash = existing.find((r) => r.opensAt < next.closesAt && next.opensAt < r.closesAt);
	if (!clash) return null;
	const message = `Thời gian trùng với “${clash.title}” (từ ${formatDateTime(clash.opensAt)} đến ${formatDateTime(clash.closesAt)}): các tuần thi của một cuộc thi không được mở cùng lúc.`;
	// The field that falls inside the other round's window; the opening when it encloses it.
	const opensInside = next.opensAt >= clash.opensAt && next.opensAt < clash.closesAt;
	const closesInside = next.closesAt > clash.opensAt && next.closesAt <= clash.closesAt;
	return closesInside && !opensInside ? { closesAt: [message] } : { opensAt: [message] };
}

export function deadlineFor(startedAt: Date, timeLimitSeconds: number, closesAt: Date): Date {
	return new Date(Math.min(startedAt.getTime() + timeLimitSeconds * 1000, closesAt.getTime()));
}

/** Answers count until the deadline plus a small fixed grace for the network, not after. */
export function acceptsAnswersAt(deadline: Date, now: Date): boolean {
	return now.getTime() <= deadline.getTime() + GRACE_MS;
}

/**
 * Whether any attempt of the round can have passed its deadline plus grace by `now`. Attempts
 * start once the round is open, so the earliest deadline is the open plus the time limit (or
 * the close): before that there is nothing to close, whatever the attempts table holds.
 */
export function expiryPossible(
	round: { opensAt: Date; closesAt: Date; timeLimitSeconds: number; lockedAt: Date | null },
	now: Date
): boolean {
	if (!round.lockedAt) return false;
	const earliest = Math.min(
		round.opensAt.getTime() + round.timeLimitSeconds * 1000,
		round.closesAt.getTime()
	);
	return !acceptsAnswersAt(new Date(earliest), now);
}

/** The attempt is still open in the table but its deadline plus grace has passed. */
export function isExpiredRunning(
	attempt: { finishedAt: Date | null; deadline: Date },
	now: Date
): boolean {
	return attempt.finishedAt === null && !acceptsAnswersAt(attempt.deadline, now);
}

/** The hour a guest registration counts in for its address's limit (the hour's start). */
export function registrationHour(now: Date): Date {
	return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
}

export type RoundPhase = 'draft' | 'scheduled' | 'open' | 'closed';

export function roundPhase(
	round: { opensAt: Date; closesAt: Date; lockedAt: Date | null },
	now: Date
): RoundPhase {
	if (!round.lockedAt) return 'draft';
	if (now < round.opensAt) return 'scheduled';
	if (now < round.closesAt) return 'open';
	return 'closed';
}

export interface RankEntry {
	playerId: number;
	correct: number;
	prediction: number | null;
	durationMs: number;
	finishedAt: Date;
}

function compareBy(key: TieBreakKey, a: RankEntry, b: RankEntry, actual: number | null): number {
	switch (key) {
		case 'correct':
			return b.correct - a.correct;
		case 'prediction': {
			if (actual === null) return 0;
			// No prediction is the furthest possible.
			const da = a.prediction === null ? Infinity : Math.abs(a.prediction - actual);
			const db = b.prediction === null ? Infinity : Math.abs(b.prediction - actual);
			return da === db ? 0 : da < db ? -1 : 1;
		}
		case 'duration':
			return a.durationMs - b.durationMs;
		case 'submitted':
			return a.finishedAt.getTime() - b.finishedAt.getTime();
	}
}

/** Orders entries by the organizer's tie-breaks; the player id is a last, stable resort. */
export function compareEntries(
	order: readonly TieBreakKey[],
	actual: number | null
): (a: RankEntry, b: RankEntry) => number {
	return (a, b) => {
		for (const key of order) {
			const c = compareBy(key, a, b, actual);
			if (c !== 0) return c;
		}
		return a.playerId - b.playerId;
	};
}

/**
 * A player's best attempt: most correct, then quickest, then earliest. The prediction made
 * with that attempt is the one that counts (the real figure is unknown while people play).
 */
export function bestAttempts<T extends RankEntry>(entries: readonly T[]): T[] {
	const compare = compareEntries(['correct', 'duration', 'submitted'], null);
	const best = new Map<number, T>();
	for (const e of entries) {
		const current = best.get(e.playerId);
		if (!current || compare(e, current) < 0) best.set(e.playerId, e);
	}
	return [...best.values()];
}

/** Ranks best attempts: rank 1 first; equal under every tie-break never happens (id last). */
export function rankEntries<T extends RankEntry>(
	entries: readonly T[],
	order: readonly TieBreakKey[],
	actual: number | null
): (T & { rank: number })[] {
	return bestAttempts(entries)
		.sort(compareEntries(order, actual))
		.map((e, i) => ({ ...e, rank: i + 1 }));
}

/** Hands out prize tiers down the ranking: [{label:'Giải Nhất',count:1}, …]. */
export function assignPrizes<T extends { rank: number }>(
	ranked: readonly T[],
	tiers: readonly { label: string; count: number }[]
): (T & { tier: string })[] {
	const out: (T & { tier: string })[] = [];
	let i = 0;
	for (const tier of tiers) {
		for (let n = 0; n < tier.count && i < ranked.length; n++, i++)
			out.push({ ...ranked[i]!, tier: tier.label });
	}
	return out;
}

export interface UnitFigure {
	id: number;
	name: string;
	path: string;
	depth: number;
	memberCount: number;
	/** Participants registered directly at this unit. */
	own: number;
}

/**
 * Rolls participants up the tree: a unit's figure is its own plus every descendant's, so each
 * parent equals its own plus the sum of its children. Units come in any order.
 */
export function rollUpParticipation<T extends UnitFigure>(units: readonly T[]) {
	const totals = new Map<string, number>();
	for (const u of units) totals.set(u.path, 0);
	for (const u of units) {
		if (u.own === 0) continue;
		// Every ancestor path that is in the report receives this unit's own count.
		const ids = u.path.split('/').filter(Boolean);
		let prefix = '/';
		for (const id of ids) {
			prefix += `${id}/`;
			if (totals.has(prefix)) totals.set(prefix, totals.get(prefix)! + u.own);
		}
	}
	return [...units]
		.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
		.map((u) => {
			const participants = totals.get(u.path)!;
			return {
				...u,
				participants,
				rate: u.memberCount > 0 ? participants / u.memberCount : null
			};
		});
}

/** Unit rankings collective prizes go on: by count, and by rate (count breaks rate ties). */
export function rankUnits<T extends { id: number; participants: number; rate: number | null }>(
	rows: readonly T[]
) {
	const byCount = [...rows].sort((a, b) => b.participants - a.participants || a.id - b.id);
	const byRate = [...rows]
		.filter((r) => r.rate !== null)
		.sort((a, b) => b.rate! - a.rate! || b.participants - a.participants || a.id - b.id);
	return { byCount, byRate };
}
