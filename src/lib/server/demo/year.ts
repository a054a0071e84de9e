// The demo year's finished work, in the weeks before the first start: a contest of two weekly
// rounds played by guests, two Rung chuông vàng games played to the end, a district's closed
// poll, award decisions from them and certificates checked since, so the year-end report of
// the demo year has something in every section. Everything goes through the services.
import { and, eq, inArray } from 'drizzle-orm';
import { solve } from '$lib/proof';
import { issueChallenge } from '../antiabuse/pow';
import { antiAbuseKey } from '../antiabuse/repo';
import {
	createDecisionFromLiveGame,
	createDecisionFromRound,
	createManualDecision,
	previewDecisionFromLiveGame,
	previewDecisionFromRound,
	previewManualDecision,
	verifyCertificate
} from '../awards';
import {
	addRound,
	createContest,
	getAttempt,
	openRound,
	publishWinners,
	registerGuest,
	saveAnswers,
	startAttempt,
	submitAttempt
} from '../contests';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { awardRecipients, liveGameQuestions, questions } from '../db/schema';
import { createGame, hostAct, joinGame, submitAnswer, type HostCommand } from '../live';
import { questionsWhere } from '../questions';
import { findActiveUnit } from '../units';
import { addPollOption, castVote, createPoll } from '../voting';
import { DAY } from './nominations';

type As = (email: string, at: Date) => Promise<Ctx>;
type UnitId = (code: string) => Promise<number>;

const PROVINCE = 'tochuc@guongsang.vn';
const DISTRICT = 'huyendoan@guongsang.vn';

/** Guests of the demo contest: name, unit code, and how many of five answers they get right. */
export const demoContestants: [string, string, number][] = [
	['Nguyễn Thu Hà', 'XD-XUANNON', 5],
	['Trần Đức Minh', 'XD-UYNO', 4],
	['Lê Thị Lan', 'CD-THON1', 5],
	['Phạm Quốc Bảo', 'XD-PHULINH', 3],
	['Hoàng Mai Anh', 'CD-SOYT', 4],
	['Vũ Thanh Tùng', 'CD-SOGD', 2],
	['Đặng Ngọc Ánh', 'XD-XUANNON', 3],
	['Bùi Gia Huy', 'XD-UYNO', 1],
	['Đỗ Minh Châu', 'CD-SOGD', 4],
	['Ngô Bảo Ngọc', 'XD-PHULINH', 2]
];
/** Everyone takes week 1; this many of the first guests come back for week 2. */
export const DEMO_WEEK_TWO_GUESTS = 6;

export async function seedDemoYear(as: As, unitId: UnitId, now: Date) {
	const at = (days: number) => new Date(now.getTime() + days * DAY);
	const roundId = await seedClosedContest(as, unitId, at);
	const province = await seedPlayedGame(as, unitId, at(-30), {
		host: PROVINCE,
		unit: 'TDGS',
		title: 'Rung chuông vàng — Chung kết cấp tỉnh',
		players: ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Linh']
	});
	await seedPlayedGame(as, unitId, at(-20), {
		host: DISTRICT,
		unit: 'HD-DONGANH',
		title: 'Rung chuông vàng — Tuổi trẻ Đông Anh',
		players: ['Mạnh', 'Ngân', 'Oanh', 'Phong', 'Quyên', 'Sơn']
	});
	await seedClosedPoll(as, unitId, at);

	const decision = (number: string, day: number, issuer: string) => ({
		number,
		decidedOn: at(day).toISOString().slice(0, 10),
		issuer,
		signer: 'Nguyễn Văn Thành',
		signerTitle: 'Bí thư Tỉnh đoàn',
		citation: '',
		field: undefined
	});
	const ctx = await as(PROVINCE, at(-29));
	const fromRound = {
		...decision('88-QĐ/TĐTN', -29, 'Ban Thường vụ Tỉnh đoàn Gương Sáng'),
		roundId
	};
	const roundPreview = await previewDecisionFromRound(ctx, fromRound);
	await createDecisionFromRound(ctx, { ...fromRound, confirmation: roundPreview.token });
	const fromGame = {
		...decision('92-QĐ/TĐTN', -29, 'Ban Thường vụ Tỉnh đoàn Gương Sáng'),
		gameId: province
	};
	const gamePreview = await previewDecisionFromLiveGame(ctx, fromGame);
	await createDecisionFromLiveGame(ctx, { ...fromGame, confirmation: gamePreview.token });
	const district = await as(DISTRICT, at(-15));
	const manual = {
		...decision('15-QĐ/HĐĐA', -15, 'Ban Thường vụ Huyện đoàn Đông Anh'),
		signer: 'Lê Văn Huyện',
		signerTitle: 'Bí thư Huyện đoàn',
		citation:
			'Đã có thành tích xuất sắc trong công tác Đoàn và phong trào thanh thiếu nhi năm học.',
		unitId: await unitId('HD-DONGANH'),
		kind: 'giay_khen' as const,
		customKind: undefined,
		type: 'collective' as const,
		recipients: [
			{ name: 'Chi đoàn thôn Đường Nhạn', unitName: 'Đoàn xã Xuân Nộn', position: '' },
			{ name: 'Đoàn xã Uy Nỗ', unitName: 'Huyện đoàn Đông Anh', position: '' }
		].map((r) => ({ ...r, email: undefined }))
	};
	const manualPreview = await previewManualDecision(district, manual);
	await createManualDecision(district, { ...manual, confirmation: manualPreview.token });
	await checkCertificates(ctx.db, at);
}

