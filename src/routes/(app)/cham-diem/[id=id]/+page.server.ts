import { scoreSheetSchema } from '$lib/schemas/judging';
import { parseForm } from '$lib/schemas/form';
import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { declareConflict, getScoringSheet, saveScores } from '$lib/server/judging';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getScoringSheet(ctxOf(event), Number(event.params.id)));
};

export const actions: Actions = {
	// Not a plain formAction: the sheet's "intent" button chooses the use case (a draft saved or
	// the sheet submitted), each audited as its own action.
	score: async (event) => {
		const parsed = parseForm(scoreSheetSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await saveScores(ctxOf(event), { id: Number(event.params.id), ...parsed.data });
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
	conflict: formAction(declareConflict, {
		input: fieldsAndParams,
		done: ({ replacementName }) => ({
			success: replacementName
				? `Đã ghi nhận xung đột lợi ích. Hồ sơ được chuyển cho giám khảo ${replacementName}.`
				: 'Đã ghi nhận xung đột lợi ích. Không còn giám khảo nào khác để thay; ban tổ chức đã được báo.'
		})
	})
};
