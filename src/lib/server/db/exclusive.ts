import type { Sql } from 'postgres';

/** What `Database.exclusive` gives back: the work's value, or null when another holder ran it. */
export type Exclusive = <T>(name: string, work: () => Promise<T>) => Promise<{ value: T } | null>;

/**
 * On a server shared by several nodes: the work runs under a session advisory lock named
 * `name`, taken without waiting on a connection set aside for it, so a node that finds it held
 * skips the work. No transaction stays open through the work (a backup lasts minutes, and a
 * server may end transactions left idle).
 */
export function exclusiveOnServer(client: Sql): Exclusive {
	return async (name, work) => {
		const key = `exclusive:${name}`;
		const reserved = await client.reserve();
		try {
			const [row] = await reserved<{ locked: boolean }[]>`
				select pg_try_advisory_lock(hashtext(${key})) as locked`;
			if (row?.locked !== true) return null;
			try {
				return { value: await work() };
			} finally {
				await reserved`select pg_advisory_unlock(hashtext(${key}))`;
			}
		} finally {
			reserved.release();
		}
	};
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
