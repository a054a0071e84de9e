import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { rowsOf } from '../db/sql';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { makeGame } from '../testing/live';
import * as repo from './repo';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});

afterAll(async () => {
	await database?.close();
});

/** The tables a plan reads whole (Seq Scan nodes), anywhere in it. */
function scannedWhole(plan: unknown): string[] {
	if (typeof plan !== 'object' || plan === null) return [];
	const node = plan as Record<string, unknown>;
	const own = node['Node Type'] === 'Seq Scan' ? [String(node['Relation Name'])] : [];
	return [
		...own,
		...Object.values(node).flatMap((v) => (Array.isArray(v) ? v : [v]).flatMap(scannedWhole))
	];
}

describe('a batch of answers looks up only its own rows', () => {
	it('finds each answer by index however many players earlier games left, with the right contexts', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const q = await makeApprovedQuestion(ctx, tree.district.id);
		const newGame = (title: string) =>
			makeGame(ctx, tree.district.id, [q.id], { title, rescueWhenAtMost: 2, rescueMaxUses: 1 });
		const earlier = await newGame('Trận năm ngoái');
		const game = await newGame('Tra cứu theo chỉ mục');
		// An earlier game left thousands of players in the table; this one has three.
		await database.db.execute(sql`insert into live_players (game_id, token_hash, display_name, seat)
			select ${earlier.id}, 'old-' || i, 'Người chơi ' || i, i from generate_series(1, 3000) i`);
		await database.db.execute(sql`insert into live_players (game_id, token_hash, display_name, seat)
			select ${game.id}, 'token-' || i, 'Người chơi ' || i, i from generate_series(1, 3) i`);
		await database.db.execute(sql`analyze live_players`);

		const batch = [
			{ code: game.code, tokenHash: 'token-1', position: 0 },
			{ code: game.code, tokenHash: 'no-such-token', position: 0 },
			// Another game's player with this game's code is no player of it.
			{ code: game.code, tokenHash: 'old-7', position: 0 },
			{ code: 'ZZZZZZ', tokenHash: 'token-2', position: 0 },
			{ code: game.code, tokenHash: 'token-3', position: 5 }
		];
		const [explained] = rowsOf<Record<string, unknown>>(
			await database.db.execute(sql`explain (format json) ${repo.answerContextsQuery(batch)}`)
		);
		const plan = Object.values(explained!)[0];
		expect(scannedWhole(plan)).not.toContain('live_players');

		const players = rowsOf<{ id: number; token_hash: string }>(
			await database.db.execute(
				sql`select id, token_hash from live_players where token_hash in ('token-1', 'token-3')`
			)
		);
		const idOf = (token: string) => players.find((p) => p.token_hash === token)!.id;
		const contexts = await repo.answerContexts(database.db, batch);
		expect(
			contexts.map((c) => c && { game: c.gameId, player: c.playerId, type: c.questionType })
		).toEqual([
			{ game: game.id, player: idOf('token-1'), type: 'single' },
			{ game: game.id, player: null, type: 'single' },
			{ game: game.id, player: null, type: 'single' },
			null,
			{ game: game.id, player: idOf('token-3'), type: null }
		]);
	});
});
