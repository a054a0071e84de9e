import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nominationStatuses } from '$lib/shared/campaigns';
import { verifyPassword } from '../auth';
import { currentStage } from '../campaigns';
import { createTestDatabase } from '../testing/database';
import { TEST_NOW } from '../testing/factories';
import type { Database } from '../db/client';
import {
	attempts,
	contestPlayers,
	contestRounds,
	judgeAssignments,
	awardRecipients,
	campaignPhases,
	campaigns,
	mailOutbox,
	nominations,
	polls,
	pollOptions,
	roleAssignments,
	sessions,
	shortlistEntries,
	users
} from '../db/schema';
import { DEMO_PASSWORD, demoAccounts, seedDemoIfEmpty } from './seed';
import { DEMO_WEEK_TWO_GUESTS, demoContestants } from './year';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database?.close();
});

describe('demo data', () => {
	it('has one sign-in per role and a campaign with dossiers in every status, once', async () => {
		expect(await seedDemoIfEmpty(database.db, TEST_NOW)).toBe(true);
		const roles = new Set((await database.db.select().from(roleAssignments)).map((r) => r.role));
		for (const role of ['admin', 'organizer', 'officer', 'judge', 'member'])
			expect(roles).toContain(role);
		const accounts = await database.db.select().from(users);
		expect(accounts).toHaveLength(demoAccounts.length);
		// Every demo account signs in with the demo password and has a verified address; the
		// invitations they took up are not mailed, and no session is left open.
		for (const account of accounts) {
			expect(await verifyPassword(account.passwordHash, DEMO_PASSWORD), account.email).toBe(true);
			expect(account.emailVerifiedAt, account.email).toEqual(TEST_NOW);
		}
		const mail = await database.db.select().from(mailOutbox);
		expect(mail.filter((m) => ['invitation', 'password_reset'].includes(m.kind))).toEqual([]);
		expect(await database.db.select().from(sessions)).toEqual([]);
		const statuses = new Set((await database.db.select().from(nominations)).map((n) => n.status));
		expect([...statuses].sort()).toEqual([...nominationStatuses].sort());
		// The demo panel is open: four accepted dossiers, two judges each, none conflicted.
		const assignments = await database.db.select().from(judgeAssignments);
		const [first, second, third] = [...new Set(assignments.map((a) => a.panelId))].sort(
			(a, b) => a - b
		);
		const open = assignments.filter((a) => a.panelId === first);
		expect(open).toHaveLength(8);
		expect(open.every((a) => a.status === 'assigned')).toBe(true);
		// This season's and last year's panels are closed: 6 dossiers, 3 judges, the district
		// judge kept off the district's 3 dossiers, every sheet submitted, the top four shortlisted.
		for (const panelId of [second, third]) {
			const closed = assignments.filter((a) => a.panelId === panelId);
			expect(closed).toHaveLength(15);
			expect(closed.every((a) => a.status === 'submitted')).toBe(true);
			const shortlist = await database.db
				.select()
				.from(shortlistEntries)
				.where(eq(shortlistEntries.panelId, panelId!));
			expect(shortlist.map((s) => s.rank).sort()).toEqual([1, 2, 3, 4]);
		}
		// The demo poll votes on that shortlist (the voting e2e picks two of these names).
		const options = await database.db.select().from(pollOptions);
		const onShortlist = options.filter((o) => o.nominationId !== null).map((o) => o.title);
		expect(onShortlist.sort()).toEqual(
			['Lê Thị Thu Trang', 'Nguyễn Thị Hoa', 'Phạm Quốc Huy', 'Trần Văn Minh'].sort()
		);
		await expectOneCoherentYear();
		await expectContestScoresAsScripted();
		// A second start keeps what is there.
		expect(await seedDemoIfEmpty(database.db, TEST_NOW)).toBe(false);
	});
});

/**
 * The demo tells one story around its day: each campaign stands at a different stage, a poll
 * closes before its campaign's results, and nobody holds an award from a campaign still voting.
 */
async function expectOneCoherentYear() {
	const db = database.db;
	const all = await db.select().from(campaigns).orderBy(campaigns.id);
	const phases = await db.select().from(campaignPhases);
	const stage = (id: number) =>
		currentStage(
			phases.filter((p) => p.campaignId === id),
			TEST_NOW
		).kind;
	expect(all.map((c) => [c.year, stage(c.id)])).toEqual([
		[2026, 'screening'],
		[2026, 'voting'],
		[2025, 'after'],
		[2027, 'nomination']
	]);
	for (const poll of await db.select().from(polls)) {
		if (poll.campaignId === null) continue;
		const own = phases.filter((p) => p.campaignId === poll.campaignId);
		const voting = own.find((p) => p.kind === 'voting')!;
		const results = own.find((p) => p.kind === 'results')!;
		expect(poll.opensAt.getTime()).toBeGreaterThanOrEqual(voting.startsAt.getTime());
		expect(poll.closesAt.getTime()).toBeLessThanOrEqual(voting.endsAt.getTime());
		expect(poll.closesAt.getTime()).toBeLessThan(results.startsAt.getTime());
		const awarded = await db
			.select({ id: awardRecipients.id })
			.from(awardRecipients)
			.innerJoin(nominations, eq(nominations.id, awardRecipients.nominationId))
			.where(inArray(nominations.campaignId, [poll.campaignId]));
		expect(awarded, 'awards on a campaign still voting').toEqual([]);
	}
}

/**
 * Each guest of the closed contest scores what the script gives them, whatever questions their
 * attempt drew: the top of week 1's public board (embeds.spec) is two guests with 5 of 5.
 */
async function expectContestScoresAsScripted() {
	const scored = await database.db
		.select({
			round: contestRounds.title,
			name: contestPlayers.fullName,
			correct: attempts.correctCount
		})
		.from(attempts)
		.innerJoin(contestRounds, eq(contestRounds.id, attempts.roundId))
		.innerJoin(contestPlayers, eq(contestPlayers.id, attempts.playerId))
		.where(
			inArray(
				contestPlayers.fullName,
				demoContestants.map(([name]) => name)
			)
		);
	const scripted = demoContestants.flatMap(([name, , right], i) =>
		(i < DEMO_WEEK_TWO_GUESTS ? ['Tuần 1', 'Tuần 2'] : ['Tuần 1']).map((round) => ({
			round,
			name,
			correct: right
		}))
	);
	const order = (a: { round: string; name: string }, b: { round: string; name: string }) =>
		a.round.localeCompare(b.round) || a.name.localeCompare(b.name);
	expect(scored.sort(order)).toEqual(scripted.sort(order));
}
