import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { createTestDatabase } from '../testing/database';

describe('database health', () => {
	it('answers a ping while the database is up', async () => {
		const database = await createTestDatabase();
		try {
			expect(await database.ping()).toBe(true);
		} finally {
			await database.close();
		}
	});

	it('reports a server that does not answer instead of throwing (/healthz turns this into 503)', async () => {
		const database = await openDatabase({
			engine: 'postgres',
			url: 'postgres://postgres@127.0.0.1:1/none',
			max: 1
		});
		try {
			expect(await database.ping()).toBe(false);
		} finally {
			await database.close();
		}
	});
});
