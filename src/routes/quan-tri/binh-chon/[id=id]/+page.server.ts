import { parseForm } from '$lib/schemas/form';
import { id } from '$lib/schemas/common';
import {
	pollOptionSchema,
	pollRulesSchema,
	voidAddressSchema,
	voidBallotSchema
} from '$lib/schemas/voting';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listShortlistedCampaigns } from '$lib/server/judging';
import { listUnits } from '$lib/server/units';
import {
	addPollOption,
	addShortlistToPoll,
	getManagedPoll,
	removePollOption,
	updatePollRules,
	voidVotes
} from '$lib/server/voting';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [view, units, shortlisted] = await orErrorPage(
		Promise.all([
			getManagedPoll(ctx, Number(event.params.id)),
			listUnits(ctx),
			listShortlistedCampaigns(ctx)
		])
	);
	return { ...view, units, shortlisted, created: event.url.searchParams.get('da-tao') === '1' };
};

const optionIdSchema = z.object({ optionId: id('phương án') });
const campaignIdSchema = z.object({ campaignId: id('đợt tôn vinh') });

export const actions = adminActions<Actions>({
	update: async (event) => {
		const parsed = parseForm(pollRulesSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await updatePollRules(ctxOf(event), Number(event.params.id), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu thể lệ.' };
	},
	addOption: async (event) => {
		const parsed = parseForm(pollOptionSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await addPollOption(ctxOf(event), Number(event.params.id), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã thêm phương án.' };
	},
	addShortlist: async (event) => {
		const parsed = parseForm(campaignIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const added = await addShortlistToPoll(
				ctxOf(event),
				Number(event.params.id),
				parsed.data.campaignId
			);
			return {
				success: added
					? `Đã thêm ${added} gương mặt trong danh sách rút gọn.`
					: 'Danh sách rút gọn đã có đủ trong các phương án.'
			};
		} catch (error) {
			return failWith(error, parsed.values);
		}
	},
	removeOption: async (event) => {
		const parsed = parseForm(optionIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await removePollOption(ctxOf(event), Number(event.params.id), parsed.data.optionId);
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã xoá phương án.' };
	},
	voidBallot: async (event) => {
		const parsed = parseForm(voidBallotSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const n = await voidVotes(
				ctxOf(event),
				Number(event.params.id),
				{ trackingCode: parsed.data.trackingCode },
				parsed.data.reason
			);
			return { success: `Đã huỷ ${n} phiếu.` };
		} catch (error) {
			return failWith(error, parsed.values);
		}
	},
	voidAddress: async (event) => {
		const parsed = parseForm(voidAddressSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const n = await voidVotes(
				ctxOf(event),
				Number(event.params.id),
				{ addressHash: parsed.data.addressHash },
				parsed.data.reason
			);
			return { success: `Đã huỷ ${n} phiếu từ địa chỉ này.` };
		} catch (error) {
			return failWith(error, parsed.values);
		}
	}
});
