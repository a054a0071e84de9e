// Over 400 lines: one seeded database serves every contest flow here; split files would seed it again.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRACE_MS, type TieBreakKey } from '$lib/shared/contests';
import type { Actor } from '../auth/actor';
import type { Database, Db } from '../db/client';
import type { GuestRegistrationInput } from '$lib/schemas/contests';
import { sessionIdFromToken } from '../auth';
import {
	attempts,
	auditLog,
	contestAddressCounts,
	contestPlayers,
	questions,
	roundWinners,
	type Contest,
	type ContestRound
} from '../db/schema';
import { DomainError } from '../errors';
import { approveQuestion, createQuestion, updateQuestion } from '../questions';
import {
	contestInput,
	makeApprovedQuestion,
	optionIdOf,
	questionInput,
	roundInput
} from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import {
	expectDateColumn,
	expectOfficeLayout,
	readCsv,
	readXlsx,
	sheetRows,
	vnDayTime,
	wallClock
} from '../testing/exports';
import { solvedProof } from '../testing/proof';
import { failure, statusOf } from '../testing/status';
import { issueChallenge } from '../antiabuse/pow';
import { antiAbuseKey } from '../antiabuse/repo';
import { ctxFor, makeTree, makeUnit, makeUser } from '../testing/factories';
import { registrationHour } from './rules';
import {
	addRound,
	createContest,
	getAttempt,
	getContestForOrganizer,
	getContestPage,
	getLeaderboard,
	getOverallLeaderboard,
	openRound,
	participationReport,
	exportOverallLeaderboard,
	exportParticipation,
	exportRoundLeaderboard,
	exportRoundWinners,
	publishWinners,
	register,
	issueRegistrationChallenge,
	registerGuest,
	saveAnswer,
	startAttempt,
	submitAttempt,
	updateContest,
	voidPlayer
} from './service';
import type { PlayCtx } from './access';
import { insertRound } from './repo';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let contest: Contest;
let round: ContestRound;

const T0 = new Date('2026-11-23T03:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
/** Week 1 of the members' contest closes before week 2 opens (rounds may not overlap). */
const CLOSE = minutes(90);
const SECRET_EXPLANATION = 'Giải thích bí mật';
const SECRET_ANSWER = 'Đáp án gõ bí mật';

let phoneCounter = 0;
async function registered(actor: Actor, unitId: number) {
	const n = ++phoneCounter;
	return register(ctxFor(database, actor, T0), {
		consent: true,
		contestId: contest.id,
		fullName: actor.fullName,
		phone: `09120000${String(n).padStart(2, '0')}`,
		idNumber: `0010990000${String(n).padStart(2, '0')}`,
		birthDate: undefined,
		unitId
	});
}

/** A public contest with one round open from T0 for an hour, 10 minutes an attempt. */
async function openPublicContest(title: string, attemptsAllowed: number) {
	const ctx = ctxFor(database, tree.organizer, T0);
	const created = await createContest(ctx, {
		unitId: tree.district.id,
		title,
		description: '',
		scope: 'public',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
	});
	const added = await addRound(ctx, {
		contestId: created.id,
		title: 'Tuần 1',
		opensAt: T0,
		closesAt: minutes(60),
		questionCount: 6,
		timeLimitMinutes: 10,
		attemptsAllowed,
		topics: ['Lịch sử Đoàn'],
		difficulties: [],
		predictionQuestion: 'Bao nhiêu người?',
		prizeTiers: [{ label: 'Giải Nhất', count: 1 }]
	});
	await openRound(ctx, { roundId: added.id });
	return { contest: created, round: added };
}

/** A guest registration as the browser sends it: a fresh proof of work, from an address. */
/** What a guest types (asking for results by e-mail is optional here, as in the form). */
type GuestDetails = Omit<GuestRegistrationInput, 'wantsResults' | 'consent'> & {
	wantsResults?: boolean;
	consent?: true;
};

async function asGuest(
	contestId: number,
	input: GuestDetails,
	options: { guest?: string | null; at?: Date; address?: string } = {}
) {
	const at = options.at ?? minutes(1);
	// An easy challenge keeps these quick; the proof itself is tested below at full cost.
	const altcha = await solvedProof(await issueChallenge(await antiAbuseKey(database.db), at, 50));
	const guest: PlayCtx = { ...ctxFor(database, null, at), guest: options.guest ?? null };
	return registerGuest(guest, {
		contestId,
		wantsResults: false,
		consent: true,
		...input,
		altcha,
		address: options.address ?? '10.9.0.1'
	});
}

/** A member of a unit, registered for the contest. */
async function newPlayer(unit = tree.grassroots) {
	const actor = await makeUser(database, { unit, roles: [{ role: 'member', unit }] });
	const player = await registered(actor, unit.id);
	return { actor, player };
}

/** Answers every question of an attempt: right for the first `right` ones, wrong after. */
async function play(actor: Actor, attemptId: number, right: number, at: Date) {
	const ctx = ctxFor(database, actor, at);
	const view = await getAttempt(ctx, attemptId);
	for (const [i, q] of view.questions.entries()) {
		const [row] = await database.db.select().from(questions).where(eq(questions.id, q.id));
		if (q.type === 'short') {
			await saveAnswer(ctx, {
				attemptId,
				questionId: q.id,
				choice: [],
				text: i < right ? row!.acceptedAnswers[0] : 'sai'
			});
		} else {
			const correct = row!.correct[0]!;
			const choice = i < right ? correct : (correct + 1) % row!.options.length;
			await saveAnswer(ctx, {
				attemptId,
				questionId: q.id,
				choice: [optionIdOf(q, row!.options[choice]!)]
			});
		}
	}
}

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer, T0);
	for (let i = 0; i < 5; i++)
		await makeApprovedQuestion(ctx, tree.district.id, {
			explanation: `${SECRET_EXPLANATION} ${i}`
		});
	await makeApprovedQuestion(ctx, tree.district.id, {
		type: 'short',
		options: [],
		correct: [],
		acceptedAnswers: [SECRET_ANSWER],
		explanation: `${SECRET_EXPLANATION} ngắn`
	});
	contest = await createContest(ctx, {
		unitId: tree.district.id,
		title: 'Tìm hiểu lịch sử Đoàn',
		description: 'Thể lệ',
		scope: 'members',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
	});
	round = await addRound(ctx, {
		contestId: contest.id,
		title: 'Tuần 1',
		opensAt: T0,
		closesAt: CLOSE,
		questionCount: 6,
		timeLimitMinutes: 10,
		attemptsAllowed: 2,
		topics: ['Lịch sử Đoàn'],
		difficulties: [],
		predictionQuestion: 'Bao nhiêu người tham gia tuần này?',
		prizeTiers: [
			{ label: 'Giải Nhất', count: 1 },
			{ label: 'Giải Nhì', count: 2 }
		]
	});
});
afterAll(async () => {
	await database?.close();
});

