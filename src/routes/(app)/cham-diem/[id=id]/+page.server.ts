import { scoreSheetSchema } from '$lib/schemas/judging';
import { formRecord, parseForm } from '$lib/schemas/form';
import { askFirst, fieldsAndParams, formAction, takeConfirmed } from '$lib/server/adapters';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { declareConflict, getScoringSheet, saveScores, submitScores } from '$lib/server/judging';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getScoringSheet(ctxOf(event), Number(event.params.id)));
};

export const actions: Actions = {
	// Not a plain formAction: the sheet's "intent" button chooses the use case (a draft saved or
	// the sheet submitted), each audited as its own action.
	score: async (event) => {
		const form = await event.request.formData();
		const fields = formRecord(form);
		const confirmed = takeConfirmed(fields.raw);
		const parsed = parseForm(scoreSheetSchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const ctx = ctxOf(event);
		const { intent, ...sheet } = { id: Number(event.params.id), ...parsed.data };
		try {
			// Submitting is final: the judge confirms the total first (a draft needs no step).
			if (intent === 'submit' && !confirmed) {
				const asked = await askFirst(submitScores, ctx, sheet, event, fields);
				if (asked) return asked;
			}
			await saveScores(ctx, { intent, ...sheet });
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
