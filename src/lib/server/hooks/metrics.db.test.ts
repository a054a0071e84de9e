import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { Database } from '../db/client';
import { liveGames } from '../db/schema';
import { enqueueMail } from '../notifications';
import { createTestDatabase } from '../testing/database';
import { TEST_NOW, makeTree } from '../testing/factories';
import { sample } from '../testing/observability';
import { startMetrics, stopMetrics } from './metrics';

// What /metrics reads from the database when scraped, on both engines.
let database: Database;

beforeAll(async () => {
	database = await createTestDatabase();
	const { district } = await makeTree(database);
	const states = ['lobby', 'open', 'paused', 'revealed', 'finished'] as const;
	await database.db.insert(liveGames).values(
		states.map((state, n) => ({
			code: `MET${n}AB`,
			title: `Trò chơi ${n}`,
			unitId: district.id,
			unitPath: district.path,
			state
		}))
	);
	for (const to of ['a@example.vn', 'b@example.vn'])
		await enqueueMail(database.db, TEST_NOW, { kind: 'test', to, data: {} });
	startMetrics(
		database,
		readConfig({ DATABASE_POOL_SIZE: '7' }),
		() => new Date(TEST_NOW.getTime() + 90_000)
	);
});

afterAll(async () => {
	stopMetrics();
	await database?.close();
});

describe('a scrape', () => {
	it('reads the outbox backlog and the live games started and not finished', async () => {
		expect(await sample('gs_mail_outbox_pending')).toBe(2);
		expect(await sample('gs_mail_outbox_oldest_pending_seconds')).toBe(90);
		expect(await sample('gs_live_games_running')).toBe(3);
	});

	it("reads the database pool: its size, and on PostgreSQL this process's connections", async () => {
		if (database.engine === 'pglite') {
			expect(await sample('gs_db_pool_size', { engine: 'pglite' })).toBe(1);
			return;
		}
		expect(await sample('gs_db_pool_size', { engine: 'postgres' })).toBe(7);
		// The scrape's own connection is left out; the test's earlier queries left others idle.
		const idle = await sample('gs_db_connections', { state: 'idle' });
		const active = await sample('gs_db_connections', { state: 'active' });
		expect(idle + active).toBeGreaterThanOrEqual(1);
	});
});