describe('editing a contest', () => {
	const terms = {
		description: 'Thể lệ mới',
		scope: 'members' as const,
		predictionKind: 'participants' as const,
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted'] as TieBreakKey[]
	};

	it('changes everything until a round opens, then only the title, rules text and guest limit', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const draft = await createContest(ctx, {
			unitId: tree.district.id,
			title: 'Bản nháp',
			...terms
		});
		// Another unit's organizer does not see it; a member cannot manage it.
		expect(
			await statusOf(
				updateContest(ctxFor(database, tree.siblingOrganizer, T0), {
					id: draft.id,
					title: 'Chiếm',
					...terms
				})
			)
		).toBe(404);
		const edited = await updateContest(ctx, {
			id: draft.id,
			...terms,
			title: 'Tìm hiểu 95 năm',
			scope: 'public',
			tieBreaks: ['correct', 'duration', 'prediction', 'submitted'],
			guestHourlyLimit: 300
		});
		expect(edited).toMatchObject({
			title: 'Tìm hiểu 95 năm',
			scope: 'public',
			guestHourlyLimit: 300,
			tieBreaks: ['correct', 'duration', 'prediction', 'submitted']
		});
		// The audit keeps what changed, before and after.
		const [entry] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'contest.update'), eq(auditLog.entityId, String(draft.id))));
		expect(entry!.before).toMatchObject({
			title: 'Bản nháp',
			scope: 'members',
			guestHourlyLimit: 20
		});
		expect(entry!.after).toMatchObject({ title: 'Tìm hiểu 95 năm', scope: 'public' });
		expect(Object.keys(entry!.after as object)).not.toContain('predictionKind');

		const added = await addRound(ctx, { contestId: draft.id, ...roundInput('Tuần 1', T0, CLOSE) });
		await openRound(ctx, { roundId: added.id });
		const opened = { ...terms, title: 'Tìm hiểu 95 năm', scope: 'public' as const };
		const refused = await failure(
			updateContest(ctx, {
				id: draft.id,
				...opened,
				tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
			})
		);
		expect(refused.status).toBe(409);
		expect(refused.message).toContain('không thể đổi đối tượng dự thi');
		expect(await statusOf(updateContest(ctx, { id: draft.id, ...opened, scope: 'members' }))).toBe(
			409
		);
		// Nothing of the refused edits was written.
		expect((await getContestForOrganizer(ctx, draft.id)).contest).toMatchObject({
			scope: 'public',
			tieBreaks: ['correct', 'duration', 'prediction', 'submitted']
		});
		const later = await updateContest(ctx, {
			id: draft.id,
			...opened,
			tieBreaks: ['correct', 'duration', 'prediction', 'submitted'],
			title: 'Tìm hiểu 95 năm lịch sử Đoàn',
			guestHourlyLimit: undefined
		});
		expect(later).toMatchObject({ title: 'Tìm hiểu 95 năm lịch sử Đoàn', guestHourlyLimit: 20 });
		expect((await getContestForOrganizer(ctx, draft.id)).termsLocked).toBe(true);
	});
});

describe('opening a round', () => {
	it('draws only from approved questions citing a source, and then locks them', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		// A draft, and an approved question in another subtree, never enter the pool.
		const draft = await createQuestion(ctx, { unitId: tree.district.id, ...questionInput() });
		await makeApprovedQuestion(ctxFor(database, tree.siblingOrganizer, T0), tree.sibling.id);
		expect(
			await statusOf(startAttempt(ctxFor(database, tree.member, T0), { roundId: round.id }))
		).toBe(409);
		expect(
			await statusOf(openRound(ctxFor(database, tree.siblingOrganizer, T0), { roundId: round.id }))
		).toBe(404);
		const opened = await openRound(ctx, { roundId: round.id });
		expect(opened.poolSize).toBe(6);
		const [locked] = await database.db
			.select()
			.from(questions)
			.where(and(eq(questions.unitPath, tree.district.path), eq(questions.status, 'approved')));
		expect(locked!.lockedAt).not.toBeNull();
		expect(await statusOf(updateQuestion(ctx, { id: locked!.id, ...questionInput() }))).toBe(409);
		// An approval after the opening does not reach the fixed pool.
		await approveQuestion(ctx, { id: draft.id });
		expect(await statusOf(openRound(ctx, { roundId: round.id }))).toBe(409);
	});

	it('refuses to open a round the bank cannot fill', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const big = await addRound(ctx, {
			contestId: contest.id,
			title: 'Tuần lớn',
			opensAt: minutes(300),
			closesAt: minutes(400),
			questionCount: 50,
			timeLimitMinutes: 10,
			attemptsAllowed: 1,
			topics: [],
			difficulties: [],
			predictionQuestion: 'Dự đoán?',
			prizeTiers: []
		});
		const error = await openRound(ctx, { roundId: big.id }).catch((e) => e);
		expect(error.status).toBe(409);
		expect(error.message).toContain('cần ít nhất 50');
	});
});

describe('round windows', () => {
	it('refuses a round whose window overlaps another round of the contest, on the field', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const draft = await createContest(ctx, contestInput(tree.district.id, 'Các tuần nối tiếp'));
		const week = (title: string, opensAt: Date, closesAt: Date) =>
			addRound(ctx, { contestId: draft.id, ...roundInput(title, opensAt, closesAt) });
		await week('Tuần 1', minutes(0), minutes(60));
		// The next round may open the minute the last one closes.
		await week('Tuần 2', minutes(60), minutes(120));
		const inside = await failure(week('Tuần 3', minutes(100), minutes(180)));
		expect(inside.status).toBe(400);
		expect(inside.fieldErrors.opensAt).toEqual([
			'Thời gian trùng với “Tuần 2” (từ 11:00 23/11/2026 đến 12:00 23/11/2026): các tuần thi của một cuộc thi không được mở cùng lúc.'
		]);
		const before = await failure(week('Tuần 0', minutes(-30), minutes(10)));
		expect(Object.keys(before.fieldErrors)).toEqual(['closesAt']);
		expect(before.fieldErrors.closesAt![0]).toContain('“Tuần 1”');
		// Two organizers adding overlapping rounds at once: one of them is refused.
		const raced = await Promise.allSettled([
			week('Tuần 3a', minutes(120), minutes(180)),
			week('Tuần 3b', minutes(150), minutes(210))
		]);
		expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		// Nothing of the refused rounds was written.
		const rounds = (await getContestForOrganizer(ctx, draft.id)).rounds;
		expect(rounds.map((r) => r.title).slice(0, 2)).toEqual(['Tuần 1', 'Tuần 2']);
		expect(rounds).toHaveLength(3);
	});
});

