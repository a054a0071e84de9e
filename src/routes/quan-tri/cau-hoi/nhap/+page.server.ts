import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { importQuestions } from '$lib/server/questions';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return { units: await orErrorPage(listUnits(ctxOf(event))) };
};

export const actions = adminActions<Actions>({
	default: formAction(importQuestions, { done: (report, _event, values) => ({ report, values }) })
});
