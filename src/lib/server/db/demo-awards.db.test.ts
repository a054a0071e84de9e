import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { honourRoll, verifyCertificate } from '../awards/service';
import { createTestDatabase } from '../testing/database';
import type { Database } from './client';
import { awardDecisions, awardRecipients } from './schema';
import { seedDemoIfEmpty } from './seed';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoIfEmpty(database.db);
});
afterAll(async () => {
	await database?.close();
});

describe('demo awards', () => {
	it('hold a decision from the demo campaign’s accepted dossiers, verifiable and on the honour roll', async () => {
		const [decision] = await database.db.select().from(awardDecisions);
		expect(decision).toMatchObject({ number: '125-QĐ/TĐTN-BTG', source: 'campaign' });
		const recipients = await database.db.select().from(awardRecipients);
		expect(recipients.map((r) => r.type).sort()).toEqual(['collective', 'individual']);
		const ctx = { db: database.db, actor: null, now: new Date() };
		for (const r of recipients) {
			expect((await verifyCertificate(ctx, r.certificateCode, { address: 'demo' })).status).toBe(
				'valid'
			);
		}
		const roll = await honourRoll(database.db, {
			q: 'vu minh hai',
			field: '',
			page: 1,
			year: undefined,
			unit: undefined,
			kind: undefined
		});
		expect(roll.rows.map((r) => r.name)).toEqual(['Vũ Minh Hải']);
	});
});
