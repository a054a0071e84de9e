import { eq, sql } from 'drizzle-orm';
import {
	confirmEmail,
	deleteUserSessions,
	loadActor,
	mintAccountLink,
	setPasswordFromLink
} from '../auth';
import type { Ctx } from '../context';
import { createUnit } from '../units';
import { createFirstAdministrator, createUser } from '../users';
import { addPollOption, addShortlistToPoll, createPoll } from '../voting';
import type { Db } from '../db/client';
import { seedDemoAwards } from './awards';
import { seedDemoContest } from './contest';
import { RESULTS_DAY, demoSeasons, seedDemoJudgedCampaign, seedDemoPanel } from './judging';
import { DAY, demoYear, person, seedDemoCampaign, seedDemoOpenCampaign } from './nominations';
import { seedDemoLiveGame } from './live';
import { seedDemoYear } from './year';
import { users } from '../db/schema';
import { roleLabels, type RoleKind } from '$lib/shared/labels';
import type { UnitKind } from '$lib/shared/labels';

export const DEMO_PASSWORD = 'GuongSang@2026';

export const demoAccounts = [
	{ email: 'quantri@guongsang.vn', fullName: 'Nguyễn Quản Trị', role: 'admin', unit: null },
	{ email: 'tochuc@guongsang.vn', fullName: 'Trần Thị Tổ Chức', role: 'organizer', unit: 'TDGS' },
	{
		email: 'huyendoan@guongsang.vn',
		fullName: 'Lê Văn Huyện',
		role: 'organizer',
		unit: 'HD-DONGANH'
	},
	{
		email: 'canbo@guongsang.vn',
		fullName: 'Phạm Minh Cán Bộ',
		role: 'officer',
		unit: 'XD-XUANNON'
	},
	{ email: 'canbokhoi@guongsang.vn', fullName: 'Vũ Thị Khối', role: 'officer', unit: 'DK-CQT' },
	{ email: 'canbouyno@guongsang.vn', fullName: 'Ngô Văn Uy', role: 'officer', unit: 'XD-UYNO' },
	{ email: 'giamkhao@guongsang.vn', fullName: 'Hoàng Thị Giám Khảo', role: 'judge', unit: 'TDGS' },
	{
		email: 'giamkhao2@guongsang.vn',
		fullName: 'Bùi Văn Thẩm',
		role: 'judge',
		unit: 'HD-DONGANH'
	},
	{ email: 'giamkhao3@guongsang.vn', fullName: 'Đinh Thị Xét', role: 'judge', unit: 'HD-SOCSON' },
	{ email: 'doanvien@guongsang.vn', fullName: 'Đỗ Văn Đoàn Viên', role: 'member', unit: 'CD-THON1' }
] as const satisfies readonly {
	email: string;
	fullName: string;
	role: RoleKind;
	unit: string | null;
}[];

// [code, name, kind, members, parent code]: a province with a district, a block and grassroots units.
const demoUnits: [string, string, UnitKind, number, string | null][] = [
	['TDGS', 'Tỉnh đoàn Gương Sáng', 'province', 153860, null],
	['HD-DONGANH', 'Huyện đoàn Đông Anh', 'district', 12480, 'TDGS'],
	['HD-SOCSON', 'Huyện đoàn Sóc Sơn', 'district', 10950, 'TDGS'],
	['DK-CQT', 'Đoàn Khối các cơ quan tỉnh', 'block', 8420, 'TDGS'],
	['XD-XUANNON', 'Đoàn xã Xuân Nộn', 'grassroots', 640, 'HD-DONGANH'],
	['XD-UYNO', 'Đoàn xã Uy Nỗ', 'grassroots', 580, 'HD-DONGANH'],
	['CD-THON1', 'Chi đoàn thôn Đường Nhạn', 'branch', 45, 'XD-XUANNON'],
	['XD-PHULINH', 'Đoàn xã Phù Linh', 'grassroots', 720, 'HD-SOCSON'],
	['CD-SOYT', 'Đoàn Thanh niên Sở Y tế', 'grassroots', 310, 'DK-CQT'],
	['CD-SOGD', 'Đoàn Thanh niên Sở Giáo dục và Đào tạo', 'grassroots', 420, 'DK-CQT']
];

