import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppServer, shutDownGracefully } from '../../../../scripts/server.js';
import { openDatabase, type Database } from '../db/client';
import { liveAnswers, livePlayers } from '../db/schema';
import { hostAct, joinGame, liveNodeRoutes, startLiveHub } from '../live';
import { makeApprovedQuestion } from '../testing/contests';
import { ctxFor, makeTree, TEST_NOW } from '../testing/factories';
import { makeGame } from '../testing/live';
import { DRAINING_EVENT, SHUTDOWN_EVENT, shutDownWith } from './shutdown';

// A node shutting down in the middle of a hall's burst of answers, as `npm start` serves them
// (scripts/server.js with the live node routes) and as the app's hooks shut it down
// (shutDownWith): every answer that was acknowledged is in the database once it is closed, the
// open stream is told to reconnect, and (embedded) the data folder is released and reopens.
const ORIGIN = 'http://hoi-truong.test';
const PLAYERS = 60;
const engine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const cleanups: (() => Promise<void>)[] = [];
/** The question opens at TEST_NOW; the server's clock reads a second later, within its 60 s. */
const SERVER_NOW = new Date(TEST_NOW.getTime() + 1000);
const clock = () => SERVER_NOW;

afterAll(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A database this test closes itself, and a way to open it again afterwards. */
async function closableDatabase(): Promise<{
	database: Database;
	reopen: () => Promise<Database>;
	folder: string | null;
}> {
	if (engine === 'pglite') {
		const folder = mkdtempSync(join(tmpdir(), 'guong-sang-shutdown-'));
		cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
		const open = () => openDatabase({ engine: 'pglite', dataDir: folder });
		const database = await open();
		await database.migrate();
		return { database, reopen: open, folder };
	}
	const serverUrl = process.env.TEST_DATABASE_URL!;
	const name = `gs_test_${process.pid}_shutdown_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	cleanups.push(async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	});
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const open = () => openDatabase({ engine: 'postgres', url: url.toString(), max: 10 });
	const database = await open();
	await database.migrate();
	return { database, reopen: open, folder: null };
}

describe(`a node's graceful shutdown (${engine})`, () => {
	it('stores every acknowledged answer of a burst, tells the stream to reconnect, and closes the database', async () => {
		const { database, reopen, folder } = await closableDatabase();
		const tree = await makeTree(database);
		const ctx = ctxFor(database, tree.organizer);
		const game = await makeGame(
			ctx,
			tree.district.id,
			[(await makeApprovedQuestion(ctx, tree.district.id)).id],
			{ title: 'Tắt giữa chừng', seconds: 60 }
		);
		const tokens: string[] = [];
		for (let i = 0; i < PLAYERS; i++) {
			const joined = await joinGame(ctxFor(database, null), {
				code: game.code,
				displayName: `Người chơi ${i + 1}`,
				unitName: undefined
			});
			tokens.push(joined.token);
		}
		await hostAct(ctx, game.code, { action: 'start' });
		await startLiveHub(database, { clock });

		// The process's events, as scripts/server.js emits them, on an emitter of the test's own.
		const events = new EventEmitter();
		const emitted: string[] = [];
		const done = shutDownWith(events, () => database.close());
		const server = createAppServer(
			(_req, res) => res.writeHead(299).end('kit'),
			liveNodeRoutes({ origins: new Set([ORIGIN]), db: database.db, clock })
		);
		const shutDown = shutDownGracefully(server, [], (name, ...args) => {
			emitted.push(name);
			events.emit(name, ...args);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as AddressInfo).port;

		// A phone follows the game.
		const stream = await new Promise<http.IncomingMessage>((resolve, reject) =>
			http
				.get(
					{
						host: '127.0.0.1',
						port,
						path: `/choi/${game.code}/su-kien`,
						headers: { cookie: `gs_live_${game.code}=${tokens[0]}` }
					},
					resolve
				)
				.on('error', reject)
		);
		expect(stream.statusCode).toBe(200);
		let streamed = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => (streamed += chunk));
		const streamEnded = new Promise((resolve) => stream.on('end', resolve));

		// Every player answers at once over a few kept-alive connections; the node is told to stop
		// once the first answers are acknowledged, with the rest on their way.
		const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
		const acknowledged: number[] = [];
		const refused: number[] = [];
		let stopping = false;
		/** Answers acknowledged after the shutdown began: the ones already on their way in. */
		let duringShutdown = 0;
		const answer = (i: number) =>
			new Promise<void>((resolve) => {
				const request = http.request(
					{
						host: '127.0.0.1',
						port,
						agent,
						method: 'POST',
						path: `/choi/${game.code}/tra-loi`,
						headers: {
							origin: ORIGIN,
							'content-type': 'application/x-www-form-urlencoded',
							cookie: `gs_live_${game.code}=${tokens[i]}`
						}
					},
					(response) => {
						response.resume();
						response.on('end', () => {
							if (response.statusCode === 200) {
								acknowledged.push(i);
								if (stopping) duringShutdown++;
							} else refused.push(i);
							if (acknowledged.length >= 5 && !stopping) {
								stopping = true;
								shutDown('SIGTERM');
							}
							resolve();
						});
					}
				);
				// Refused or reset once the node stopped listening: not acknowledged, so not promised.
				request.on('error', () => resolve());
				request.end(`position=0&choice=${i % 2}`);
			});
		await Promise.all(tokens.map((_, i) => answer(i)));
		agent.destroy();

		expect(stopping).toBe(true);
		expect(duringShutdown).toBeGreaterThan(0);
		// The rest found the node gone (refused, reset): not acknowledged; none was answered otherwise.
		expect(acknowledged.length).toBeLessThan(PLAYERS);
		expect(refused).toEqual([]);
		await done;
		await streamEnded;
		expect(emitted).toEqual([DRAINING_EVENT, SHUTDOWN_EVENT]);
		expect(streamed).toContain('event: reconnect\ndata: {"reason":"shutdown"}\nretry: 250\n\n');
		expect(server.listening).toBe(false);
		if (folder) expect(existsSync(join(folder, 'guong-sang.lock'))).toBe(false);

		// Opened again (the embedded folder too: it was released), every acknowledged answer is there.
		const again = await reopen();
		try {
			const stored = await again.db
				.select({ name: livePlayers.displayName })
				.from(liveAnswers)
				.innerJoin(livePlayers, eq(livePlayers.id, liveAnswers.playerId))
				.where(eq(liveAnswers.gameId, game.id));
			const names = new Set(stored.map((s) => s.name));
			for (const i of acknowledged)
				expect(names, `answer ${i + 1}`).toContain(`Người chơi ${i + 1}`);
		} finally {
			await again.close();
		}
	});
});
