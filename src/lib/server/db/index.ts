import { readConfig } from '../config';
import { openDatabase, type Database } from './client';
import { announceDemoAccounts, seedDemoIfEmpty } from './seed';

let current: Database | null = null;
let opening: Promise<Database> | null = null;

/** Opens, migrates and (for demo) seeds the database once per process. */
export function initDatabase(): Promise<Database> {
	opening ??= (async () => {
		const config = readConfig();
		const database = config.databaseUrl
			? await openDatabase({ engine: 'postgres', url: config.databaseUrl, max: config.poolSize })
			: await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
		await database.migrate();
		if (config.seedDemo) {
			if (await seedDemoIfEmpty(database.db)) console.log('Đã tạo dữ liệu mẫu.');
			announceDemoAccounts();
		}
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
