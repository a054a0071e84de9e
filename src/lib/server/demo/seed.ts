import { eq, sql } from 'drizzle-orm';
import type { DossierInput } from '$lib/schemas/campaigns';
import {
	confirmEmail,
	deleteUserSessions,
	loadActor,
	mintAccountLink,
	setPasswordFromLink
} from '../auth';
import type { Ctx } from '../context';
import {
	createCampaign,
	getManagedCampaign,
	publishCampaign,
	addCategory,
	setPhases
} from '../campaigns';
import { createDraft, screenDossier, submitDossier, withdrawDossier } from '../nominations';
import { findUnitsByCodes } from '../units';
import { createUnit } from '../units';
import { createFirstAdministrator, createUser } from '../users';
import { addPollOption, addShortlistToPoll, createPoll } from '../voting';
import type { Db } from '../db/client';
import { seedDemoAwards } from './awards';
import { seedDemoContest } from './contest';
import { seedDemoJudgedCampaign, seedDemoPanel } from './judging';
import { seedDemoLiveGame } from './live';
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
	['XD-PHUMINH', 'Đoàn xã Phù Linh', 'grassroots', 720, 'HD-SOCSON'],
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
	const campaignId = await seedDemoCampaign(db, ctx);
	await seedDemoPanel(await actorCtx(db, 'tochuc@guongsang.vn', now), campaignId);
	// This season's model campaign has been judged; its shortlist is what the public votes on.
	const judgedId = await seedDemoJudgedCampaign(
		{
			as: (email, at) => actorCtx(db, email, at),
			unitId: async (code) => unitIds.get(code)!,
			person
		},
		now
	);
	await seedDemoPoll(ctx, unitIds.get('TDGS')!, judgedId);
	await seedDemoAwards(await actorCtx(db, 'tochuc@guongsang.vn', now), judgedId);
	// The province's organizer keeps the bank and runs the demo contest.
	const organizer = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, 'tochuc@guongsang.vn'));
	const organizerCtx = { db, actor: await loadActor(db, organizer[0]!.id), now };
	await seedDemoContest(organizerCtx, unitIds.get('TDGS')!);
	await seedDemoLiveGame(organizerCtx, unitIds.get('TDGS')!);
	return true;
}

const DAY = 86_400_000;

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

const person = (
	fullName: string,
	gender: 'male' | 'female',
	birthYear: number,
	position: string,
	workplace: string
) => ({
	nominee: {
		kind: 'individual' as const,
		fullName,
		gender,
		birthYear,
		ethnicity: 'Kinh',
		position,
		workplace
	},
	summary: `${fullName} là tấm gương tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.`,
	narrative:
		'Luôn gương mẫu, tận tuỵ với công việc; tích cực tham gia các hoạt động tình nguyện vì cộng đồng.\nĐược đồng nghiệp và nhân dân tin yêu.',
	achievements: [
		{ date: '2024-03-26', text: 'Giấy khen của Ban Chấp hành Huyện đoàn' },
		{ date: '2025-05-19', text: 'Hoàn thành xuất sắc nhiệm vụ năm 2025' }
	]
});

const collective = (name: string, memberCount: number, head: string) => ({
	nominee: { kind: 'collective' as const, name, memberCount, head },
	summary: `${name} có nhiều mô hình hay, cách làm sáng tạo.`,
	narrative: 'Tổ chức hiệu quả các phong trào thi đua, công trình thanh niên.',
	achievements: [{ date: '2025-12-20', text: 'Tập thể lao động xuất sắc' }]
});

