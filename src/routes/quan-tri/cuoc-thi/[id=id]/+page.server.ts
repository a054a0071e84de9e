import {
	addRound,
	copyContest,
	getContestForOrganizer,
	openRound,
	publishContest,
	publishWinners,
	updateContest,
	voidPlayer
} from '$lib/server/contests';
import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const view = await orErrorPage(getContestForOrganizer(ctxOf(event), Number(event.params.id)));
	return { ...view, copied: event.url.searchParams.has('da-sao-chep') };
};

/** The form's fields with the contest of the page as `contestId`. */
const ofContest = (fields: Record<string, unknown>, event: RequestEvent) => ({
	...fields,
	contestId: event.params.id
});

export const actions = adminActions<Actions>({
	update: formAction(updateContest, {
		input: fieldsAndParams,
		done: () => ({ success: 'Đã lưu thông tin cuộc thi.' })
	}),
	addRound: formAction(addRound, {
		input: ofContest,
		done: () => ({ success: 'Đã thêm tuần thi. Hãy mở tuần thi để khoá bộ câu hỏi.' })
	}),
	open: formAction(openRound, {
		done: ({ poolSize }) => ({
			success: `Đã mở tuần thi với bộ ${poolSize} câu hỏi (đã khoá).`
		})
	}),
	publish: formAction(publishWinners, {
		done: (winners) => ({ success: `Đã công bố ${winners.length} giải.` })
	}),
	copy: formAction(copyContest, {
		input: ofContest,
		done: (copy) => redirect(303, `/quan-tri/cuoc-thi/${copy.id}?da-sao-chep=1`)
	}),
	publishContest: formAction(publishContest, {
		input: ofContest,
		done: () => ({
			success: 'Đã công bố cuộc thi. Hãy mở từng tuần thi khi đến lúc.'
		})
	}),
	void: formAction(voidPlayer, {
		input: ofContest,
		done: () => ({ success: 'Đã huỷ kết quả của người dự thi.' })
	})
});
