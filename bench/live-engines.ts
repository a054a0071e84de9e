// Where the live bench's game lives, and how the host's command reaches the app on it.
//
// PostgreSQL: a database of the bench's own; the bench seeds it and hosts from its own process
// through the service, so "open" reaches the app as a NOTIFY, as from a host on another node.
// PGlite: a temporary DATA_DIR. PGlite allows one process per folder, so the bench seeds it and
// lets go before the app starts, then hosts as the console does: a signed-in organizer's POST of
// the console's form action (the enhanced form's request), timed from before the request. It
// reads the stored answers back once the app has stopped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { generateSessionToken, insertSession, sessionIdFromToken } from '../src/lib/server/auth';
import type { Actor } from '../src/lib/server/auth/actor';
import { openDatabase, type Database } from '../src/lib/server/db/client';
import { hostAct } from '../src/lib/server/live';
import { useNotify } from '../src/lib/server/realtime/bus';
import { ctxFor } from '../src/lib/server/testing/factories';
import { post } from './live-clients';

export type EngineKind = 'postgres' | 'pglite';

export interface Engine {
	kind: EngineKind;
	/** Open in this process for seeding. */
	database: Database;
	/** What the app's process needs to run on this database. */
	appEnv: Record<string, string>;
	/** After seeding, before the app starts: returns the host's "start" as this engine sends it. */
	handOver(organizer: Actor, appPort: number): Promise<(code: string) => Promise<void>>;
	/** The server's own connection (PostgreSQL), for metering the app's backends; null on PGlite. */
	admin: postgres.Sql | null;
	/** Answers stored for the game; called once the app has stopped. */
	storedAnswers(gameId: number): Promise<number>;
	cleanup(): Promise<void>;
}

const count = async (database: Database, gameId: number) => {
	const rows = await database.db.execute<{ n: number }>(
		sql`select count(*)::int as n from live_answers where game_id = ${gameId}`
	);
	return (
		(rows as unknown as { n: number }[])[0]?.n ??
		(rows as unknown as { rows: { n: number }[] }).rows?.[0]?.n ??
		NaN
	);
};

export async function openEngine(kind: EngineKind, pool: string): Promise<Engine> {
	return kind === 'pglite' ? openPglite() : openPostgres(pool);
}

async function openPostgres(pool: string): Promise<Engine> {
	const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `gs_bench_live_${process.pid}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	await admin.unsafe(`create database ${name}`);
	const database = await openDatabase({ engine: 'postgres', url: url.toString(), max: 4 });
	await database.migrate();
	return {
		kind: 'postgres',
		database,
		admin,
		appEnv: { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: pool },
		async handOver(organizer) {
			// The host's commands publish by NOTIFY from here, like a host on another node.
			useNotify(true);
			return async (code) => {
				await hostAct(ctxFor(database, organizer, new Date()), code, { action: 'start' });
			};
		},
		storedAnswers: (gameId) => count(database, gameId),
		async cleanup() {
			await database.close().catch(() => {});
			await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
			await admin.end();
		}
	};
}

async function openPglite(): Promise<Engine> {
	const dataDir = await mkdtemp(join(tmpdir(), 'gs-bench-live-'));
	const database = await openDatabase({ engine: 'pglite', dataDir });
	await database.migrate();
	let open = true;
	return {
		kind: 'pglite',
		database,
		admin: null,
		// An empty DATABASE_URL means none: the app opens DATA_DIR, as `npm start` does.
		appEnv: { DATABASE_URL: '', DATA_DIR: dataDir },
		async handOver(organizer, appPort) {
			const token = generateSessionToken();
			const expires = new Date(Date.now() + 86_400_000);
			await insertSession(database.db, sessionIdFromToken(token), organizer.id, expires);
			await database.close();
			open = false;
			return async (code) => {
				const res = await post(appPort, `/quan-tri/rung-chuong-vang/${code}?/start`, '', {
					'content-type': 'application/x-www-form-urlencoded',
					cookie: `gs_session=${token}`,
					origin: `http://127.0.0.1:${appPort}`,
					'x-sveltekit-action': 'true'
				});
				if (res.status !== 200 || !res.body.includes('"type":"success"'))
					throw new Error(`host start refused: ${res.status} ${res.body.slice(0, 200)}`);
			};
		},
		async storedAnswers(gameId) {
			const reopened = await openDatabase({ engine: 'pglite', dataDir });
			try {
				return await count(reopened, gameId);
			} finally {
				await reopened.close();
			}
		},
		async cleanup() {
			if (open) await database.close().catch(() => {});
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}
