import { redirect } from '@sveltejs/kit';
import { questionSearchSchema } from '$lib/schemas/questions';
import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { approveQuestions, createQuestion, listQuestions } from '$lib/server/questions';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter = questionSearchSchema.safeParse(Object.fromEntries(event.url.searchParams));
	const f = filter.success ? filter.data : { q: '', topic: '', status: '' as const };
	const ctx = ctxOf(event);
	const [bank, units] = await orErrorPage(
		Promise.all([
			listQuestions(ctx, { search: f.q, topic: f.topic, status: f.status }),
			listUnits(ctx)
		])
	);
	// "Chọn tất cả" is a link, so selecting every listed question needs no JavaScript.
	return { ...bank, units, filter: f, selectAll: event.url.searchParams.get('chon') === 'tat-ca' };
};

export const actions = adminActions<Actions>({
	create: formAction(createQuestion, {
		done: (question) => redirect(303, `/quan-tri/cau-hoi/${question.id}?da-tao=1`)
	}),
	// The bulk form shows its refusal above the list, apart from the new-question form.
	duyet: formAction(approveQuestions, {
		done: (approval) => ({ approval }),
		failure: () => ({ approveFailed: true as const })
	})
});
