import type { DossierInput } from '$lib/schemas/campaigns';
import { scoreSheetSchema } from '$lib/schemas/judging';
import * as campaigns from '../campaigns';
import {
	createCampaign,
	getManagedCampaign,
	publishCampaign,
	addCategory,
	setPhases
} from '../campaigns';
import type { Ctx } from '../context';
import * as judging from '../judging';
import {
	addJudgeByEmail,
	closeRound,
	listMyQueue,
	openRound,
	addCriterion,
	savePanelSettings,
	saveScores
} from '../judging';
import { markShortlist } from '../voting';
import { addDossierFile, createDraft, screenDossier, submitDossier } from '../nominations';
import { demoPortrait } from './portrait';

export const demoJudges = [
	'giamkhao@guongsang.vn',
	'giamkhao2@guongsang.vn',
	'giamkhao3@guongsang.vn'
] as const;

// [category kind, criterion, description, max score, weight]: each category on a 100-point scale.
const demoRubric: ['individual' | 'collective' | 'work', string, string, number, number][] = [
	[
		'individual',
		'Phẩm chất chính trị, đạo đức, lối sống',
		'Gương mẫu, được tập thể tín nhiệm.',
		10,
		2
	],
	[
		'individual',
		'Thành tích nổi bật, có sức lan toả',
		'Thành tích cụ thể, có minh chứng, được cộng đồng ghi nhận.',
		10,
		5
	],
	['individual', 'Tính sáng tạo, hiệu quả, khả năng nhân rộng', '', 10, 3],
	['collective', 'Kết quả thực hiện nhiệm vụ', '', 50, 1],
	['collective', 'Mô hình, cách làm hay', '', 30, 1],
	['collective', 'Sức lan toả trong cộng đồng', '', 20, 1],
	['work', 'Nội dung tư tưởng', '', 40, 1],
	['work', 'Hình thức thể hiện', '', 30, 1],
	['work', 'Hiệu quả tuyên truyền', '', 30, 1]
];

/**
 * The demo campaign's panel: a rubric per category, three judges from units that did not
 * nominate, each dossier scored by two of them, and the round open so judges can start.
 */
export async function seedDemoPanel(organizer: Ctx, campaignId: number) {
	await savePanelSettings(organizer, {
		id: campaignId,
		assignmentMode: 'k',
		judgesPerDossier: 2,
		revealAfterSubmit: true,
		normalize: false,
		spreadThreshold: 10,
		juryWeight: 70
	});
	await addDemoRubric(organizer, campaignId);
	for (const email of demoJudges) await addJudgeByEmail(organizer, { id: campaignId, email });
	await openRound(organizer, { id: campaignId });
}

async function addDemoRubric(organizer: Ctx, campaignId: number) {
	const categories = await campaigns.listCategories(organizer.db, [campaignId]);
	for (const [kind, name, description, maxScore, weight] of demoRubric) {
		const category = categories.find((c) => c.kind === kind);
		if (!category) continue;
		await addCriterion(organizer, {
			id: campaignId,
			categoryId: category.id,
			name,
			description,
			maxScore,
			weight
		});
	}
}

const DAY = 86_400_000;

export interface DemoPeople {
	/** The context of a demo account at a given moment. */
	as: (email: string, at: Date) => Promise<Ctx>;
	unitId: (code: string) => Promise<number>;
	person: (
		fullName: string,
		gender: 'male' | 'female',
		birthYear: number,
		position: string,
		workplace: string
	) => DossierInput;
}

