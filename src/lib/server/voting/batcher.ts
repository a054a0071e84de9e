import type { Db } from '../db/client';
import { insertBallots, type NewBallot } from './repo';

interface Pending {
	ballot: NewBallot;
	resolve(stored: boolean): void;
	reject(error: unknown): void;
}

/**
 * Group commit for signed-in ballots. Ballots that arrive while earlier batches are still in
 * the database wait and then go together in one statement (one transaction, one commit), so
 * a burst of voters costs a few round trips instead of one each. Each caller's promise settles
 * only after its batch committed: acknowledged = stored. A ballot refused by the unique key
 * (already voted) answers false without failing the others; if the whole statement fails
 * (e.g. a tracking-code collision), each ballot of that batch is retried alone.
 */
export class BallotBatcher {
	private queue: Pending[] = [];
	private inFlight = 0;
	private scheduled = false;

	constructor(
		private readonly db: Db,
		/** Batches in the database at once: leaves the rest of the pool to sessions and pages. */
		private readonly maxInFlight = 3,
		private readonly maxBatch = 200
	) {}

	/** Resolves true when the ballot was stored, false when the voter already had one. */
	insert(ballot: NewBallot): Promise<boolean> {
		return new Promise((resolve, reject) => {
			this.queue.push({ ballot, resolve, reject });
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

	private drain() {
		while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
			const batch = this.queue.splice(0, this.maxBatch);
			this.inFlight++;
			void this.flush(batch).finally(() => {
				this.inFlight--;
				this.drain();
			});
		}
	}

	private async flush(batch: Pending[]) {
		try {
			const stored = await insertBallots(
				this.db,
				batch.map((p) => p.ballot)
			);
			for (const p of batch) p.resolve(stored.has(p.ballot.trackingCode));
		} catch (error) {
			if (batch.length === 1) return batch[0]!.reject(error);
			await Promise.all(
				batch.map(async (p) => {
					try {
						p.resolve((await insertBallots(this.db, [p.ballot])).has(p.ballot.trackingCode));
					} catch (single) {
						p.reject(single);
					}
				})
			);
		}
	}
}

const batchers = new WeakMap<Db, BallotBatcher>();

/** One batcher per database handle (per process in production). */
export function ballotBatcher(db: Db): BallotBatcher {
	let batcher = batchers.get(db);
	if (!batcher) batchers.set(db, (batcher = new BallotBatcher(db)));
	return batcher;
}
