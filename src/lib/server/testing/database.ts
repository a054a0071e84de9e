import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a database of its own on
 * the server at TEST_DATABASE_URL (created here and dropped on close).
 */
export async function createTestDatabase(): Promise<Database> {
	const engine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
	if (engine === 'pglite') {
		const database = await openDatabase({ engine: 'pglite' });
		await database.migrate();
		return database;
	}
	const serverUrl = process.env.TEST_DATABASE_URL;
	if (!serverUrl) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL');
	const name = `gs_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ engine: 'postgres', url: url.toString(), max: 20 });
	await database.migrate();
	return {
		...database,
		close: async () => {
			await database.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}