// [name, gender, born, position, workplace, nominating unit, sheets of judges 1..3 (null: conflict)]
type Sheet = [number, number, number] | null;
type Model = [string, 'male' | 'female', number, string, string, string, Sheet[]];
const judgedModels: Model[] = [
	[
		'Nguyễn Thị Hoa',
		'female',
		1995,
		'Giáo viên',
		'Trường Tiểu học Kim Chung',
		'DK-CQT',
		[
			[9, 9, 8],
			[9, 10, 9],
			[8, 9, 8]
		]
	],
	[
		'Trần Văn Minh',
		'male',
		1993,
		'Kỹ sư',
		'Hợp tác xã Nông nghiệp Uy Nỗ',
		'DK-CQT',
		[
			[8, 8, 9],
			[8, 9, 9],
			[9, 9, 9]
		]
	],
	[
		'Lê Thị Thu Trang',
		'female',
		1994,
		'Bác sĩ',
		'Bệnh viện Đa khoa tỉnh',
		'DK-CQT',
		[
			[9, 10, 9],
			[9, 9, 9],
			[9, 9, 8]
		]
	],
	[
		'Phạm Quốc Huy',
		'male',
		1997,
		'Công an viên',
		'Công an xã Xuân Nộn',
		'XD-XUANNON',
		[[8, 9, 8], null, [9, 9, 9]]
	],
	[
		'Ngô Thị Mai',
		'female',
		1999,
		'Bí thư chi đoàn',
		'Thôn Đường Nhạn',
		'XD-XUANNON',
		[[7, 8, 7], null, [8, 8, 7]]
	],
	['Đỗ Văn Tùng', 'male', 1996, 'Đoàn viên', 'Thôn Uy Nỗ', 'XD-UYNO', [[7, 7, 8], null, [7, 8, 8]]]
];
// Last year's models, honoured by the demo decision: other people, judged the same way.
const lastYearPeople: [string, 'male' | 'female', number, string, string, string][] = [
	[
		'Vương Thị Ngọc',
		'female',
		1992,
		'Giáo viên',
		'Trường THCS Uy Nỗ',
		'Mở lớp học tình thương cho con em công nhân.'
	],
	[
		'Tạ Quang Đức',
		'male',
		1991,
		'Kỹ sư cầu đường',
		'Ban Quản lý dự án tỉnh',
		'Dẫn đầu đội thanh niên tình nguyện làm 12 cây cầu nông thôn.'
	],
	[
		'Lục Thị Hằng',
		'female',
		1996,
		'Điều dưỡng',
		'Trung tâm Y tế huyện Đông Anh',
		'Vận động hơn 500 đơn vị máu mỗi năm cho bệnh viện tỉnh.'
	],
	[
		'Cao Văn Lộc',
		'male',
		1995,
		'Phó Công an xã',
		'Công an xã Xuân Nộn',
		'Lập mô hình “Camera an ninh” cùng thanh niên các thôn.'
	],
	[
		'Mạc Thị Yến',
		'female',
		1998,
		'Bí thư chi đoàn',
		'Thôn Đường Nhạn',
		'Đưa sản phẩm OCOP của thôn lên sàn thương mại điện tử.'
	],
	[
		'Kiều Văn Phúc',
		'male',
		1997,
		'Chủ trang trại',
		'Thôn Uy Nỗ',
		'Trang trại rau sạch tạo việc làm cho 20 thanh niên.'
	]
];
const lastYearModels: Model[] = judgedModels.map(([, , , , , unit, sheets], i) => {
	const [name, gender, born, position, workplace] = lastYearPeople[i]!;
	return [name, gender, born, position, workplace, unit, sheets];
});

// What each model is known for: the summary the public reads on the shortlist and the poll.
const stories: Record<string, string> = {
	...Object.fromEntries(lastYearPeople.map((p) => [p[0], p[5]])),
	'Nguyễn Thị Hoa': 'Năm năm dạy học miễn phí buổi tối cho trẻ em vùng khó khăn trong xã.',
	'Trần Văn Minh': 'Kỹ sư trẻ sáng chế máy sấy nông sản giá rẻ cho hợp tác xã.',
	'Lê Thị Thu Trang': 'Bác sĩ trẻ tình nguyện khám chữa bệnh cho đồng bào vùng cao.',
	'Phạm Quốc Huy': 'Công an viên cứu người trong lũ, hiến máu tình nguyện 20 lần.',
	'Ngô Thị Mai': 'Khởi xướng mô hình “Thư viện xanh” ở thôn, mượn sách miễn phí cho thiếu nhi.',
	'Đỗ Văn Tùng': 'Thanh niên khởi nghiệp nuôi ong, tạo việc làm cho 12 bạn trẻ trong thôn.'
};
const officerOf: Record<string, string> = {
	'DK-CQT': 'canbokhoi@guongsang.vn',
	'XD-XUANNON': 'canbo@guongsang.vn',
	'XD-UYNO': 'canbouyno@guongsang.vn'
};

/** A judged season: this year's (its shortlist now on the public vote) or last year's (awarded). */
export interface DemoSeason {
	title: string;
	year: number;
	description: string;
	/** Days (fractional) from now the season is shifted by: 0 for this year's, about -365 for last year's. */
	shift: number;
	/** This year's goes to a public vote; last year's was judged by the panel alone. */
	publicVote: boolean;
}

/** Days from the start of a season's results to "now" (its phases are placed relative to them). */
export const RESULTS_DAY = 25;

/**
 * This year's season around now, and last year's placed so that its results open on 10 December
 * of last year (09:00 in Vietnam): its decision and the honour roll then carry last year.
 */
export const demoSeasons = (
	year: number,
	now: Date
): Record<'current' | 'previous', DemoSeason> => ({
	current: {
		title: `Tuyên dương Gương sáng tuổi trẻ tiêu biểu năm ${year}`,
		year,
		description:
			'Tuyên dương những người trẻ tiêu biểu đã được các cấp bộ Đoàn phát hiện, bồi dưỡng và giới thiệu.\nHội đồng chấm đã hoàn thành; danh sách rút gọn được đưa ra bình chọn trực tuyến.',
		shift: 0,
		publicVote: true
	},
	previous: {
		title: `Tuyên dương Gương sáng tuổi trẻ tiêu biểu năm ${year - 1}`,
		year: year - 1,
		description:
			'Đợt tuyên dương năm trước: hội đồng đã chấm, Ban Thường vụ Tỉnh đoàn đã ban hành quyết định khen thưởng.',
		shift: (Date.UTC(year - 1, 11, 10, 2) - now.getTime()) / DAY - RESULTS_DAY,
		publicVote: false
	}
});