/** A public contest of two closed weekly rounds; the first round's winners are published. */
async function seedClosedContest(as: As, unitId: UnitId, at: (days: number) => Date) {
	const ctx = await as(PROVINCE, at(-50));
	const province = await unitId('TDGS');
	const contest = await createContest(ctx, {
		unitId: province,
		title: 'Cuộc thi trực tuyến tìm hiểu 95 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh',
		description: 'Hai tuần thi, mỗi lượt 5 câu hỏi trong 10 phút.',
		scope: 'public',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
	});
	const rounds = [];
	for (const [i, [opens, closes]] of [
		[-48, -41],
		[-40, -33]
	].entries()) {
		const round = await addRound(ctx, {
			contestId: contest.id,
			title: `Tuần ${i + 1}`,
			opensAt: at(opens!),
			closesAt: at(closes!),
			questionCount: 5,
			timeLimitMinutes: 10,
			attemptsAllowed: 1,
			topics: [],
			difficulties: [],
			predictionQuestion: 'Theo bạn, có bao nhiêu người tham gia tuần thi này?',
			prizeTiers: [
				{ label: 'Giải Nhất', count: 1 },
				{ label: 'Giải Nhì', count: 1 },
				{ label: 'Giải Ba', count: 2 }
			]
		});
		await openRound({ ...ctx, now: at(opens!) }, { roundId: round.id });
		rounds.push({ ...round, opens: opens! });
	}
	for (const [i, [fullName, code, right]] of demoContestants.entries()) {
		const guestCtx = { ...ctx, actor: null, now: at(-47) };
		const { token } = await registerGuest(guestCtx, {
			consent: true,
			contestId: contest.id,
			fullName,
			phone: `09120000${String(i).padStart(2, '0')}`,
			idNumber: undefined,
			birthDate: undefined,
			unitId: await unitId(code),
			wantsResults: false,
			resultsEmail: undefined,
			altcha: await easyProof(guestCtx),
			address: `10.20.0.${i + 1}`
		});
		for (const round of rounds.slice(0, i < DEMO_WEEK_TWO_GUESTS ? 2 : 1)) {
			const when = at(round.opens + 1 + i / 100);
			const play = { ...ctx, actor: null, now: when, guest: token };
			const { attemptId } = await startAttempt(play, { roundId: round.id, prediction: 8 + i });
			await answerContest(play, attemptId, right);
			await submitAttempt(
				{ ...play, now: new Date(when.getTime() + (5 + i) * 60_000) },
				{
					attemptId
				}
			);
		}
	}
	await publishWinners({ ...ctx, now: at(-40) }, { roundId: rounds[0]!.id });
	return rounds[0]!.id;
}

/** Answers an attempt's questions, the first `right` of them right, as the page saves them. */
async function answerContest(ctx: Ctx & { guest: string }, attemptId: number, right: number) {
	const view = await getAttempt(ctx, attemptId);
	const bank = await ctx.db
		.select()
		.from(questions)
		.where(
			inArray(
				questions.id,
				view.questions.map((q) => q.id)
			)
		);
	const answers = view.questions.map((q, i) => {
		const row = bank.find((b) => b.id === q.id)!;
		const isRight = i < right;
		if (q.type === 'short')
			return {
				questionId: q.id,
				choice: [],
				text: isRight ? row.acceptedAnswers[0] : 'không biết'
			};
		// Every right option (a multiple-choice question has several), or the first wrong one.
		const picks = isRight
			? row.correct
			: [row.options.findIndex((_, k) => !row.correct.includes(k))];
		const choice = picks.map((pick) => q.options.find((o) => o.text === row.options[pick])!.id);
		return { questionId: q.id, choice };
	});
	await saveAnswers(ctx, { attemptId, answers });
}

/**
 * A proof of work the server signed with a tiny search space: the demo's guests and voters are
 * not browsers, and solving full-size proofs would add most of a minute to the first start.
 */
async function easyProof(ctx: Ctx): Promise<string> {
	return (await solve(await issueChallenge(await antiAbuseKey(ctx.db), ctx.now, 10)))!;
}

