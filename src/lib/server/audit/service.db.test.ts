import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditFilterInput } from '$lib/schemas/audit';
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { statusOf } from '../testing/status';
import { ctxFor, makeTree, makeUnit } from '../testing/factories';
import { createUnit, updateUnit } from '../units';
import { readAuditLog } from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
/** Ids of the units the setup created through the real services, one per district. */
const made = { inDistrict: 0, inSibling: 0, byOrganizer: 0 };

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const admin = ctxFor(database, tree.admin);
	const fields = { kind: 'grassroots' as const, memberCount: 30 };
	// Changes in both districts by the administrator, and one by the district's organizer.
	made.inDistrict = (
		await createUnit(admin, {
			name: 'Chi đoàn A-1',
			code: 'AUD-A1',
			parentId: tree.district.id,
			...fields
		})
	).id;
	made.inSibling = (
		await createUnit(admin, {
			name: 'Chi đoàn B-1',
			code: 'AUD-B1',
			parentId: tree.sibling.id,
			...fields
		})
	).id;
	await updateUnit(admin, {
		id: tree.sibling.id,
		name: 'Huyện đoàn B (mới)',
		code: tree.sibling.code,
		kind: 'district',
		memberCount: 500
	});
	made.byOrganizer = (
		await createUnit(ctxFor(database, tree.organizer), {
			name: 'Chi đoàn A-2',
			code: 'AUD-A2',
			parentId: tree.grassroots.id,
			...fields
		})
	).id;
});
afterAll(async () => {
	await database?.close();
});

const filter = (overrides: Partial<AuditFilterInput> = {}): AuditFilterInput => ({
	actorId: undefined,
	action: '',
	from: undefined,
	to: undefined,
	page: 1,
	...overrides
});

/** Every row the reader can see with this filter, following the pages. */
async function readAll(actor: typeof tree.admin, overrides: Partial<AuditFilterInput> = {}) {
	const rows = [];
	for (let page = 1; ; page++) {
		const result = await readAuditLog(ctxFor(database, actor), filter({ ...overrides, page }));
		rows.push(...result.rows);
		if (!result.hasMore) return rows;
	}
}

