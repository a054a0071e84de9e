import type { Ctx } from '../context';
import { addJudgeByEmail, openRound, saveCriterion, savePanelSettings } from '../judging/service';
import * as campaignRepo from '../campaigns/repo';

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
	const categories = await campaignRepo.listCategories(organizer.db, [campaignId]);
	await savePanelSettings(organizer, campaignId, {
		assignmentMode: 'k',
		judgesPerDossier: 2,
		revealAfterSubmit: true,
		normalize: false,
		spreadThreshold: 10
	});
	for (const [kind, name, description, maxScore, weight] of demoRubric) {
		const category = categories.find((c) => c.kind === kind)!;
		await saveCriterion(organizer, campaignId, null, {
			categoryId: category.id,
			name,
			description,
			maxScore,
			weight
		});
	}
	for (const email of demoJudges) await addJudgeByEmail(organizer, campaignId, email);
	await openRound(organizer, campaignId);
}
