import type { Db } from '../db/client';

/** The Drizzle calls that each start one statement (relational `db.query` is not used here). */
const STATEMENTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute']);

/**
 * A view of the database that counts the statements started through it, so a test can say a
 * read takes a fixed number of queries whatever the number of rows (no N+1).
 */
export function countingStatements(db: Db): { db: Db; count: () => number } {
	let count = 0;
	const view = new Proxy(db, {
		get(target, key, receiver) {
			const value = Reflect.get(target, key, receiver) as unknown;
			if (typeof key !== 'string' || !STATEMENTS.has(key) || typeof value !== 'function')
				return value;
			return (...args: unknown[]) => {
				count++;
				return (value as (...a: unknown[]) => unknown).apply(receiver, args);
			};
		}
	});
	return { db: view, count: () => count };
}