/** A published campaign whose dossiers stand in every status, climbing the demo tree. */
async function seedDemoCampaign(db: Db, admin: Ctx) {
	const now = admin.now;
	const province = await actorCtx(db, 'tochuc@guongsang.vn', now);
	const district = await actorCtx(db, 'huyendoan@guongsang.vn', now);
	const xuanNon = await actorCtx(db, 'canbo@guongsang.vn', now);
	const block = await actorCtx(db, 'canbokhoi@guongsang.vn', now);
	const uyNo = await actorCtx(db, 'canbouyno@guongsang.vn', now);
	const unitId = async (code: string) => (await findUnitsByCodes(db, [code]))[0]!.id;

	const campaignId = await createCampaign(province, {
		organizingUnitId: await unitId('TDGS'),
		title:
			'Tôn vinh điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026',
		description:
			'Đợt tôn vinh những cá nhân, tập thể và tác phẩm tiêu biểu trong toàn tỉnh.\nMỗi đơn vị đề cử trong chỉ tiêu của từng hạng mục; hồ sơ được thẩm định qua từng cấp.',
		year: 2026
	});
	await addCategory(province, {
		campaignId,
		kind: 'individual',
		name: 'Cá nhân tiêu biểu',
		field: undefined,
		quotaPerUnit: 3
	});
	await addCategory(province, {
		campaignId,
		kind: 'collective',
		name: 'Tập thể tiêu biểu',
		field: undefined,
		quotaPerUnit: 2
	});
	await addCategory(province, {
		campaignId,
		kind: 'work',
		name: 'Tác phẩm tuyên truyền',
		field: 'Báo chí',
		quotaPerUnit: 1
	});
	const at = (days: number) => new Date(now.getTime() + days * DAY);
	await setPhases(province, {
		campaignId,
		phases: [
			{ kind: 'nomination', startsAt: at(-7), endsAt: at(30) },
			{ kind: 'screening', startsAt: at(30), endsAt: at(45) },
			{ kind: 'judging', startsAt: at(45), endsAt: at(60) },
			{ kind: 'voting', startsAt: at(60), endsAt: at(70) },
			{ kind: 'results', startsAt: at(75), endsAt: at(90) }
		]
	});
	await publishCampaign(province, { campaignId });
	const categories = (await getManagedCampaign(province, campaignId)).categories;
	const category = (kind: string) => categories.find((c) => c.kind === kind)!.id;
	const draft = async (ctx: Ctx, code: string, kind: string, input: DossierInput) =>
		createDraft(ctx, {
			campaignId,
			categoryId: category(kind),
			unitId: await unitId(code),
			dossier: input
		});

	// Draft, and a withdrawn one, at the commune of the demo officer.
	await draft(
		xuanNon,
		'XD-XUANNON',
		'individual',
		person('Trần Thị Bình', 'female', 1998, 'Phó Bí thư Đoàn xã', 'Đoàn xã Xuân Nộn')
	);
	const withdrawn = await draft(
		xuanNon,
		'XD-XUANNON',
		'individual',
		person('Hoàng Văn Em', 'male', 1996, 'Đoàn viên', 'Thôn Đường Nhạn')
	);
	await submitDossier(xuanNon, { id: withdrawn });
	await withdrawDossier(xuanNon, { id: withdrawn });
	// Waiting at the district; forwarded to the province; forwarded then not accepted.
	const waiting = await draft(
		uyNo,
		'XD-UYNO',
		'individual',
		person('Lê Văn Cường', 'male', 1994, 'Bí thư chi đoàn', 'Thôn Uy Nỗ')
	);
	await submitDossier(uyNo, { id: waiting });
	const forwarded = await draft(
		uyNo,
		'XD-UYNO',
		'collective',
		collective('Chi đoàn thôn Đông', 38, 'Nguyễn Thị Thu')
	);
	await submitDossier(uyNo, { id: forwarded });
	await screenDossier(district, forwarded, 'forward', null);
	const rejected = await draft(
		uyNo,
		'XD-UYNO',
		'individual',
		person('Ngô Thị Giang', 'female', 2000, 'Đoàn viên', 'Thôn Đông')
	);
	await submitDossier(uyNo, { id: rejected });
	await screenDossier(district, rejected, 'forward', null);
	await screenDossier(province, rejected, 'reject', 'Thành tích chưa đủ tiêu chuẩn cấp tỉnh.');
	// Straight to the province from the block: returned, and accepted.
	const returned = await draft(
		block,
		'DK-CQT',
		'individual',
		person('Phạm Thị Dung', 'female', 1992, 'Bí thư Đoàn cơ sở', 'Sở Tư pháp')
	);
	await submitDossier(block, { id: returned });
	await screenDossier(province, returned, 'return', 'Bổ sung minh chứng các thành tích năm 2025.');
	for (const [name, gender, year, position, workplace] of [
		['Vũ Minh Hải', 'male', 1990, 'Bác sĩ', 'Bệnh viện Đa khoa tỉnh'],
		['Đặng Thu Hà', 'female', 1993, 'Giáo viên', 'Trường THPT chuyên tỉnh']
	] as const) {
		const id = await draft(
			block,
			'DK-CQT',
			'individual',
			person(name, gender, year, position, workplace)
		);
		await submitDossier(block, { id });
		await screenDossier(province, id, 'accept', null);
	}
	const acceptedGroup = await draft(
		block,
		'DK-CQT',
		'collective',
		collective('Đoàn Thanh niên Sở Giáo dục và Đào tạo', 420, 'Lê Thị Lan')
	);
	await submitDossier(block, { id: acceptedGroup });
	await screenDossier(province, acceptedGroup, 'accept', null);
	const work = await draft(block, 'DK-CQT', 'work', {
		nominee: {
			kind: 'work',
			title: 'Phóng sự “Sáng mãi tên Người”',
			authors: 'Nhóm phóng viên Đài Phát thanh tỉnh',
			publishedIn: 'Đài Phát thanh và Truyền hình tỉnh',
			publishedOn: '2025-05-19'
		},
		summary: 'Phóng sự về những người trẻ làm theo lời Bác.',
		narrative: '',
		achievements: []
	});
	await submitDossier(block, { id: work });
	await screenDossier(province, work, 'accept', null);
	return campaignId;
}

/**
 * Open polls for the demo, created (with their options) before they opened, as in real use: the
 * public vote on the judged campaign's shortlist, and a department's opinion poll.
 */
async function seedDemoPoll(ctx: Ctx, unitId: number, campaignId: number) {
	const opensAt = new Date(ctx.now.getTime() - 24 * 3600_000);
	const before: Ctx = { ...ctx, now: new Date(opensAt.getTime() - 3600_000) };
	const pollId = await createPoll(before, {
		title: 'Bình chọn Gương sáng tuổi trẻ năm 2026',
		description:
			'Mỗi ngày, bạn được chọn 1 gương mặt tiêu biểu. Kết quả bình chọn chiếm 30% số điểm xét chọn.',
		unitId,
		opensAt,
		closesAt: new Date(ctx.now.getTime() + 30 * 24 * 3600_000),
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
		description: 'Chọn tối đa 2 hoạt động. Kết quả dùng để xây dựng kế hoạch năm 2027.',
		unitId,
		opensAt,
		closesAt: new Date(ctx.now.getTime() + 30 * 24 * 3600_000),
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
