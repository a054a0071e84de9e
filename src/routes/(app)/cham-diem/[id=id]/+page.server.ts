import { conflictSchema, scoreSheetSchema } from '$lib/schemas/judging';
import { parseForm } from '$lib/schemas/form';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { declareConflict, getScoringSheet, saveScores } from '$lib/server/judging';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getScoringSheet(ctxOf(event), Number(event.params.id)));
};

export const actions: Actions = {
	score: async (event) => {
		const parsed = parseForm(scoreSheetSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await saveScores(ctxOf(event), Number(event.params.id), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return {
			success:
				parsed.data.intent === 'submit'
					? 'Đã nộp phiếu chấm. Điểm đã nộp không sửa được nữa.'
					: 'Đã lưu nháp phiếu chấm.'
		};
	},
	conflict: async (event) => {
		const parsed = parseForm(conflictSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let replacementName: string | null;
		try {
			({ replacementName } = await declareConflict(
				ctxOf(event),
				Number(event.params.id),
				parsed.data.reason
			));
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return {
			success: replacementName
				? `Đã ghi nhận xung đột lợi ích. Hồ sơ được chuyển cho giám khảo ${replacementName}.`
				: 'Đã ghi nhận xung đột lợi ích. Không còn giám khảo nào khác để thay; ban tổ chức đã được báo.'
		};
	}
};
