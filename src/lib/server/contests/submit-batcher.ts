/** Group commit of submitted sheets: the closing minutes of a round, many attempts per transaction. */
import type { Db } from '../db/client';
import { Batcher } from '../db/group-commit';
import { finishAttempts, type FinishedScore, type FinishedSheet } from './attempt-repo';

const batchers = new WeakMap<Db, Batcher<FinishedSheet, FinishedScore | null>>();

/**
 * One batcher per database handle. A sheet settles once its batch committed (acknowledged =
 * stored) with its score, or null when its attempt had already ended. The same attempt never
 * goes twice in one batch: the second waits and finds it ended.
 */
export function submissionBatcherOf(db: Db) {
	let batcher = batchers.get(db);
	if (!batcher) {
		batcher = new Batcher(
			async (sheets) => {
				const scores = await db.transaction((tx) => finishAttempts(tx, sheets));
				return sheets.map((s) => scores.get(s.attemptId) ?? null);
			},
			{ name: 'contest_submissions', keysOf: (s) => [`attempt:${s.attemptId}`] }
		);
		batchers.set(db, batcher);
	}
	return batcher;
}
