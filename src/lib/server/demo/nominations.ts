import type { DossierInput } from '$lib/schemas/campaigns';
import { quotaField } from '$lib/schemas/campaigns';
import {
	addCategory,
	setUnitQuotas,
	createCampaign,
	getManagedCampaign,
	publishCampaign,
	setPhases
} from '../campaigns';
import type { Ctx } from '../context';
import { createDraft, screenDossier, submitDossier, withdrawDossier } from '../nominations';
import { findUnitsByCodes } from '../units';

/** The context of a demo account at a given moment. */
export type As = (email: string, at: Date) => Promise<Ctx>;

export const DAY = 86_400_000;

/** The demo's year: the year of `now` in Vietnam, so the story stays current whenever it is seeded. */
export function demoYear(now: Date): number {
	return Number(
		new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now)
	);
}

export const person = (
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

export const collective = (name: string, memberCount: number, head: string) => ({
	nominee: { kind: 'collective' as const, name, memberCount, head },
	summary: `${name} có nhiều mô hình hay, cách làm sáng tạo.`,
	narrative: 'Tổ chức hiệu quả các phong trào thi đua, công trình thanh niên.',
	achievements: [{ date: '2025-12-20', text: 'Tập thể lao động xuất sắc' }]
});

/**
 * The campaign at the end of screening: nominations closed two weeks ago, its dossiers stand in
 * every status, climbing the demo tree; the province accepts the last ones while its panel has
 * already started (the round opens from `seedDemoPanel`, three days before judging formally does).
 */
export async function seedDemoCampaign(as: As, now: Date, year: number): Promise<number> {
	const at = (days: number) => new Date(now.getTime() + days * DAY);
	const province = await as('tochuc@guongsang.vn', at(-45));
	const district = await as('huyendoan@guongsang.vn', at(-14));
	const xuanNon = await as('canbo@guongsang.vn', at(-30));
	const block = await as('canbokhoi@guongsang.vn', at(-25));
	const uyNo = await as('canbouyno@guongsang.vn', at(-28));
	const db = province.db;
	const unitId = async (code: string) => (await findUnitsByCodes(db, [code]))[0]!.id;

	const campaignId = await createCampaign(province, {
		organizingUnitId: await unitId('TDGS'),
		title: `Tôn vinh điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm ${year}`,
		description:
			'Đợt tôn vinh những cá nhân, tập thể và tác phẩm tiêu biểu trong toàn tỉnh.\nMỗi đơn vị đề cử trong chỉ tiêu của từng hạng mục; hồ sơ được thẩm định qua từng cấp.',
		year
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
	await setPhases(province, {
		campaignId,
		phases: [
			{ kind: 'nomination', startsAt: at(-40), endsAt: at(-14) },
			{ kind: 'screening', startsAt: at(-14), endsAt: at(3) },
			{ kind: 'judging', startsAt: at(3), endsAt: at(25) },
			{ kind: 'voting', startsAt: at(27), endsAt: at(37) },
			{ kind: 'results', startsAt: at(40), endsAt: at(55) }
		]
	});
	await publishCampaign(province, { campaignId });
	const provinceScreens = await as('tochuc@guongsang.vn', at(-10));
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
	await screenDossier(
		provinceScreens,
		rejected,
		'reject',
		'Thành tích chưa đủ tiêu chuẩn cấp tỉnh.'
	);
	// Straight to the province from the block: returned, and accepted.
	const returned = await draft(
		block,
		'DK-CQT',
		'individual',
		person('Phạm Thị Dung', 'female', 1992, 'Bí thư Đoàn cơ sở', 'Sở Tư pháp')
	);
	await submitDossier(block, { id: returned });
	await screenDossier(
		provinceScreens,
		returned,
		'return',
		`Bổ sung minh chứng các thành tích năm ${year - 1}.`
	);
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
		await screenDossier(provinceScreens, id, 'accept', null);
	}
	const acceptedGroup = await draft(
		block,
		'DK-CQT',
		'collective',
		collective('Đoàn Thanh niên Sở Giáo dục và Đào tạo', 420, 'Lê Thị Lan')
	);
	await submitDossier(block, { id: acceptedGroup });
	await screenDossier(provinceScreens, acceptedGroup, 'accept', null);
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
	await screenDossier(provinceScreens, work, 'accept', null);
	return campaignId;
}

/**
 * Next year's campaign, open for nominations until a month from now: the demo officer has a draft
 * in progress and Uy Nỗ's first dossier waits at the district.
 */
export async function seedDemoOpenCampaign(as: As, now: Date, year: number): Promise<number> {
	const at = (days: number) => new Date(now.getTime() + days * DAY);
	const province = await as('tochuc@guongsang.vn', at(-6));
	const unitId = async (code: string) => (await findUnitsByCodes(province.db, [code]))[0]!.id;
	const campaignId = await createCampaign(province, {
		organizingUnitId: await unitId('TDGS'),
		title: `Giải thưởng “Thanh niên sống đẹp” năm ${year + 1}`,
		description:
			'Tôn vinh thanh niên có hành động đẹp, dũng cảm cứu người, giúp đỡ cộng đồng.\nCác đơn vị gửi hồ sơ đề cử trước hạn; hồ sơ được thẩm định qua từng cấp.',
		year: year + 1
	});
	await addCategory(province, {
		campaignId,
		kind: 'individual',
		name: 'Thanh niên sống đẹp',
		field: undefined,
		quotaPerUnit: 2
	});
	await setPhases(province, {
		campaignId,
		phases: [
			{ kind: 'nomination', startsAt: at(-5), endsAt: at(30) },
			{ kind: 'screening', startsAt: at(30), endsAt: at(45) },
			{ kind: 'judging', startsAt: at(45), endsAt: at(60) },
			{ kind: 'results', startsAt: at(65), endsAt: at(80) }
		]
	});
	await publishCampaign(province, { campaignId });
	const [category] = (await getManagedCampaign(province, campaignId)).categories;
	// Quotas by size: Đông Anh (the largest district) sends up to 4, the demo commune 1.
	const quota = async (code: string, places: number) => {
		const unit = await unitId(code);
		return {
			field: quotaField(category!.id, unit),
			categoryId: category!.id,
			unitId: unit,
			places
		};
	};
	await setUnitQuotas(province, {
		campaignId,
		cells: [await quota('HD-DONGANH', 4), await quota('XD-XUANNON', 1)]
	});
	const xuanNon = await as('canbo@guongsang.vn', at(-2));
	await createDraft(xuanNon, {
		campaignId,
		categoryId: category!.id,
		unitId: await unitId('XD-XUANNON'),
		dossier: person('Lý Văn Sơn', 'male', 2001, 'Đoàn viên', 'Thôn Đường Nhạn')
	});
	const uyNo = await as('canbouyno@guongsang.vn', at(-1));
	const waiting = await createDraft(uyNo, {
		campaignId,
		categoryId: category!.id,
		unitId: await unitId('XD-UYNO'),
		dossier: person('Trịnh Thị Nga', 'female', 2000, 'Y tá', 'Trạm Y tế xã Uy Nỗ')
	});
	await submitDossier(uyNo, { id: waiting });
	return campaignId;
}
