import { readConfig } from '../config';
import { openDatabase, type Database } from './client';

let current: Database | null = null;
let opening: Promise<Database> | null = null;

/**
 * Opens and migrates the database once per process; `prepare` runs once it is migrated (the
 * demo data, which lives above this layer).
 */
export function initDatabase(
	prepare?: (database: Database, config: ReturnType<typeof readConfig>) => Promise<void>
): Promise<Database> {
	opening ??= (async () => {
		const config = readConfig();
		const database = config.databaseUrl
			? await openDatabase({ engine: 'postgres', url: config.databaseUrl, max: config.poolSize })
			: await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
		await database.migrate();
		await prepare?.(database, config);
		current = database;
		return database;
	})();
	return opening;
}

export function getDatabase(): Database {
	if (!current) throw new Error('Database not initialised: initDatabase() runs in the init hook');
	return current;
}

export async function closeDatabase(): Promise<void> {
	const database = current;
	current = null;
	opening = null;
	await database?.close();
}