describe('reading the audit log', () => {
	it('shows an organizer only the rows of their subtree', async () => {
		const rows = await readAll(tree.organizer);
		const entities = rows.map((r) => `${r.action}:${r.entityId}`);
		expect(entities).toContain(`unit.create:${made.inDistrict}`);
		expect(entities).toContain(`unit.create:${made.byOrganizer}`);
		expect(entities).not.toContain(`unit.create:${made.inSibling}`);
		expect(entities).not.toContain(`unit.update:${tree.sibling.id}`);

		const paths = await database.db
			.select({ id: auditLog.id, unitPath: auditLog.unitPath })
			.from(auditLog);
		const visible = new Set(rows.map((r) => r.id));
		for (const row of paths) {
			// Exactly the rows whose unit lies in the district, nothing else.
			expect(visible.has(row.id)).toBe(row.unitPath?.startsWith(tree.district.path) ?? false);
		}
	});

	it('shows the administrator everything, newest first, with the actor name', async () => {
		const rows = await readAll(tree.admin);
		expect(rows.length).toBe((await database.db.select().from(auditLog)).length);
		const ids = rows.map((r) => r.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		const sibling = rows.find(
			(r) => r.action === 'unit.update' && r.entityId === String(tree.sibling.id)
		);
		expect(sibling?.actorName).toBe(tree.admin.fullName);
		expect(sibling?.before).toMatchObject({ name: 'Huyện đoàn B' });
		expect(sibling?.after).toMatchObject({ name: 'Huyện đoàn B (mới)' });
	});

	it('filters by who acted', async () => {
		const byOrganizer = await readAll(tree.organizer, { actorId: tree.organizer.id });
		expect(byOrganizer.map((r) => r.entityId)).toEqual([String(made.byOrganizer)]);
		expect(byOrganizer.every((r) => r.actorId === tree.organizer.id)).toBe(true);

		const byAdmin = await readAll(tree.organizer, { actorId: tree.admin.id, action: 'unit.' });
		expect(byAdmin.map((r) => r.entityId)).toEqual([String(made.inDistrict)]);
	});

	it('filters by the start of the action name, taking "_" literally', async () => {
		const unitPath = tree.grassroots.path;
		await database.db.insert(auditLog).values([
			{
				actorId: tree.admin.id,
				action: 'user.password_reset',
				entityType: 'user',
				entityId: '1',
				unitPath
			},
			{
				actorId: tree.admin.id,
				action: 'user.passwordXreset',
				entityType: 'user',
				entityId: '2',
				unitPath
			}
		]);
		const units = await readAll(tree.organizer, { action: 'unit.' });
		expect(units.length).toBeGreaterThanOrEqual(2);
		expect(units.every((r) => r.action.startsWith('unit.'))).toBe(true);

		const creates = await readAll(tree.admin, { action: 'unit.create' });
		expect(creates.map((r) => r.entityId).sort()).toEqual(
			[made.inDistrict, made.inSibling, made.byOrganizer].map(String).sort()
		);

		const resets = await readAll(tree.organizer, { action: 'user.password_' });
		expect(resets.map((r) => r.action)).toEqual(['user.password_reset']);
	});

	it('filters by Vietnamese calendar days, both ends included', async () => {
		const unitPath = tree.grassroots.path;
		const row = (at: string, entityId: string) => ({
			at: new Date(at),
			actorId: tree.admin.id,
			action: 'test.day',
			entityType: 'test',
			entityId,
			unitPath
		});
		await database.db.insert(auditLog).values([
			row('2024-02-29T16:59:59.999Z', 'before'), // 23:59:59 on 29/02 in Vietnam
			row('2024-02-29T17:00:00.000Z', 'first'), // 00:00 on 01/03 in Vietnam
			row('2024-03-02T16:59:59.999Z', 'last'), // 23:59:59 on 02/03 in Vietnam
			row('2024-03-02T17:00:00.000Z', 'after') // 00:00 on 03/03 in Vietnam
		]);
		const ids = async (overrides: Partial<AuditFilterInput>) =>
			(await readAll(tree.organizer, { action: 'test.day', ...overrides }))
				.map((r) => r.entityId)
				.sort();

		expect(await ids({ from: '2024-03-01', to: '2024-03-02' })).toEqual(['first', 'last']);
		expect(await ids({ from: '2024-03-01', to: '2024-03-01' })).toEqual(['first']);
		expect(await ids({ from: '2024-03-03' })).toEqual(['after']);
		expect(await ids({ to: '2024-02-29' })).toEqual(['before']);
		expect(await ids({})).toEqual(['after', 'before', 'first', 'last']);
		// Rows written now are not in a past range.
		expect(await readAll(tree.organizer, { from: '2024-03-01', to: '2024-03-02' })).toHaveLength(2);
	});

	it('pages by 50 rows', async () => {
		const unit = await makeUnit(database, tree.district);
		await database.db.insert(auditLog).values(
			Array.from({ length: 51 }, (_, i) => ({
				actorId: tree.admin.id,
				action: 'test.page',
				entityType: 'test',
				entityId: String(i),
				unitPath: unit.path
			}))
		);
		const first = await readAuditLog(
			ctxFor(database, tree.organizer),
			filter({ action: 'test.page' })
		);
		expect(first.rows).toHaveLength(50);
		expect(first.hasMore).toBe(true);
		const second = await readAuditLog(
			ctxFor(database, tree.organizer),
			filter({ action: 'test.page', page: 2 })
		);
		expect(second.rows).toHaveLength(1);
		expect(second.hasMore).toBe(false);
		expect(second.rows[0]!.entityId).toBe('0');
	});

	it('is closed to members and to the sibling organizer for this district', async () => {
		expect(await statusOf(readAuditLog(ctxFor(database, tree.member), filter()))).toBe(403);
		expect(await statusOf(readAuditLog(ctxFor(database, null), filter()))).toBe(401);
		const sibling = await readAll(tree.siblingOrganizer);
		expect(sibling.length).toBeGreaterThan(0);
		expect(sibling.map((r) => r.entityId)).not.toContain(String(made.inDistrict));
		expect(sibling.map((r) => r.entityId)).toContain(String(made.inSibling));
	});
});
