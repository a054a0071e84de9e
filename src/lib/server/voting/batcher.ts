import type { Db } from '../db/client';
import { Batcher, type BatcherOptions } from '../db/group-commit';
import {
	castAnonymousBallots,
	insertBallots,
	type AnonymousCast,
	type AnonymousOutcome,
	type NewBallot
} from './ballot-writes';

/** Signed-in ballots: true when stored, false when the voter already had one for the period. */
export class BallotBatcher extends Batcher<NewBallot, boolean> {
	constructor(db: Db, options: BatcherOptions<NewBallot> = {}) {
		super(
			async (ballots) => {
				const stored = await insertBallots(db, ballots);
				return ballots.map((b) => stored.has(b.trackingCode));
			},
			{ name: 'ballots', ...options }
		);
	}
}

/**
 * What an anonymous cast must not share with another in its batch: its signature, and its
 * address counter when the poll has an address limit. Without a limit nothing is charged, so
 * a burst from one NAT (a school, an office) still goes in one batch.
 */
export function anonymousKeys(c: AnonymousCast): string[] {
	const keys = [`pow:${c.signature}`];
	if (c.limit !== null) keys.push(`address:${c.ballot.pollId}:${c.ballot.addressHash}:${c.day}`);
	return keys;
}

/**
 * Anonymous ballots with their proof of work and address charge. A signature or a charged
 * address counter appears at most once per batch, so the set-based statement never meets itself.
 */
export class AnonymousBatcher extends Batcher<AnonymousCast, AnonymousOutcome> {
	constructor(db: Db, options: BatcherOptions<AnonymousCast> = {}) {
		super((casts) => castAnonymousBallots(db, casts), {
			name: 'anonymous_ballots',
			keysOf: anonymousKeys,
			...options
		});
	}
}

const batchers = new WeakMap<Db, { ballots: BallotBatcher; anonymous: AnonymousBatcher }>();

/** One pair of batchers per database handle (per process in production). */
export function batchersOf(db: Db) {
	let pair = batchers.get(db);
	if (!pair)
		batchers.set(
			db,
			(pair = { ballots: new BallotBatcher(db), anonymous: new AnonymousBatcher(db) })
		);
	return pair;
}
