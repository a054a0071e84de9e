import type { Db } from './client';

/**
 * A hot query built once per database handle (Drizzle's `prepare`): calls pass placeholder
 * values and skip building the SQL text, which costs more CPU than running it on a submit's
 * path. A transaction is a handle of its own, so it builds its copy once.
 */
export function builtOncePer<Q>(build: (db: Db) => Q): (db: Db) => Q {
	const built = new WeakMap<Db, Q>();
	return (db) => {
		let query = built.get(db);
		if (!query) built.set(db, (query = build(db)));
		return query;
	};
}