describe('registration', () => {
	it('ties a player to a unit; the same phone or ID number cannot register twice', async () => {
		const player = await registered(tree.member, tree.grassroots.id);
		expect(player.unitPath).toBe(tree.grassroots.path);
		const other = await makeUser(database, { unit: tree.grassroots });
		const samePhone = await register(ctxFor(database, other, T0), {
			consent: true,
			contestId: contest.id,
			fullName: 'Người khác',
			phone: player.phone,
			idNumber: '079099000001',
			birthDate: undefined,
			unitId: tree.grassroots.id
		}).catch((e) => e);
		expect(samePhone.status).toBe(409);
		expect(samePhone.fieldErrors.phone).toBeDefined();
		const sameId = await register(ctxFor(database, other, T0), {
			consent: true,
			contestId: contest.id,
			fullName: 'Người khác',
			phone: '0987000001',
			idNumber: player.idNumber!,
			birthDate: undefined,
			unitId: tree.grassroots.id
		}).catch((e) => e);
		expect(sameId.status).toBe(409);
		expect(sameId.fieldErrors.idNumber).toBeDefined();
	});

	it('admits only members of the organizing subtree to a members contest', async () => {
		const outsider = await makeUser(database, { unit: tree.sibling });
		expect(
			await statusOf(
				register(ctxFor(database, outsider, T0), {
					consent: true,
					contestId: contest.id,
					fullName: 'Người ngoài',
					phone: '0987000002',
					idNumber: '079099000002',
					birthDate: undefined,
					unitId: tree.sibling.id
				})
			)
		).toBe(403);
		expect(
			await statusOf(startAttempt(ctxFor(database, outsider, minutes(1)), { roundId: round.id }))
		).toBe(403);
	});
});

describe('taking part', () => {
	it('fixes questions, deadline and shuffled options at start, and never sends the key before the close', async () => {
		const ctx = ctxFor(database, tree.member, minutes(1));
		const { attemptId, resumed } = await startAttempt(ctx, { roundId: round.id, prediction: 4 });
		expect(resumed).toBe(false);
		const [row] = await database.db.select().from(attempts).where(eq(attempts.id, attemptId));
		expect(row!.startedAt.getTime()).toBe(minutes(1).getTime());
		expect(row!.deadline.getTime()).toBe(minutes(11).getTime());
		expect(row!.questionIds).toHaveLength(6);

		const view = await getAttempt(ctx, attemptId);
		const page = await getContestPage(ctx, contest.id);
		for (const payload of [view, page]) {
			const json = JSON.stringify(payload);
			expect(json).not.toContain(SECRET_EXPLANATION);
			expect(json).not.toContain(SECRET_ANSWER);
			expect(json).not.toMatch(/"(correct|acceptedAnswers|explanation|solution)"\s*:\s*(?!null)/);
		}
		// Options arrive in the attempt's shuffled order under ids that are not bank indexes.
		const bank = await database.db.select().from(questions);
		for (const [i, q] of view.questions.entries()) {
			if (q.type === 'short') continue;
			const { options } = bank.find((b) => b.id === q.id)!;
			expect(q.options.map((o) => o.text)).toEqual(row!.optionOrders[i]!.map((n) => options[n]));
			for (const option of q.options) expect(option.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
		}
	});

	it('saves answers as the player goes; a reload or a second start resumes the same attempt', async () => {
		const ctx = ctxFor(database, tree.member, minutes(2));
		const { attemptId, resumed } = await startAttempt(ctx, { roundId: round.id });
		expect(resumed).toBe(true);
		const first = (await getAttempt(ctx, attemptId)).questions.find((q) => q.type !== 'short')!;
		await saveAnswer(ctx, { attemptId, questionId: first.id, choice: [first.options[0]!.id] });
		await saveAnswer(ctx, { attemptId, questionId: first.id, choice: [first.options[2]!.id] });
		const reloaded = await getAttempt(ctxFor(database, tree.member, minutes(3)), attemptId);
		expect(reloaded.questions.find((q) => q.id === first.id)!.answer).toEqual([
			first.options[2]!.id
		]);
	});

	it('reads the installation key on the save’s own transaction, never asking its pool for a second connection', async () => {
		const ctx = ctxFor(database, tree.member, minutes(3));
		const { attemptId } = await startAttempt(ctx, { roundId: round.id });
		const first = (await getAttempt(ctx, attemptId)).questions.find((q) => q.type !== 'short')!;
		// A pool that has not read the key yet. On the embedded database (one connection) a read
		// through it while the save's transaction is open waits forever; on a server, 200 saves
		// in flight on a pool of 10 did.
		const coldPool = Object.create(database.db) as Db;
		await saveAnswer(
			{ ...ctx, root: coldPool },
			{ attemptId, questionId: first.id, choice: [first.options[1]!.id] }
		);
		const reloaded = await getAttempt(ctx, attemptId);
		expect(reloaded.questions.find((q) => q.id === first.id)!.answer).toEqual([
			first.options[1]!.id
		]);
	});

	it('refuses question ids that are not in the attempt, and other players’ attempts (404)', async () => {
		const ctx = ctxFor(database, tree.member, minutes(3));
		const { attemptId } = await startAttempt(ctx, { roundId: round.id });
		const [stranger] = await database.db
			.insert(questions)
			.values({
				unitId: tree.district.id,
				unitPath: tree.district.path,
				type: 'single',
				prompt: 'Câu ngoài lượt thi',
				promptFolded: 'cau ngoai luot thi',
				options: ['a', 'b'],
				correct: [0],
				topic: 'Khác',
				topicFolded: 'khac',
				difficulty: 1
			})
			.returning();
		const error = await saveAnswer(ctx, { attemptId, questionId: stranger!.id, choice: [] }).catch(
			(e) => e
		);
		expect(error.status).toBe(400);
		expect(error.fieldErrors.questionId).toBeDefined();
		const { actor: other } = await newPlayer();
		expect(await statusOf(getAttempt(ctxFor(database, other, minutes(3)), attemptId))).toBe(404);
		expect(
			await statusOf(
				saveAnswer(ctxFor(database, other, minutes(3)), {
					attemptId,
					questionId: stranger!.id,
					choice: []
				})
			)
		).toBe(404);
	});

	it('accepts answers until the deadline plus grace, refuses them 1 ms later, and closes the attempt at the deadline', async () => {
		const { actor } = await newPlayer();
		const start = minutes(20);
		const { attemptId } = await startAttempt(ctxFor(database, actor, start), {
			roundId: round.id,
			prediction: 3
		});
		const deadline = minutes(30);
		const view = await getAttempt(ctxFor(database, actor, start), attemptId);
		const [q1, q2] = view.questions.filter((q) => q.type !== 'short');
		const atEdge = new Date(deadline.getTime() + GRACE_MS);
		await saveAnswer(ctxFor(database, actor, atEdge), {
			attemptId,
			questionId: q1!.id,
			choice: [q1!.options[0]!.id]
		});
		const late = new Date(deadline.getTime() + GRACE_MS + 1);
		const error = await saveAnswer(ctxFor(database, actor, late), {
			attemptId,
			questionId: q2!.id,
			choice: [q2!.options[0]!.id]
		}).catch((e) => e);
		expect(error.status).toBe(409);
		expect(error.message).toContain('Đã hết giờ');
		// Without a submit, reading the attempt later finds it closed by the server at the deadline.
		const closed = await getAttempt(ctxFor(database, actor, minutes(40)), attemptId);
		expect(closed.attempt.finished).toBe(true);
		expect(closed.attempt.timedOut).toBe(true);
		expect(closed.attempt.durationMs).toBe(10 * 60_000);
		expect(closed.questions.filter((q) => q.answer !== null)).toHaveLength(1);
		expect(await statusOf(submitAttempt(ctxFor(database, actor, minutes(40)), { attemptId }))).toBe(
			409
		);
	});

	it('starts an attempt once when two starts race, and not beyond the allowance', async () => {
		const { actor } = await newPlayer();
		const ctx = ctxFor(database, actor, minutes(50));
		const results = await Promise.allSettled([
			startAttempt(ctx, { roundId: round.id }),
			startAttempt(ctx, { roundId: round.id })
		]);
		const ids = new Set(
			results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.attemptId] : []))
		);
		expect(ids.size).toBe(1);
		for (const r of results)
			if (r.status === 'rejected') expect((r.reason as DomainError).status).toBe(409);
		const rows = await database.db
			.select()
			.from(attempts)
			.where(
				eq(
					attempts.playerId,
					(
						await database.db
							.select()
							.from(attempts)
							.where(eq(attempts.id, [...ids][0]!))
					)[0]!.playerId
				)
			);
		expect(rows).toHaveLength(1);
		await submitAttempt(ctx, { attemptId: [...ids][0]! });
		const second = await startAttempt(ctxFor(database, actor, minutes(51)), { roundId: round.id });
		await submitAttempt(ctxFor(database, actor, minutes(52)), { attemptId: second.attemptId });
		const third = await startAttempt(ctxFor(database, actor, minutes(53)), {
			roundId: round.id
		}).catch((e) => e);
		expect(third.status).toBe(409);
		expect(third.message).toContain('hết 2 lượt');
	});
});

