import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { parseForm } from '$lib/schemas/form';
import { approveManySchema, questionSchema, questionSearchSchema } from '$lib/schemas/questions';
import { DomainError } from '$lib/server/errors';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
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

const createSchema = z.object({ unitId: id('đơn vị sở hữu') }).and(questionSchema);

export const actions = adminActions<Actions>({
	create: async (event) => {
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let questionId: number;
		try {
			const { unitId, ...input } = parsed.data;
			questionId = (await createQuestion(ctxOf(event), unitId, input)).id;
		} catch (error) {
			return failWith(error, parsed.values);
		}
		redirect(303, `/quan-tri/cau-hoi/${questionId}?da-tao=1`);
	},
	duyet: async (event) => {
		const parsed = parseForm(approveManySchema, await event.request.formData());
		if (!parsed.ok)
			return fail(400, { approveError: parsed.errors.ids?.join(' ') ?? 'Vui lòng chọn câu hỏi.' });
		try {
			return { approval: await approveQuestions(ctxOf(event), parsed.data.ids) };
		} catch (error) {
			if (error instanceof DomainError) return fail(error.status, { approveError: error.message });
			throw error;
		}
	}
});
