import {
	correctDecisionSchema,
	correctRecipientSchema,
	recipientSchema,
	revokeSchema
} from '$lib/schemas/awards';
import { id } from '$lib/schemas/common';
import { parseForm } from '$lib/schemas/form';
import {
	addRecipient,
	correctDecision,
	correctRecipient,
	getDecision,
	revokeRecipient
} from '$lib/server/awards';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [detail, units] = await orErrorPage(
		Promise.all([getDecision(ctx, Number(event.params.id)), listUnits(ctx)])
	);
	return {
		...detail,
		units: units.filter((u) => !u.archivedAt && u.path.startsWith(detail.decision.unitPath))
	};
};

const target = z.object({ recipientId: id('người được khen') });

export const actions = adminActions<Actions>({
	correctDecision: async (event) => {
		const parsed = parseForm(correctDecisionSchema, await event.request.formData());
		const values = { ...parsed.values, form: 'decision' };
		if (!parsed.ok) return invalidForm(parsed.errors, values);
		try {
			await correctDecision(ctxOf(event), Number(event.params.id), parsed.data);
			return { success: 'Đã đính chính quyết định. Thông tin cũ được giữ trong lịch sử.' };
		} catch (error) {
			return failWith(error, values);
		}
	},
	add: async (event) => {
		const parsed = parseForm(recipientSchema, await event.request.formData());
		const values = { ...parsed.values, form: 'add' };
		if (!parsed.ok) return invalidForm(parsed.errors, values);
		try {
			await addRecipient(ctxOf(event), Number(event.params.id), parsed.data);
			return { success: `Đã thêm ${parsed.data.name}.` };
		} catch (error) {
			return failWith(error, values);
		}
	},
	correct: async (event) => {
		const form = await event.request.formData();
		const who = target.safeParse({ recipientId: form.get('recipientId') });
		const parsed = parseForm(correctRecipientSchema, form);
		const values = { ...parsed.values, form: `r${parsed.values.recipientId ?? ''}` };
		if (!who.success) return invalidForm({ _form: ['Không rõ người cần sửa.'] }, values);
		if (!parsed.ok) return invalidForm(parsed.errors, values);
		try {
			await correctRecipient(ctxOf(event), who.data.recipientId, parsed.data);
			return { success: 'Đã đính chính. Thông tin cũ được giữ trong lịch sử.' };
		} catch (error) {
			return failWith(error, values);
		}
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const who = target.safeParse({ recipientId: form.get('recipientId') });
		const parsed = parseForm(revokeSchema, form);
		const values = { ...parsed.values, form: `v${parsed.values.recipientId ?? ''}` };
		if (!who.success) return invalidForm({ _form: ['Không rõ người cần thu hồi.'] }, values);
		if (!parsed.ok) return invalidForm(parsed.errors, values);
		try {
			await revokeRecipient(ctxOf(event), who.data.recipientId, parsed.data.reason);
			return { success: 'Đã thu hồi khen thưởng. Hồ sơ và lịch sử vẫn được lưu.' };
		} catch (error) {
			return failWith(error, values);
		}
	}
});
