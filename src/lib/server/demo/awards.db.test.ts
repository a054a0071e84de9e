import { TEST_NOW } from '../testing/factories';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { honourRoll, verifyCertificate } from '../awards';
import { judgedRanks } from '../judging';
import { createTestDatabase } from '../testing/database';
import type { Database } from '../db/client';
import { awardDecisions, awardRecipients, campaigns, panels, shortlistEntries } from '../db/schema';
import { seedDemoIfEmpty } from './seed';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoIfEmpty(database.db, TEST_NOW);
});
afterAll(async () => {
	await database?.close();
});

describe('demo awards', () => {
	it('hold last year’s decision, from its shortlist in the panel’s order, verifiable and on the honour roll', async () => {
		const [decision] = await database.db.select().from(awardDecisions);
		expect(decision).toMatchObject({ number: '125-QĐ/TĐTN-BTG', source: 'campaign' });
		const [campaign] = await database.db
			.select()
			.from(campaigns)
			.where(eq(campaigns.id, decision!.campaignId!));
		// TEST_NOW is in 2026: last year's campaign, its results announced before the decision.
		expect(campaign!.title).toBe('Tuyên dương Gương sáng tuổi trẻ tiêu biểu năm 2025');
		expect(decision!.decidedOn).toBe('2025-12-10');
		const [panel] = await database.db
			.select()
			.from(panels)
			.where(eq(panels.campaignId, campaign!.id));
		expect(panel!.status).toBe('closed');

		// The recipients are the shortlist, ranked as the panel judged them.
		const recipients = await database.db
			.select()
			.from(awardRecipients)
			.where(eq(awardRecipients.decisionId, decision!.id))
			.orderBy(asc(awardRecipients.rank));
		const shortlist = await database.db
			.select()
			.from(shortlistEntries)
			.where(eq(shortlistEntries.panelId, panel!.id));
		expect(shortlist).toHaveLength(4);
		expect(recipients.map((r) => r.nominationId).sort()).toEqual(
			shortlist.map((s) => s.nominationId).sort()
		);
		const judged = (await judgedRanks(database.db, campaign!.id))!;
		const ranks = recipients.map((r) => judged.get(r.nominationId!)!.rank);
		expect(ranks).not.toContain(null);
		expect(ranks).toEqual([...ranks].sort((a, b) => a! - b!));
		expect(recipients.map((r) => r.rank)).toEqual([1, 2, 3, 4]);

		const ctx = { db: database.db, actor: null, now: TEST_NOW };
		for (const r of recipients) {
			expect(
				(await verifyCertificate(ctx, { code: r.certificateCode, address: 'demo' })).status
			).toBe('valid');
		}
		const roll = await honourRoll(database.db, {
			q: 'luc thi hang',
			field: '',
			page: 1,
			year: undefined,
			unit: undefined,
			kind: undefined
		});
		expect(roll.rows.map((r) => r.name)).toEqual(['Lục Thị Hằng']);
	});
});
