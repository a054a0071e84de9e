import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import {
	addRound,
	createContest,
	openRound,
	publishWinners,
	register,
	startAttempt,
	submitAttempt
} from '../contests';
import type { Database } from '../db/client';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree, makeUser } from '../testing/factories';
import { statusOf } from '../testing/status';
import { createDecisionFromRound, getDecision, previewDecisionFromRound } from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
const T0 = new Date('2026-11-23T03:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

const decision = {
	number: '30-QĐ/HĐA',
	decidedOn: '2026-11-30',
	issuer: 'Ban Thường vụ Huyện đoàn A',
	signer: 'Lê Quang Đạo',
	signerTitle: 'Bí thư',
	citation: '',
	field: undefined
};

describe('decisions from a contest round', () => {
	it('take the published winners, each with their prize, once the winners are out', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		for (let i = 0; i < 3; i++) await makeApprovedQuestion(ctx, tree.district.id);
		const contest = await createContest(ctx, {
			unitId: tree.district.id,
			title: 'Tìm hiểu lịch sử Đoàn',
			description: '',
			scope: 'members',
			predictionKind: 'participants',
			tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
		});
		const round = await addRound(ctx, {
			contestId: contest.id,
			title: 'Tuần 1',
			opensAt: minutes(1),
			closesAt: minutes(100),
			questionCount: 3,
			timeLimitMinutes: 10,
			attemptsAllowed: 1,
			topics: [],
			difficulties: [],
			predictionQuestion: 'Bao nhiêu người tham gia?',
			prizeTiers: [
				{ label: 'Giải Nhất', count: 1 },
				{ label: 'Giải Khuyến khích', count: 1 }
			]
		});
		await openRound(ctx, { roundId: round.id });
		const players: Actor[] = [];
		for (const [i, [name, prediction]] of (
			[
				['Nguyễn Thị Ánh', 2],
				['Hoàng Văn Đức', 9]
			] as const
		).entries()) {
			const actor = await makeUser(database, {
				unit: tree.grassroots,
				fullName: name,
				roles: [{ role: 'member', unit: tree.grassroots }]
			});
			await register(ctxFor(database, actor, T0), {
				consent: true,
				contestId: contest.id,
				fullName: name,
				phone: `091200001${i}`,
				idNumber: `00109900001${i}`,
				birthDate: undefined,
				unitId: tree.grassroots.id
			});
			const { attemptId } = await startAttempt(ctxFor(database, actor, minutes(10)), {
				roundId: round.id,
				prediction
			});
			await submitAttempt(ctxFor(database, actor, minutes(12)), { attemptId });
			players.push(actor);
		}
		const after = ctxFor(database, tree.organizer, minutes(101));
		const input = { ...decision, roundId: round.id };
		expect(await statusOf(createDecisionFromRound(after, input))).toBe(409);
		await publishWinners(after, { roundId: round.id });
		expect(
			await statusOf(
				createDecisionFromRound(ctxFor(database, tree.siblingOrganizer, minutes(101)), input)
			)
		).toBe(404);
		// The confirmation step shows every winner with their prize before anything is written.
		expect(await statusOf(createDecisionFromRound(after, input))).toBe(400);
		const preview = await previewDecisionFromRound(after, input);
		expect(preview.recipients.map((r) => [r.name, r.awardLabel])).toEqual([
			['Nguyễn Thị Ánh', 'Giải Nhất'],
			['Hoàng Văn Đức', 'Giải Khuyến khích']
		]);
		expect(preview.kinds).toEqual([
			{ label: 'Giải Nhất', count: 1 },
			{ label: 'Giải Khuyến khích', count: 1 }
		]);
		const id = await createDecisionFromRound(after, { ...input, confirmation: preview.token });
		// The same winners cannot be awarded again by a second decision.
		await expect(
			previewDecisionFromRound(after, { ...input, number: `${input.number}-2` })
		).rejects.toMatchObject({
			status: 409,
			message: `Kết quả này đã được khen theo quyết định số ${input.number}.`
		});
		await expect(
			createDecisionFromRound(after, {
				...input,
				number: `${input.number}-2`,
				confirmation: preview.token
			})
		).rejects.toMatchObject({ status: 409 });
		const { decision: saved, recipients, leaderboard } = await getDecision(after, id);
		expect(saved).toMatchObject({ source: 'contest_round', roundId: round.id, year: 2026 });
		expect(leaderboard).toBe(`/cuoc-thi/${contest.id}/tuan/${round.id}`);
		expect(recipients.map((r) => [r.name, r.kind, r.unitId])).toEqual([
			['Nguyễn Thị Ánh', 'giai_nhat', tree.grassroots.id],
			['Hoàng Văn Đức', 'giai_khuyen_khich', tree.grassroots.id]
		]);
		expect(recipients[0]!.achievement).toBe('Đạt Giải Nhất Tuần 1, Tìm hiểu lịch sử Đoàn');
		expect(recipients.every((r) => r.playerId !== null)).toBe(true);
	});
});
