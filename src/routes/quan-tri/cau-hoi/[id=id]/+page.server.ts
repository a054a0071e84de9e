import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
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

const saying = (success: string) => ({ input: fieldsAndParams, done: () => ({ success }) });

export const actions = adminActions<Actions>({
	update: formAction(updateQuestion, saying('Đã lưu câu hỏi. Câu hỏi cần được duyệt lại.')),
	approve: formAction(approveQuestion, saying('Đã duyệt câu hỏi.')),
	retire: formAction(retireQuestion, saying('Câu hỏi đã ngừng sử dụng.'))
});