/**
 * A model campaign run through judging: dossiers nominated, forwarded and accepted in their
 * windows, scored by every judge free of conflicts (the district's judge is not given the
 * district's dossiers), the round closed and the top four on the shortlist. This year's season
 * is now in its public vote; last year's ended with its results. Returns the campaign id.
 */
export async function seedDemoJudgedCampaign(
	people: DemoPeople,
	now: Date,
	season: DemoSeason
): Promise<number> {
	const at = (days: number) => new Date(now.getTime() + (days + season.shift) * DAY);
	const models = season.shift === 0 ? judgedModels : lastYearModels;
	const organizer = (days: number) => people.as('tochuc@guongsang.vn', at(days));
	const campaignId = await createCampaign(await organizer(-62), {
		organizingUnitId: await people.unitId('TDGS'),
		title: season.title,
		description: season.description,
		year: season.year
	});
	await addCategory(await organizer(-62), {
		campaignId,
		kind: 'individual',
		name: 'Gương sáng tuổi trẻ',
		field: undefined,
		quotaPerUnit: 3
	});
	await setPhases(await organizer(-62), {
		campaignId,
		phases: [
			{ kind: 'nomination', startsAt: at(-60), endsAt: at(-45) },
			{ kind: 'screening', startsAt: at(-45), endsAt: at(-30) },
			{ kind: 'judging', startsAt: at(-30), endsAt: at(-10) },
			// The poll closes when voting ends, before the results are announced.
			...(season.publicVote ? [{ kind: 'voting' as const, startsAt: at(-2), endsAt: at(20) }] : []),
			{ kind: 'results', startsAt: at(RESULTS_DAY), endsAt: at(RESULTS_DAY + 10) }
		]
	});
	await publishCampaign(await organizer(-61), { campaignId });
	const categoryId = (await getManagedCampaign(await organizer(-61), campaignId)).categories[0]!.id;

	const dossiers: number[] = [];
	for (const [name, gender, born, position, workplace, unit] of models) {
		const officer = await people.as(officerOf[unit]!, at(-50));
		const id = await createDraft(officer, {
			campaignId,
			categoryId,
			unitId: await people.unitId(unit),
			dossier: {
				...people.person(name, gender, born, position, workplace),
				summary: stories[name]!
			}
		});
		await addDossierFile(officer, {
			id,
			role: 'photo',
			file: { name: 'chan-dung.png', bytes: demoPortrait(name, gender) }
		});
		await submitDossier(officer, { id });
		if (unit !== 'DK-CQT') {
			await screenDossier(await people.as('huyendoan@guongsang.vn', at(-44)), id, 'forward', null);
		}
		await screenDossier(await organizer(-40), id, 'accept', null);
		dossiers.push(id);
	}

	await savePanelSettings(await organizer(-30), {
		id: campaignId,
		assignmentMode: 'all',
		judgesPerDossier: undefined,
		revealAfterSubmit: false,
		normalize: true,
		spreadThreshold: 10,
		juryWeight: season.publicVote ? 70 : 100
	});
	await addDemoRubric(await organizer(-30), campaignId);
	for (const email of demoJudges)
		await addJudgeByEmail(await organizer(-30), { id: campaignId, email });
	await openRound(await organizer(-29), { id: campaignId });
	for (const [j, email] of demoJudges.entries()) {
		const judge = await people.as(email, at(-20));
		const queue = (await listMyQueue(judge)).find((c) => c.id === campaignId)!;
		for (const [name, , , , , , sheets] of models) {
			const sheet = sheets[j];
			const assignment = queue.items.find((i) => i.nomineeName === name);
			if (!sheet || !assignment) continue;
			const criteria = await scoreFields(judge, campaignId, categoryId);
			const raw: Record<string, string> = { intent: 'submit' };
			criteria.forEach((criterionId, i) => (raw[`score_${criterionId}`] = String(sheet[i])));
			await saveScores(judge, { id: assignment.id, ...scoreSheetSchema.parse(raw) });
		}
	}
	await closeRound(await organizer(-10), { id: campaignId });
	await markShortlist(await organizer(-10), { id: campaignId, rule: 'top', count: 4 });
	return campaignId;
}

async function scoreFields(ctx: Ctx, campaignId: number, categoryId: number) {
	const panel = await judging.findPanelByCampaign(ctx.db, campaignId);
	const criteria = await judging.listCriteria(ctx.db, panel!.id);
	return criteria.filter((c) => c.categoryId === categoryId).map((c) => c.id);
}