describe('the bank’s order', () => {
	it('reaches no player: option ids are the attempt’s own, and always taking the first or the smallest id scores chance', async () => {
		// A bank typed the usual way, every right answer first (option A).
		const unit = await makeUnit(database, tree.province, { name: 'Huyện đoàn C' });
		const organizer = await makeUser(database, { unit, roles: [{ role: 'organizer', unit }] });
		const ctx = ctxFor(database, organizer, T0);
		const topic = 'Đáp án luôn đứng đầu';
		const QUESTIONS = 20;
		for (let i = 0; i < QUESTIONS; i++)
			await makeApprovedQuestion(ctx, unit.id, { correct: [0], topic });
		const right = questionInput().options[0]!;
		const open = await createContest(ctx, contestInput(unit.id, 'Đáp án A', { scope: 'public' }));
		const ATTEMPTS = 20;
		// More attempts than the round form allows (20): written past its check.
		const week = await insertRound(
			database.db,
			open.id,
			roundInput('Tuần 1', T0, minutes(600), {
				questionCount: QUESTIONS,
				attemptsAllowed: ATTEMPTS + 1,
				topics: [topic]
			})
		);
		await openRound(ctx, { roundId: week.id });
		const actor = await makeUser(database, { unit, roles: [{ role: 'member', unit }] });
		await register(ctxFor(database, actor, T0), {
			consent: true,
			contestId: open.id,
			fullName: actor.fullName,
			phone: '0977000001',
			idNumber: '001099777001',
			birthDate: undefined,
			unitId: unit.id
		});

		let smallestRight = 0;
		let firstShownRight = 0;
		const idsSeen = new Map<number, string[][]>();
		const attemptIds: number[] = [];
		for (let n = 0; n < ATTEMPTS; n++) {
			const at = minutes(2 * n + 1);
			const { attemptId } = await startAttempt(ctxFor(database, actor, at), { roundId: week.id });
			attemptIds.push(attemptId);
			const view = await getAttempt(ctxFor(database, actor, at), attemptId);
			// Nothing on the page or in its data names a bank index.
			expect(JSON.stringify(view)).not.toMatch(/"(key|index|correct)"\s*:\s*\[?\d/);
			for (const q of view.questions) {
				const ids = q.options.map((o) => o.id);
				idsSeen.set(q.id, [...(idsSeen.get(q.id) ?? []), ids]);
				if (q.options[0]!.text === right) firstShownRight++;
			}
			// The player who always sends the smallest id, as the form would post it.
			const answers = view.questions.map((q) => ({
				questionId: q.id,
				choice: [q.options.map((o) => o.id).sort()[0]!]
			}));
			const done = await submitAttempt(ctxFor(database, actor, minutes(2 * n + 2)), {
				attemptId,
				answers
			});
			smallestRight += done.correct;
			// The review after the submit, before the close, holds the player's own ids, no key.
			const review = await getAttempt(ctxFor(database, actor, minutes(2 * n + 2)), attemptId);
			expect(review.questions.every((q) => !('solution' in q))).toBe(true);
			expect(review.questions.map((q) => q.answer)).toEqual(answers.map((a) => a.choice));
		}

		// Each attempt gives a question's options ids of its own: none comes back in another.
		for (const sets of idsSeen.values()) {
			expect(sets).toHaveLength(ATTEMPTS);
			expect(new Set(sets.flat()).size).toBe(sets.length * 4);
		}
		// 400 answers with 4 options: chance is 100 right (sd ≈ 8.7); the bank order would give 400.
		const answered = ATTEMPTS * QUESTIONS;
		expect(smallestRight).toBeLessThanOrEqual(answered / 4 + 50);
		expect(firstShownRight).toBeLessThanOrEqual(answered / 4 + 50);
		expect(firstShownRight).toBeGreaterThanOrEqual(answered / 4 - 50);

		// An id of another attempt, or of another question, is refused and saves nothing.
		const late = minutes(2 * ATTEMPTS + 1);
		const { attemptId } = await startAttempt(ctxFor(database, actor, late), { roundId: week.id });
		const sheet = await getAttempt(ctxFor(database, actor, late), attemptId);
		const [q1, q2] = sheet.questions;
		const before = await getAttempt(ctxFor(database, actor, late), attemptIds[0]!);
		const stale = before.questions.find((q) => q.id === q1!.id)!.options[0]!.id;
		for (const choice of [stale, q2!.options[0]!.id]) {
			const refused = await failure(
				saveAnswer(ctxFor(database, actor, late), {
					attemptId,
					questionId: q1!.id,
					choice: [choice]
				})
			);
			expect(refused.status).toBe(400);
			expect(refused.fieldErrors.choice).toEqual([
				'Phương án đã chọn không thuộc lượt thi này. Vui lòng tải lại trang.'
			]);
		}
		await saveAnswer(ctxFor(database, actor, late), {
			attemptId,
			questionId: q1!.id,
			choice: [optionIdOf(q1!, right)]
		});
		const saved = await getAttempt(ctxFor(database, actor, late), attemptId);
		expect(saved.questions.filter((q) => q.answer !== null).map((q) => q.answer)).toEqual([
			[optionIdOf(q1!, right)]
		]);

		// After the close the key comes as this attempt's ids: the option with the right text.
		const revealed = await getAttempt(ctxFor(database, actor, minutes(601)), attemptId);
		for (const q of revealed.questions) expect(q.solution!.correct).toEqual([optionIdOf(q, right)]);
	});
});

describe('results', () => {
	it('keeps leaderboards secret until the close, then ranks best attempts with the tie-breaks', async () => {
		// Fresh players in a fresh round, so the figures are exact.
		const ctx = ctxFor(database, tree.organizer, T0);
		const r2 = await addRound(ctx, {
			contestId: contest.id,
			title: 'Tuần 2',
			opensAt: minutes(100),
			closesAt: minutes(200),
			questionCount: 6,
			timeLimitMinutes: 10,
			attemptsAllowed: 2,
			topics: ['Lịch sử Đoàn'],
			difficulties: [],
			predictionQuestion: 'Bao nhiêu người tham gia?',
			prizeTiers: [
				{ label: 'Giải Nhất', count: 1 },
				{ label: 'Giải Nhì', count: 2 }
			]
		});
		await openRound(ctx, { roundId: r2.id });
		const a = await newPlayer();
		const b = await newPlayer(tree.district);
		const c = await newPlayer();
		const d = await newPlayer();
		const run = async (
			p: { actor: Actor },
			startMin: number,
			right: number,
			prediction: number,
			tookMin: number
		) => {
			const { attemptId } = await startAttempt(ctxFor(database, p.actor, minutes(startMin)), {
				roundId: r2.id,
				prediction
			});
			await play(p.actor, attemptId, right, minutes(startMin));
			await submitAttempt(ctxFor(database, p.actor, minutes(startMin + tookMin)), { attemptId });
			return attemptId;
		};
		// 4 take part. a: 6 right, predicts 4 (exact); b: 6 right, predicts 5; c: 6 right, predicts 3 but slower
		// than b; d: first 3 right, then a better second attempt of 5.
		const aAttempt = await run(a, 101, 6, 4, 5);
		await run(b, 102, 6, 5, 4);
		await run(c, 103, 6, 3, 6);
		await run(d, 104, 3, 4, 2);
		await run(d, 110, 5, 4, 3);

		const own = await getAttempt(ctxFor(database, a.actor, minutes(120)), aAttempt);
		expect(own.attempt.correct).toBe(6);
		// Before the close the player sees a provisional place, and nobody else's score.
		expect(own.rank).toEqual({ rank: 1, total: 4, provisional: true });
		expect(JSON.stringify(own)).not.toContain(SECRET_EXPLANATION);
		expect(await statusOf(getLeaderboard(ctxFor(database, a.actor, minutes(150)), r2.id))).toBe(
			409
		);
		expect(await statusOf(getLeaderboard(ctxFor(database, null, minutes(150)), r2.id))).toBe(409);
		// Organizers follow it live.
		expect(
			(await getLeaderboard(ctxFor(database, tree.organizer, minutes(150)), r2.id)).rows
		).toHaveLength(4);

		const after = minutes(201);
		const board = await getLeaderboard(ctxFor(database, d.actor, after), r2.id);
		expect(board.actual).toBe(4);
		expect(board.rows.map((r) => r.playerId)).toEqual([
			a.player.id,
			b.player.id,
			c.player.id,
			d.player.id
		]);
		expect(board.rows.map((r) => r.correct)).toEqual([6, 6, 6, 5]);
		expect(board.me).toEqual({ rank: 4, total: 4 });
		// A short page reads only the entries that can reach it, and still ranks them in full order.
		const top2 = await getLeaderboard(ctxFor(database, c.actor, after), r2.id, { limit: 2 });
		expect(top2.rows.map((r) => [r.playerId, r.rank])).toEqual([
			[a.player.id, 1],
			[b.player.id, 2]
		]);
		expect(top2.me).toEqual({ rank: 3, total: 4 });
		// Per unit: only the grassroots subtree.
		const unitBoard = await getLeaderboard(ctxFor(database, d.actor, after), r2.id, {
			withinUnitId: tree.grassroots.id
		});
		expect(unitBoard.rows.map((r) => r.playerId)).toEqual([a.player.id, c.player.id, d.player.id]);
		expect(unitBoard.me).toEqual({ rank: 3, total: 3 });

		const revealed = await getAttempt(ctxFor(database, a.actor, after), aAttempt);
		expect(revealed.rank).toEqual({ rank: 1, total: 4, provisional: false });
		expect(JSON.stringify(revealed)).toContain(SECRET_EXPLANATION);

		// Winners by prize tiers.
		const winners = await publishWinners(ctxFor(database, tree.organizer, after), {
			roundId: r2.id
		});
		expect(winners.map((w) => [w.playerId, w.tier])).toEqual([
			[a.player.id, 'Giải Nhất'],
			[b.player.id, 'Giải Nhì'],
			[c.player.id, 'Giải Nhì']
		]);
		expect(
			await statusOf(publishWinners(ctxFor(database, tree.organizer, after), { roundId: r2.id }))
		).toBe(409);

		// Voiding b removes them from the board and the report.
		expect(
			await statusOf(
				voidPlayer(ctxFor(database, tree.siblingOrganizer, after), {
					contestId: contest.id,
					playerId: b.player.id,
					reason: 'Sai thông tin'
				})
			)
		).toBe(404);
		await voidPlayer(ctxFor(database, tree.organizer, after), {
			contestId: contest.id,
			playerId: b.player.id,
			reason: 'Khai sai số CCCD'
		});
		const voided = await getLeaderboard(ctxFor(database, d.actor, after), r2.id);
		// Three valid entrants now: c's prediction (3) is exact and moves ahead of a's (4).
		expect(voided.actual).toBe(3);
		expect(voided.rows.map((r) => r.playerId)).toEqual([c.player.id, a.player.id, d.player.id]);
		expect(
			await statusOf(startAttempt(ctxFor(database, b.actor, minutes(150)), { roundId: r2.id }))
		).toBe(409);

		const report = await participationReport(ctxFor(database, tree.organizer, after), contest.id, {
			roundId: r2.id
		});
		const byId = new Map(report.rows.map((r) => [r.id, r]));
		expect(byId.get(tree.grassroots.id)!.participants).toBe(3);
		expect(byId.get(tree.district.id)!.participants).toBe(3);
		expect(byId.get(tree.district.id)!.share).toBe(`3/${tree.district.memberCount}, đạt 3%`);

		const overall = await getOverallLeaderboard(ctxFor(database, null, after), contest.id);
		expect(overall[0]!.playerId).toBe(a.player.id);

		// The organizer downloads the round's board, its winners and the overall board.
		const organizer = ctxFor(database, tree.organizer, after);
		const boardBook = await exportRoundLeaderboard(organizer, contest.id, r2.id);
		const boardSheet = (await readXlsx(boardBook)).worksheets[0]!;
		expect(boardSheet.name).toBe('Xếp hạng Tuần 2');
		expect(String(boardSheet.getCell('A1').value)).toContain('Số thực tế cho câu hỏi dự đoán: 3');
		expectOfficeLayout(boardSheet, 2);
		expectDateColumn(boardSheet, 8, 'datetime', 3);
		const prizeOf = new Map([
			[a.player.id, 'Giải Nhất'],
			[c.player.id, 'Giải Nhì']
		]);
		const [boardHeader, ...boardBody] = sheetRows(boardSheet, 2);
		expect(boardHeader).toEqual([
			'Hạng',
			'Họ và tên',
			'Đơn vị',
			'Số câu đúng',
			'Dự đoán',
			'Chênh lệch dự đoán',
			'Thời gian làm bài (giây)',
			'Nộp bài lúc',
			'Giải'
		]);
		expect(boardBody).toEqual(
			voided.rows.map((r) => [
				r.rank,
				r.fullName,
				r.unitName,
				r.correct,
				r.prediction,
				Math.abs(r.prediction! - voided.actual),
				r.durationMs / 1000,
				wallClock(r.finishedAt),
				prizeOf.get(r.playerId) ?? ''
			])
		);
		expect(readCsv(boardBook, ';').slice(1)).toEqual(
			voided.rows.map((r) => [
				String(r.rank),
				r.fullName,
				r.unitName,
				String(r.correct),
				String(r.prediction),
				String(Math.abs(r.prediction! - voided.actual)),
				String(Math.round(r.durationMs / 100) / 10).replace('.', ','),
				vnDayTime(r.finishedAt),
				prizeOf.get(r.playerId) ?? ''
			])
		);

		// Winners as published: b's entry is void since, so b keeps the prize line, no figures.
		const winnersSheet = (await readXlsx(await exportRoundWinners(organizer, contest.id, r2.id)))
			.worksheets[0]!;
		expectOfficeLayout(winnersSheet, 2);
		const published = await database.db
			.select()
			.from(roundWinners)
			.where(eq(roundWinners.roundId, r2.id));
		const entryOf = new Map(voided.rows.map((r) => [r.playerId, r]));
		expect(sheetRows(winnersSheet, 3).map((r) => [r[0], r[1], r[2], r[4]])).toEqual(
			published
				.sort((x, y) => x.rank - y.rank)
				.map((w) => [
					w.rank,
					w.tier,
					[a, b, c].find((p) => p.player.id === w.playerId)!.actor.fullName,
					entryOf.get(w.playerId)?.correct ?? null
				])
		);
		expect(await statusOf(exportRoundWinners(organizer, contest.id, round.id))).toBe(409);

		const overallSheet = (await readXlsx(await exportOverallLeaderboard(organizer, contest.id)))
			.worksheets[0]!;
		expectOfficeLayout(overallSheet, 2);
		expect(sheetRows(overallSheet, 3)).toEqual(
			overall.map((r) => [r.rank, r.fullName, r.unitName, r.correct, r.durationMs / 1000])
		);

		// Nobody else downloads them, and a round of another contest is not found here.
		// Each call starts only when awaited, so no refusal goes unhandled meanwhile.
		for (const work of [
			() =>
				exportRoundLeaderboard(ctxFor(database, tree.siblingOrganizer, after), contest.id, r2.id),
			() => exportRoundLeaderboard(ctxFor(database, d.actor, after), contest.id, r2.id),
			() => exportOverallLeaderboard(ctxFor(database, tree.siblingOrganizer, after), contest.id),
			() => exportRoundWinners(ctxFor(database, d.actor, after), contest.id, r2.id)
		])
			expect(await statusOf(work())).toBe(404);
		expect(
			await statusOf(exportRoundLeaderboard(ctxFor(database, null, after), contest.id, r2.id))
		).toBe(401);
	});

	it('adds per-unit participation up to the parent, over the whole contest', async () => {
		const child = await makeUnit(database, tree.grassroots, { memberCount: 10 });
		const p = await newPlayer(child);
		const { attemptId } = await startAttempt(ctxFor(database, p.actor, minutes(60)), {
			roundId: round.id
		});
		await submitAttempt(ctxFor(database, p.actor, minutes(61)), { attemptId });
		const report = await participationReport(
			ctxFor(database, tree.organizer, minutes(62)),
			contest.id
		);
		for (const parent of report.rows) {
			const children = report.rows.filter(
				(r) => r.depth === parent.depth + 1 && r.path.startsWith(parent.path)
			);
			expect(parent.participants).toBe(
				parent.own + children.reduce((n, r) => n + r.participants, 0)
			);
		}
		expect(report.rows.find((r) => r.id === child.id)!.participants).toBe(1);
		expect(
			await statusOf(participationReport(ctxFor(database, tree.member, minutes(62)), contest.id))
		).toBe(404);
		expect(
			await statusOf(
				participationReport(ctxFor(database, tree.siblingOrganizer, minutes(62)), contest.id)
			)
		).toBe(404);
		const book = await exportParticipation(
			ctxFor(database, tree.organizer, minutes(62)),
			contest.id
		);
		const sheet = (await readXlsx(book)).worksheets[0]!;
		expectOfficeLayout(sheet);
		const base = report.rows[0]!.depth;
		const [header, ...body] = sheetRows(sheet);
		expect(header).toEqual([
			'Đơn vị',
			'Mã',
			'Cấp',
			'Số người tham gia',
			'Số đoàn viên',
			'Tỷ lệ',
			'Báo cáo'
		]);
		expect(body).toEqual(
			report.rows.map((r) => [
				r.name,
				r.code,
				r.depth - base + 1,
				r.participants,
				r.memberCount,
				r.memberCount > 0 ? r.participants / r.memberCount : null,
				r.share
			])
		);
		for (let row = 2; row <= sheet.rowCount; row++)
			expect(sheet.getRow(row).getCell(6).numFmt).toBe('0.0%');
	});
});

describe('playing a public contest without an account', () => {
	let open: Contest;
	let openRoundRow: ContestRound;
	const guestCtx = (guest: string | null, at = minutes(1)) => ({
		...ctxFor(database, null, at),
		guest
	});
	const details = (n: number, overrides: Partial<GuestRegistrationInput> = {}) => ({
		fullName: `Khách ${n}`,
		phone: `09330000${String(n).padStart(2, '0')}`,
		idNumber: undefined,
		birthDate: undefined,
		unitId: tree.grassroots.id,
		...overrides
	});
	const join = (
		guest: string | null,
		n: number,
		overrides: Partial<GuestRegistrationInput> = {},
		options: { at?: Date; address?: string; contestId?: number } = {}
	) => asGuest(options.contestId ?? open.id, details(n, overrides), { guest, ...options });

	beforeAll(async () => {
		({ contest: open, round: openRoundRow } = await openPublicContest(
			'Tìm hiểu Nghị quyết (mọi người)',
			1
		));
	});

	it('registers a guest with a secret token kept only as its hash, and plays by that token alone', async () => {
		const { player, token } = await join(null, 1);
		expect(player.userId).toBeNull();
		expect(player.guestTokenHash).toBe(sessionIdFromToken(token));
		expect(player.guestTokenHash).not.toContain(token);
		const [stored] = await database.db
			.select()
			.from(contestPlayers)
			.where(eq(contestPlayers.id, player.id));
		expect(JSON.stringify(stored)).not.toContain(token);

		const page = await getContestPage(guestCtx(token), open.id);
		expect(page.asGuest).toBe(true);
		expect(page.player?.id).toBe(player.id);
		const { attemptId } = await startAttempt(guestCtx(token, minutes(2)), {
			roundId: openRoundRow.id,
			prediction: 2
		});
		const view = await getAttempt(guestCtx(token, minutes(3)), attemptId);
		const running = await getContestPage(guestCtx(token, minutes(3)), open.id);
		for (const payload of [view, running]) {
			const json = JSON.stringify(payload);
			expect(json).not.toContain(SECRET_EXPLANATION);
			expect(json).not.toContain(SECRET_ANSWER);
			expect(json).not.toContain(token);
			expect(json).not.toContain(player.guestTokenHash!);
		}
		// No leaderboard for players before the close.
		expect(await statusOf(getLeaderboard(guestCtx(token, minutes(3)), openRoundRow.id))).toBe(409);
		const q = view.questions.find((x) => x.type !== 'short')!;
		await saveAnswer(guestCtx(token, minutes(3)), {
			attemptId,
			questionId: q.id,
			choice: [q.options[0]!.id]
		});
		// Another browser, or none, cannot see or touch the attempt.
		const other = await join(null, 2);
		expect(await statusOf(getAttempt(guestCtx(other.token, minutes(3)), attemptId))).toBe(404);
		expect(
			await statusOf(
				saveAnswer(guestCtx(other.token, minutes(3)), {
					attemptId,
					questionId: q.id,
					choice: [q.options[1]!.id]
				})
			)
		).toBe(404);
		expect(await statusOf(getAttempt(guestCtx(null, minutes(3)), attemptId))).toBe(401);
		expect(await statusOf(getAttempt(guestCtx('gia-mao', minutes(3)), attemptId))).toBe(404);
		const result = await submitAttempt(guestCtx(token, minutes(4)), { attemptId });
		expect(result.total).toBe(6);
		expect(
			(await getContestPage(guestCtx(token, minutes(5)), open.id)).rounds[0]!.myAttempts
		).toHaveLength(1);
		// The same browser cannot register twice for one contest.
		expect(await statusOf(join(token, 3))).toBe(409);
	});

	it('refuses a second registration with the same phone or ID number, even concurrently', async () => {
		const samePhone = await Promise.allSettled([
			join(null, 10),
			join(null, 10, { fullName: 'Người khác' })
		]);
		expect(samePhone.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = samePhone.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason.status).toBe(409);
		expect(refused.reason.fieldErrors.phone).toBeDefined();

		const sameId = await Promise.allSettled([
			join(null, 11, { idNumber: '079099123456' }),
			join(null, 12, { idNumber: '079099123456' })
		]);
		expect(sameId.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const idRefused = sameId.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(idRefused.reason.status).toBe(409);
		expect(idRefused.reason.fieldErrors.idNumber).toBeDefined();
		// Without an ID number, any number of people may register (each with their own phone).
		await join(null, 13);
		await join(null, 14);
		expect(
			await database.db.$count(contestPlayers, eq(contestPlayers.phone, details(10).phone))
		).toBe(1);
	});

	it('keeps members contests for signed-in members, and lets organizers void a guest', async () => {
		expect(
			await statusOf(
				registerGuest(guestCtx(null), {
					consent: true,
					contestId: contest.id,
					...details(20),
					address: '10.9.0.1'
				})
			)
		).toBe(401);
		expect(await statusOf(startAttempt(guestCtx(null, minutes(2)), { roundId: round.id }))).toBe(
			401
		);
		expect(
			await statusOf(
				registerGuest(ctxFor(database, tree.member, T0), {
					consent: true,
					contestId: open.id,
					...details(21),
					address: '10.9.0.1'
				})
			)
		).toBe(409);

		const { player, token } = await join(null, 22);
		const { attemptId } = await startAttempt(guestCtx(token, minutes(5)), {
			roundId: openRoundRow.id
		});
		await submitAttempt(guestCtx(token, minutes(6)), { attemptId });
		const before = await getLeaderboard(
			ctxFor(database, tree.organizer, minutes(7)),
			openRoundRow.id
		);
		expect(before.rows.map((r) => r.playerId)).toContain(player.id);
		await voidPlayer(ctxFor(database, tree.organizer, minutes(7)), {
			contestId: open.id,
			playerId: player.id,
			reason: 'Khai sai đơn vị'
		});
		const after = await getLeaderboard(
			ctxFor(database, tree.organizer, minutes(8)),
			openRoundRow.id
		);
		expect(after.rows.map((r) => r.playerId)).not.toContain(player.id);
		const page = await getContestPage(guestCtx(token, minutes(8)), open.id);
		expect(page.player).toMatchObject({ voided: true, voidReason: 'Khai sai đơn vị' });
		expect(
			await statusOf(startAttempt(guestCtx(token, minutes(9)), { roundId: openRoundRow.id }))
		).toBe(409);
		// After the close, the guest sees their rank on the board, and voided players none.
		const board = await getLeaderboard(guestCtx(token, minutes(61)), openRoundRow.id);
		expect(board.me).toBeNull();
	});

	it('needs a fresh proof of work: none (no JavaScript), a forged or a replayed one is refused', async () => {
		const before = await database.db.$count(contestPlayers, eq(contestPlayers.contestId, open.id));
		const missing = await failure(
			registerGuest(guestCtx(null), {
				consent: true,
				contestId: open.id,
				...details(30),
				address: '10.9.0.2'
			})
		);
		expect(missing.status).toBe(400);
		expect(missing.message).toMatch(/bật JavaScript/);
		expect(
			await statusOf(
				registerGuest(guestCtx(null), {
					consent: true,
					contestId: open.id,
					...details(30),
					altcha: 'bm90IGpzb24=',
					address: '10.9.0.2'
				})
			)
		).toBe(400);

		const altcha = await solvedProof(
			await issueRegistrationChallenge(ctxFor(database, null, minutes(1)), open.id)
		);
		const send = (n: number, overrides: Partial<GuestRegistrationInput> = {}) =>
			registerGuest(guestCtx(null), {
				consent: true,
				contestId: open.id,
				...details(n, overrides),
				altcha,
				address: '10.9.0.2'
			});
		await send(31);
		const replayed = await failure(send(32));
		expect(replayed.status).toBe(400);
		expect(replayed.message).toBe('Mã xác minh này đã được dùng. Vui lòng thử lại.');
		// Expired: a solution is good for ten minutes.
		const old = await solvedProof(
			await issueRegistrationChallenge(ctxFor(database, null, minutes(1)), open.id)
		);
		expect(
			await statusOf(
				registerGuest(guestCtx(null, minutes(12)), {
					consent: true,
					contestId: open.id,
					...details(33),
					altcha: old,
					address: '10.9.0.2'
				})
			)
		).toBe(400);
		// A refused registration keeps its proof spent: one proof cannot probe many phones.
		const probe = await solvedProof(
			await issueRegistrationChallenge(ctxFor(database, null, minutes(1)), open.id)
		);
		const probeWith = (n: number) =>
			registerGuest(guestCtx(null), {
				consent: true,
				contestId: open.id,
				...details(n),
				altcha: probe,
				address: '10.9.0.2'
			});
		expect(await statusOf(probeWith(31))).toBe(409);
		expect(await statusOf(probeWith(34))).toBe(400);
		expect(await database.db.$count(contestPlayers, eq(contestPlayers.contestId, open.id))).toBe(
			before + 1
		);
	});

	it('limits registrations per address and hour as the contest says, even when they race', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const limited = await createContest(ctx, {
			unitId: tree.district.id,
			title: 'Cuộc thi giới hạn theo địa chỉ',
			description: '',
			scope: 'public',
			predictionKind: 'participants',
			tieBreaks: ['correct', 'prediction', 'duration', 'submitted'],
			guestHourlyLimit: 3
		});
		expect(open.guestHourlyLimit).toBe(20);
		const from = (address: string, n: number, at = minutes(1)) =>
			join(null, n, {}, { contestId: limited.id, address, at });
		const burst = await Promise.allSettled([40, 41, 42, 43, 44].map((n) => from('10.8.0.1', n)));
		expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		const refused = burst.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
		expect(refused.map((r) => r.reason.status)).toEqual([429, 429]);
		expect(refused[0]!.reason.message).toContain('giới hạn 3 lượt đăng ký trong một giờ');
		// Another address, or the next hour, has its own allowance; other contests are apart.
		await from('10.8.0.2', 45);
		await from('10.8.0.1', 46, minutes(61));
		await join(null, 47, {}, { address: '10.8.0.1' });
		const counters = await database.db
			.select()
			.from(contestAddressCounts)
			.where(eq(contestAddressCounts.contestId, limited.id));
		expect(counters.map((c) => c.registrations).sort()).toEqual([1, 1, 3]);
		// The address is kept only as a keyed hash.
		expect(JSON.stringify(counters)).not.toContain('10.8.0.1');
		expect(await database.db.$count(contestPlayers, eq(contestPlayers.contestId, limited.id))).toBe(
			5
		);
		// Past hours' counters go when the next challenge is issued (the players stay).
		const nextDay = minutes(24 * 60);
		await from('10.8.0.1', 48, nextDay);
		await issueRegistrationChallenge(ctxFor(database, null, nextDay), limited.id);
		const kept = await database.db
			.select()
			.from(contestAddressCounts)
			.where(eq(contestAddressCounts.contestId, limited.id));
		expect(kept.map((c) => [c.hour.getTime(), c.registrations])).toEqual([
			[registrationHour(nextDay).getTime(), 1]
		]);
		expect(await database.db.$count(contestPlayers, eq(contestPlayers.contestId, limited.id))).toBe(
			6
		);
	});
});

describe('closing attempts that ran out', () => {
	let game: Contest;
	let week: ContestRound;
	const at = (n: number, guest: string | null = null) => ({
		...ctxFor(database, null, minutes(n)),
		guest
	});
	let phone = 0;
	const newGuest = () =>
		asGuest(
			game.id,
			{
				fullName: 'Khách hết giờ',
				phone: `09440000${String(++phone).padStart(2, '0')}`,
				idNumber: undefined,
				birthDate: undefined,
				unitId: tree.grassroots.id
			},
			{ address: '10.7.0.1' }
		);
	/** Runs a page in a read-only transaction: any write there fails (SQLSTATE 25006). */
	const readOnly = <T>(work: (db: Db) => Promise<T>) =>
		database.db.transaction(async (tx) => {
			await tx.execute(sql`set transaction read only`);
			return work(tx);
		});
	const running = (playerId: number) =>
		database.db.$count(attempts, and(eq(attempts.playerId, playerId), isNull(attempts.finishedAt)));

	beforeAll(async () => {
		({ contest: game, round: week } = await openPublicContest('Cuộc thi hết giờ', 2));
	});

	it('writes only when an attempt has run out, closes only what the page concerns, and refuses late answers', async () => {
		const a = await newGuest();
		const b = await newGuest();
		const c = await newGuest();
		const started = await Promise.all(
			[a, b, c].map((g) => startAttempt(at(1, g.token), { roundId: week.id, prediction: 3 }))
		);
		const [attemptA, attemptB] = started.map((s) => s.attemptId) as [number, number];
		const view = await getAttempt(at(2, a.token), attemptA);
		const q = view.questions.find((x) => x.type !== 'short')!;
		await saveAnswer(at(2, a.token), {
			attemptId: attemptA,
			questionId: q.id,
			choice: [q.options[0]!.id]
		});

		// Before any deadline: pages, the organizer's board and report only read.
		const organizer = ctxFor(database, tree.organizer, minutes(5));
		await readOnly((db) => getContestPage({ ...at(5, a.token), db }, game.id));
		await readOnly((db) => getAttempt({ ...at(5, a.token), db }, attemptA));
		await readOnly((db) => getLeaderboard({ ...organizer, db }, week.id));
		await readOnly((db) =>
			participationReport({ ...organizer, db }, game.id, { roundId: week.id })
		);

		// Past the deadlines (start + 10 min + grace): an answer is refused...
		expect(
			await statusOf(
				saveAnswer(at(20, a.token), {
					attemptId: attemptA,
					questionId: q.id,
					choice: [q.options[1]!.id]
				})
			)
		).toBe(409);
		// ...and A's own page closes A's attempt at its deadline, not B's or C's.
		const page = await getContestPage(at(20, a.token), game.id);
		expect(page.rounds[0]!.myAttempts[0]).toMatchObject({ open: false, timedOut: true });
		expect(await running(a.player.id)).toBe(0);
		expect(await running(b.player.id)).toBe(1);
		// B's attempt view closes that attempt only; B may then start the next one.
		const late = await getAttempt(at(21, b.token), attemptB);
		expect(late.attempt).toMatchObject({ finished: true, timedOut: true });
		expect(await running(c.player.id)).toBe(1);
		const next = await startAttempt(at(22, c.token), { roundId: week.id });
		expect(next.resumed).toBe(false);
		expect(await running(c.player.id)).toBe(1);
		await submitAttempt(at(23, c.token), { attemptId: next.attemptId });

		// A page with nothing left to close reads only.
		await readOnly((db) => getContestPage({ ...at(24, a.token), db }, game.id));
		await readOnly((db) => getAttempt({ ...at(24, b.token), db }, attemptB));

		// After the close: the first public board view counts every attempt, later ones only read.
		const d = await newGuest();
		await startAttempt(at(55, d.token), { roundId: week.id });
		const board = await getLeaderboard(at(62, a.token), week.id);
		expect(board.rows.map((r) => r.playerId).sort()).toEqual(
			[a.player.id, b.player.id, c.player.id, d.player.id].sort()
		);
		expect(await running(d.player.id)).toBe(0);
		await readOnly((db) => getLeaderboard({ ...at(63, a.token), db }, week.id));
		await readOnly((db) => getOverallLeaderboard({ ...at(63), db }, game.id));
		await readOnly((db) => getContestPage({ ...at(63, d.token), db }, game.id));
		expect(await statusOf(startAttempt(at(63, a.token), { roundId: week.id }))).toBe(409);
	});

	it('a read-only transaction does refuse a write (the check above means something)', async () => {
		const e = await newGuest();
		const { attemptId } = await startAttempt(at(2, e.token), { roundId: week.id });
		const refused = await readOnly((db) => getAttempt({ ...at(30, e.token), db }, attemptId)).then(
			() => null,
			(error: unknown) => error
		);
		expect(refused).not.toBeNull();
	});
});