/** Demo data goes in through the same services a person would use. */
/** `now` is the seed's clock: the app passes the wall clock, tests their fixed time. */
export async function seedDemoIfEmpty(db: Db, now = new Date()): Promise<boolean> {
	const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
	if (n > 0) return false;
	const [admin, ...others] = demoAccounts;
	const adminId = await createFirstAdministrator(
		{ db, actor: null, now },
		{
			email: admin.email,
			fullName: admin.fullName,
			password: DEMO_PASSWORD
		}
	);
	const ctx: Ctx = { db, actor: await loadActor(db, adminId), now };
	const unitIds = new Map<string, number>();
	for (const [code, name, kind, memberCount, parent] of demoUnits) {
		const unit = await createUnit(ctx, {
			code,
			name,
			kind,
			memberCount,
			parentId: parent ? unitIds.get(parent) : undefined
		});
		unitIds.set(code, unit.id);
	}
	await confirmDemoAddress(db, adminId, admin.email, now);
	for (const account of others) {
		const id = await createUser(ctx, {
			email: account.email,
			fullName: account.fullName,
			unitId: unitIds.get(account.unit)!,
			role: account.role,
			phone: undefined
		});
		await takeUpDemoInvitation(db, id, account.email, now);
	}
	// One year of the province's work, told around today: a campaign open for nominations, one
	// finishing screening with its panel at work, one in its public vote, last year's awarded.
	const as = (email: string, at: Date) => actorCtx(db, email, at);
	const year = demoYear(now);
	const campaignId = await seedDemoCampaign(as, now, year);
	await seedDemoPanel(
		await as('tochuc@guongsang.vn', new Date(now.getTime() - 3 * DAY)),
		campaignId
	);
	const people = { as, unitId: async (code: string) => unitIds.get(code)!, person };
	const seasons = demoSeasons(year, now);
	const judgedId = await seedDemoJudgedCampaign(people, now, seasons.current);
	await seedDemoPoll(ctx, unitIds.get('TDGS')!, judgedId);
	const lastYearId = await seedDemoJudgedCampaign(people, now, seasons.previous);
	// Last year's decision, issued when its results were announced.
	await seedDemoAwards(
		await as(
			'tochuc@guongsang.vn',
			new Date(now.getTime() + (seasons.previous.shift + RESULTS_DAY) * DAY)
		),
		lastYearId
	);
	await seedDemoOpenCampaign(as, now, year);
	// The province's organizer keeps the bank and runs the demo contest.
	const organizer = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, 'tochuc@guongsang.vn'));
	const organizerCtx = { db, actor: await loadActor(db, organizer[0]!.id), now };
	await seedDemoContest(organizerCtx, unitIds.get('TDGS')!);
	await seedDemoLiveGame(organizerCtx, unitIds.get('TDGS')!);
	await seedDemoYear(as, people.unitId, now);
	return true;
}

/** The token at the end of a link's path, as the person clicking it would send it. */
const tokenOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * A demo person follows their invitation's link as a real one would: the demo password is set,
 * the address counts as verified, the waiting invitation is withdrawn (nothing is mailed).
 */
async function takeUpDemoInvitation(db: Db, userId: number, email: string, now: Date) {
	const link = await mintAccountLink(db, { userId, purpose: 'invite', address: email }, now);
	await setPasswordFromLink(
		{ db, actor: null, now },
		{ token: tokenOf(link), password: DEMO_PASSWORD, passwordConfirm: DEMO_PASSWORD }
	);
	// The session that signing in through the link opened: nobody holds its cookie.
	await deleteUserSessions(db, userId);
}

/** The bootstrapped administrator proves the address through a verification link. */
async function confirmDemoAddress(db: Db, userId: number, email: string, now: Date) {
	const link = await mintAccountLink(db, { userId, purpose: 'verify', address: email }, now);
	await confirmEmail({ db, actor: null, now }, { token: tokenOf(link) });
}

async function actorCtx(db: Db, email: string, now: Date): Promise<Ctx> {
	const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
	return { db, actor: await loadActor(db, user!.id), now };
}

/**
 * Open polls for the demo, created (with their options) before they opened, as in real use: the
 * public vote on the judged campaign's shortlist, open for its campaign's voting phase, and a
 * department's opinion poll.
 */
async function seedDemoPoll(ctx: Ctx, unitId: number, campaignId: number) {
	const year = demoYear(ctx.now);
	const opensAt = new Date(ctx.now.getTime() - 2 * DAY);
	const before: Ctx = { ...ctx, now: new Date(opensAt.getTime() - 3600_000) };
	const pollId = await createPoll(before, {
		title: `Bình chọn Gương sáng tuổi trẻ năm ${year}`,
		description:
			'Mỗi ngày, bạn được chọn 1 gương mặt tiêu biểu. Kết quả bình chọn chiếm 30% số điểm xét chọn.',
		unitId,
		opensAt,
		closesAt: new Date(ctx.now.getTime() + 20 * DAY),
		maxChoices: 1,
		dailyVoting: true,
		audience: 'anyone',
		resultsVisibility: 'live',
		addressDailyLimit: 30
	});
	await addShortlistToPoll(before, { id: pollId, campaignId });

	// A department's opinion poll: accounts only, two choices, results for the organizers only.
	const surveyId = await createPoll(before, {
		title: 'Thăm dò ý kiến: hoạt động thanh niên bạn quan tâm nhất',
		description: `Chọn tối đa 2 hoạt động. Kết quả dùng để xây dựng kế hoạch năm ${year + 1}.`,
		unitId,
		opensAt,
		closesAt: new Date(ctx.now.getTime() + 30 * DAY),
		maxChoices: 2,
		dailyVoting: false,
		audience: 'accounts',
		resultsVisibility: 'organizers',
		addressDailyLimit: null
	});
	for (const title of [
		'Tình nguyện mùa hè xanh',
		'Khởi nghiệp',
		'Chuyển đổi số',
		'Văn hoá – thể thao'
	])
		await addPollOption(before, { id: surveyId, title, summary: '' });
}

/** The start-up lines listing the demo sign-ins, each with its role as the interface names it. */
export function demoAccountLines(): string[] {
	const width = Math.max(...demoAccounts.map((a) => roleLabels[a.role].length));
	return [
		`Tài khoản dùng thử (mật khẩu chung: ${DEMO_PASSWORD}):`,
		...demoAccounts.map((a) => `  ${roleLabels[a.role].padEnd(width)}  ${a.email}`)
	];
}

export function announceDemoAccounts(): void {
	console.log(`\n${demoAccountLines().join('\n')}\n`);
}
