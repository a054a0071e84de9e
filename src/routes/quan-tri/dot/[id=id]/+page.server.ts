import { z } from 'zod';
import { campaignSchema, categorySchema, phasesSchema } from '$lib/schemas/campaigns';
import { id } from '$lib/schemas/common';
import { parseForm } from '$lib/schemas/form';
import {
	getManagedCampaign,
	publishCampaign,
	removeCategory,
	saveCategory,
	setPhases,
	updateCampaign
} from '$lib/server/campaigns';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [campaign, units] = await orErrorPage(
		Promise.all([getManagedCampaign(ctx, Number(event.params.id)), listUnits(ctx)])
	);
	return { campaign, units };
};

const campaignId = (params: { id: string }) => Number(params.id);
const categoryIdSchema = z.object({ categoryId: id('hạng mục') });

export const actions = adminActions<Actions>({
	update: async (event) => {
		const parsed = parseForm(campaignSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await updateCampaign(ctxOf(event), campaignId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu thông tin đợt.' };
	},
	saveCategory: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(categorySchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const existing = categoryIdSchema.safeParse({ categoryId: form.get('categoryId') });
		try {
			await saveCategory(
				ctxOf(event),
				campaignId(event.params),
				existing.success ? existing.data.categoryId : null,
				parsed.data
			);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: existing.success ? 'Đã lưu hạng mục.' : 'Đã thêm hạng mục.' };
	},
	removeCategory: async (event) => {
		const parsed = parseForm(categoryIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await removeCategory(ctxOf(event), campaignId(event.params), parsed.data.categoryId);
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã xoá hạng mục.' };
	},
	phases: async (event) => {
		const parsed = parseForm(phasesSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await setPhases(ctxOf(event), campaignId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu lịch các giai đoạn.' };
	},
	publish: async (event) => {
		try {
			await publishCampaign(ctxOf(event), campaignId(event.params));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã công bố đợt. Các đơn vị trong phạm vi có thể bắt đầu đề cử.' };
	}
});
