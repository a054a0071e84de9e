// Group commit: the shared batcher behind ballots and live answers.
import { observeBatch } from '../metrics';

interface Pending<T, R> {
	item: T;
	keys: string[];
	resolve(result: R): void;
	reject(error: unknown): void;
}

export interface BatcherOptions<T> {
	/** Its `batcher` label in the metrics (gs_batch_size, gs_batch_duration_seconds). */
	name?: string;
	/** Batches in the database at once: leaves the rest of the pool to sessions and pages. */
	maxInFlight?: number;
	maxBatch?: number;
	/** Items sharing a key never go in the same batch nor in two batches at once: in order. */
	keysOf?: (item: T) => string[];
}

/** Every batcher of this process, for the shutdown (`settleBatches`); held weakly (tests make many). */
const everyBatcher = new Set<WeakRef<{ settled(): Promise<void> }>>();

/**
 * Shutdown: resolves once no batcher holds an item, queued or in the database. Each caller was
 * answered only after its batch committed, so after this every acknowledged item is stored, and
 * whatever was still queued is stored too before the database closes.
 */
export async function settleBatches(): Promise<void> {
	for (const ref of [...everyBatcher]) {
		const batcher = ref.deref();
		if (!batcher) everyBatcher.delete(ref);
		else await batcher.settled();
	}
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
	/** Keys of the batches in the database (disjoint: a key is in one batch at most). */
	private readonly keysInFlight = new Set<string>();
	private scheduled = false;
	/** Who waits for the batcher to hold nothing (`settled`). */
	private idle: (() => void)[] = [];
	private readonly maxInFlight: number;
	private readonly maxBatch: number;

	constructor(
		private readonly run: (items: T[]) => Promise<R[]>,
		private readonly options: BatcherOptions<T> = {}
	) {
		this.maxInFlight = options.maxInFlight ?? 3;
		this.maxBatch = options.maxBatch ?? 200;
		everyBatcher.add(new WeakRef(this));
	}

	/** Resolves once nothing is queued nor in the database (at once when that is already so). */
	settled(): Promise<void> {
		if (this.isIdle()) return Promise.resolve();
		return new Promise((resolve) => this.idle.push(resolve));
	}

	private isIdle() {
		return this.queue.length === 0 && this.inFlight === 0 && !this.scheduled;
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

	/**
	 * The next batch, in arrival order. An item waits while a key of its own is in a batch in
	 * flight or already taken, and so does every later item sharing a key with it: items with
	 * a common key reach the database one batch after another, in the order they came.
	 */
	private take(): Pending<T, R>[] {
		const batch: Pending<T, R>[] = [];
		const rest: Pending<T, R>[] = [];
		const busy = new Set(this.keysInFlight);
		for (const p of this.queue) {
			const free = batch.length < this.maxBatch && !p.keys.some((k) => busy.has(k));
			(free ? batch : rest).push(p);
			for (const k of p.keys) busy.add(k);
		}
		this.queue = rest;
		return batch;
	}

	private drain() {
		while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
			const batch = this.take();
			if (batch.length === 0) return;
			this.inFlight++;
			const keys = batch.flatMap((p) => p.keys);
			for (const k of keys) this.keysInFlight.add(k);
			void this.flush(batch).finally(() => {
				for (const k of keys) this.keysInFlight.delete(k);
				this.inFlight--;
				this.drain();
				if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
			});
		}
	}

	private async flush(batch: Pending<T, R>[]) {
		const started = performance.now();
		try {
			await this.settle(batch);
		} finally {
			observeBatch(
				this.options.name ?? 'other',
				batch.length,
				(performance.now() - started) / 1000
			);
		}
	}

	private async settle(batch: Pending<T, R>[]) {
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