/**
 * A game played to its end: each question, one more player than before answers wrong, until
 * one stands (the golden bell), or the questions run out.
 */
async function seedPlayedGame(
	as: As,
	unitId: UnitId,
	start: Date,
	game: { host: string; unit: string; title: string; players: string[] }
) {
	const host = await as(game.host, new Date(start.getTime() - DAY));
	const unit = (await findActiveUnit(host.db, await unitId('TDGS')))!;
	const bank = await questionsWhere(host.db, { withinPaths: [unit.path], status: 'approved' });
	const choice = bank.filter((q) => q.type === 'single' || q.type === 'true_false').slice(0, 5);
	const created = await createGame(host, {
		unitId: await unitId(game.unit),
		title: game.title,
		mode: 'phones',
		questionIds: choice.map((q) => q.id),
		seconds: 20,
		rescueWhenAtMost: 0,
		rescueMaxUses: 0,
		goldenBellNumber: undefined,
		goldenBellWhenAtMost: undefined
	});
	const tokens = [];
	for (const name of game.players) {
		const joined = await joinGame(
			{ db: host.db, actor: null, now: start },
			{ code: created.code, displayName: name, unitName: undefined }
		);
		tokens.push(joined.token);
	}
	let t = start.getTime();
	const act = async (command: HostCommand) =>
		hostAct({ ...host, now: new Date((t += 5_000)) }, created.code, command);
	let standing = tokens;
	for (let position = 0; standing.length > 1 && position < choice.length; position++) {
		await act(position === 0 ? { action: 'start' } : { action: 'open' });
		const wrong = Math.min(standing.length - 1, Math.ceil(standing.length / 3));
		for (const [i, token] of standing.entries())
			await answerLive(host.db, created.id, created.code, token, position, i >= wrong, t + 2_000);
		await act({ action: 'close' });
		const state = await act({ action: 'reveal' });
		standing = standing.slice(wrong);
		if (state.state === 'finished') break;
	}
	return created.id;
}

async function answerLive(
	db: Db,
	gameId: number,
	code: string,
	token: string,
	position: number,
	right: boolean,
	at: number
) {
	const [row] = await db
		.select({ order: liveGameQuestions.optionOrder, correct: questions.correct })
		.from(liveGameQuestions)
		.innerJoin(questions, eq(questions.id, liveGameQuestions.questionId))
		.where(and(eq(liveGameQuestions.gameId, gameId), eq(liveGameQuestions.position, position)));
	const correct = row!.correct[0]!;
	const bankIndex = right ? correct : correct === 0 ? 1 : 0;
	const shown = row!.order ? row!.order.indexOf(bankIndex) : bankIndex;
	await submitAnswer(
		{ db, actor: null, now: new Date(at) },
		{ code, token, answer: { position, choice: [shown], text: undefined } }
	);
}

/** Đông Anh's vote on its outstanding youth branches, closed three weeks ago. */
async function seedClosedPoll(as: As, unitId: UnitId, at: (days: number) => Date) {
	const ctx = await as(DISTRICT, at(-30));
	const pollId = await createPoll(ctx, {
		title: 'Bình chọn Chi đoàn tiêu biểu huyện Đông Anh',
		description: 'Mỗi người chọn 1 chi đoàn.',
		unitId: await unitId('HD-DONGANH'),
		opensAt: at(-28),
		closesAt: at(-21),
		maxChoices: 1,
		dailyVoting: false,
		audience: 'anyone',
		resultsVisibility: 'after_close',
		addressDailyLimit: 30
	});
	const options = [];
	for (const label of ['Chi đoàn thôn Đường Nhạn', 'Chi đoàn thôn Bầu', 'Chi đoàn thôn Thù Lỗ'])
		options.push(await addPollOption(ctx, { id: pollId, title: label, summary: '' }));
	for (let i = 0; i < 15; i++) {
		const voter = { db: ctx.db, actor: null, now: at(-27 + i / 5) };
		await castVote(voter, {
			id: pollId,
			optionIds: [options[i % 5 < 3 ? 0 : i % 2 ? 1 : 2]!.id],
			altcha: await easyProof(voter),
			voter: { token: `demo-voter-${i}`, address: `10.30.0.${i + 1}` }
		});
	}
}

/** Certificates of the demo year checked by their holders and others since they were issued. */
async function checkCertificates(db: Db, at: (days: number) => Date) {
	const codes = await db
		.select({ code: awardRecipients.certificateCode })
		.from(awardRecipients)
		.orderBy(awardRecipients.id);
	for (const [i, { code }] of codes.slice(-6).entries())
		for (let k = 0; k <= i % 3; k++)
			await verifyCertificate(
				{ db, actor: null, now: at(-10 + i) },
				{ code, address: `10.40.0.${i + 1}` }
			);
}
