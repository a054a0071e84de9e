import { describe, expect, it } from 'vitest';
import { panelSettingsSchema, scoreSheetSchema, shortlistSchema } from './judging';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
	result.error?.issues.map((i) => i.message) ?? [];

describe('judging forms', () => {
	it('asks for the threshold instead of reading a blank as 0', () => {
		expect(messages(shortlistSchema.safeParse({ rule: 'threshold', minScore: '' }))).toEqual([
			'Vui lòng nhập ngưỡng điểm.'
		]);
		expect(shortlistSchema.parse({ rule: 'threshold', minScore: '75.5' })).toEqual({
			rule: 'threshold',
			minScore: 75.5
		});
		expect(messages(shortlistSchema.safeParse({ rule: 'top', count: '0' }))).toEqual([
			'Chọn ít nhất 1 hồ sơ mỗi hạng mục.'
		]);
	});

	it('needs k when each dossier gets k judges', () => {
		expect(
			messages(panelSettingsSchema.safeParse({ assignmentMode: 'k', judgesPerDossier: '' }))
		).toEqual(['Vui lòng nhập số giám khảo chấm mỗi hồ sơ.']);
		expect(
			messages(panelSettingsSchema.safeParse({ assignmentMode: 'all', juryWeight: '120' }))
		).toEqual(['Tỉ trọng phải từ 0 đến 100.']);
	});

	it('reads a sheet field by field, with a decimal comma, and names the bad field', () => {
		expect(
			scoreSheetSchema.parse({ score_3: '7,5', comment_3: ' Tốt ', intent: 'submit' })
		).toEqual({
			intent: 'submit',
			entries: [{ criterionId: 3, score: 7.5, comment: 'Tốt' }]
		});
		const bad = scoreSheetSchema.safeParse({ score_4: 'bảy', intent: 'save' });
		expect(bad.error?.issues[0]).toMatchObject({
			path: ['score_4'],
			message: 'Điểm phải là một số (tối đa 2 chữ số thập phân).'
		});
	});
});
