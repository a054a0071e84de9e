import { parseForm } from '$lib/schemas/form';
import { questionSchema } from '$lib/schemas/questions';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import {
	approveQuestion,
	getQuestion,
	retireQuestion,
	updateQuestion
} from '$lib/server/questions';
import { questionFormValues } from '$lib/shared/question-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const question = await orErrorPage(getQuestion(ctxOf(event), Number(event.params.id)));
	return {
		question: {
			id: question.id,
			status: question.status,
			locked: question.lockedAt !== null,
			approvedAt: question.approvedAt
		},
		values: questionFormValues(question),
		created: event.url.searchParams.has('da-tao')
	};
};

const questionId = (params: { id: string }) => Number(params.id);

export const actions = adminActions<Actions>({
	update: async (event) => {
		const parsed = parseForm(questionSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await updateQuestion(ctxOf(event), questionId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu câu hỏi. Câu hỏi cần được duyệt lại.' };
	},
	approve: async (event) => {
		try {
			await approveQuestion(ctxOf(event), questionId(event.params));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã duyệt câu hỏi.' };
	},
	retire: async (event) => {
		try {
			await retireQuestion(ctxOf(event), questionId(event.params));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Câu hỏi đã ngừng sử dụng.' };
	}
});
