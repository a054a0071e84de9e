import type { Db } from '../db/client';
import {
	castAnonymousBallots,
	insertBallots,
	type AnonymousCast,
	type AnonymousOutcome,
	type NewBallot
} from './repo';

interface Pending<T, R> {
	item: T;
	keys: string[];
	resolve(result: R): void;
	reject(error: unknown): void;
}

export interface BatcherOptions<T> {
	/** Batches in the database at once: leaves the rest of the pool to sessions and pages. */
	maxInFlight?: number;
	maxBatch?: number;
	/** Items sharing a key never go in the same batch (the later one waits for the next). */
	keysOf?: (item: T) => string[];
}

/**
 * Group commit. Items that arrive while earlier batches are still in the database wait and
 * then go together through `run` (one statement or transaction, one commit), so a burst costs
 * a few round trips instead of one each. Each caller's promise settles only after `run`
 * returned, i.e. after its batch committed: acknowledged = stored. If `run` fails as a whole
 * (e.g. a tracking-code collision), each item of that batch is run again alone, so one bad
 * item never fails the others.
 */
export class Batcher<T, R> {
	private queue: Pending<T, R>[] = [];
	private inFlight = 0;
	private scheduled = false;
	private readonly maxInFlight: number;
	private readonly maxBatch: number;

	constructor(
		private readonly run: (items: T[]) => Promise<R[]>,
		private readonly options: BatcherOptions<T> = {}
	) {
		this.maxInFlight = options.maxInFlight ?? 3;
		this.maxBatch = options.maxBatch ?? 200;
	}

	submit(item: T): Promise<R> {
		return new Promise((resolve, reject) => {
			this.queue.push({ item, keys: this.options.keysOf?.(item) ?? [], resolve, reject });
			if (!this.scheduled) {
				this.scheduled = true;
				// Wait for the rest of this turn's requests, so they share the batch.
				setImmediate(() => {
					this.scheduled = false;
					this.drain();
				});
			}
		});
	}

	private take(): Pending<T, R>[] {
		const batch: Pending<T, R>[] = [];
		const rest: Pending<T, R>[] = [];
		const taken = new Set<string>();
		for (const p of this.queue) {
			if (batch.length < this.maxBatch && !p.keys.some((k) => taken.has(k))) {
				batch.push(p);
				for (const k of p.keys) taken.add(k);
			} else rest.push(p);
		}
		this.queue = rest;
		return batch;
	}

	private drain() {
		while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
			const batch = this.take();
			this.inFlight++;
			void this.flush(batch).finally(() => {
				this.inFlight--;
				this.drain();
			});
		}
	}

	private async flush(batch: Pending<T, R>[]) {
		try {
			const results = await this.run(batch.map((p) => p.item));
			batch.forEach((p, i) => p.resolve(results[i]!));
		} catch (error) {
			if (batch.length === 1) return batch[0]!.reject(error);
			// One after another: retried all at once they would take every pooled connection.
			for (const p of batch) {
				try {
					p.resolve((await this.run([p.item]))[0]!);
				} catch (single) {
					p.reject(single);
				}
			}
		}
	}
}

/** Signed-in ballots: true when stored, false when the voter already had one for the period. */
export class BallotBatcher extends Batcher<NewBallot, boolean> {
	constructor(db: Db, options: BatcherOptions<NewBallot> = {}) {
		super(async (ballots) => {
			const stored = await insertBallots(db, ballots);
			return ballots.map((b) => stored.has(b.trackingCode));
		}, options);
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
		super((casts) => castAnonymousBallots(db, casts), { keysOf: anonymousKeys, ...options });
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
