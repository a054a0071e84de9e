import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './sql';

/** What `Database.exclusive` gives back: the work's value, or null when another holder ran it. */
export type Exclusive = <T>(name: string, work: () => Promise<T>) => Promise<{ value: T } | null>;

/**
 * On a server shared by several nodes: the work runs under a transaction-scoped advisory lock
 * named `name`, taken without waiting, so a node that finds it held skips the work. The
 * transaction holds one pooled connection and no snapshot while the work runs.
 */
export function exclusiveOnServer(db: Db): Exclusive {
	return (name, work) =>
		db.transaction(async (tx) => {
			const [row] = rowsOf<{ locked: boolean }>(
				await tx.execute(
					sql`select pg_try_advisory_xact_lock(hashtext(${`exclusive:${name}`})) as locked`
				)
			);
			return row?.locked === true ? { value: await work() } : null;
		});
}

/**
 * The embedded database has one process: the names held are this process's own. No
 * transaction is opened, since a copy of the embedded database waits for open ones to end.
 */
export function exclusiveInProcess(): Exclusive {
	const held = new Set<string>();
	return async (name, work) => {
		if (held.has(name)) return null;
		held.add(name);
		try {
			return { value: await work() };
		} finally {
			held.delete(name);
		}
	};
}
