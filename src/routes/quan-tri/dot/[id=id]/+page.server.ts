import { id } from '$lib/schemas/common';
import { fieldsAndParams, formAction } from '$lib/server/adapters';
import * as campaigns from '$lib/server/campaigns';
import { embedSnippet } from '$lib/server/embeds';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { copyCampaign } from '$lib/server/judging';
import { campaignArchiveReadiness } from '$lib/server/reports';
import { listUnits } from '$lib/server/units';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const id = Number(event.params.id);
	const [campaign, units, archive] = await orErrorPage(
		Promise.all([
			campaigns.getManagedCampaign(ctx, id),
			listUnits(ctx),
			campaignArchiveReadiness(ctx, id)
		])
	);
	return {
		campaign,
		units,
		archive,
		embed: embedSnippet(
			event.url.origin,
			{ kind: 'campaign', id: campaign.id },
			`Danh sách đề cử: ${campaign.title}`
		),
		copied: event.url.searchParams.has('da-sao-chep')
	};
};

const ofCampaign = (success: string) => ({
	input: (fields: Record<string, unknown>, event: RequestEvent) => ({
		...fields,
		campaignId: event.params.id
	}),
	done: () => ({ success })
});

const categoryId = id('hạng mục');

export const actions = adminActions<Actions>({
	update: formAction(campaigns.updateCampaign, {
		input: fieldsAndParams,
		done: () => ({ success: 'Đã lưu thông tin đợt.' })
	}),
	// The page's category forms all post here; an existing category carries its id.
	saveCategory: async (event) => {
		const form = await event.request
			.clone()
			.formData()
			.catch(() => null);
		const existing = categoryId.safeParse(form?.get('categoryId')).success;
		return existing
			? formAction(campaigns.updateCategory, ofCampaign('Đã lưu hạng mục.'))(event)
			: formAction(campaigns.addCategory, ofCampaign('Đã thêm hạng mục.'))(event);
	},
	removeCategory: formAction(campaigns.removeCategory, ofCampaign('Đã xoá hạng mục.')),
	phases: formAction(campaigns.setPhases, ofCampaign('Đã lưu lịch các giai đoạn.')),
	copy: formAction(copyCampaign, {
		input: (fields, event: RequestEvent) => ({ ...fields, campaignId: event.params.id }),
		done: (copy) => redirect(303, `/quan-tri/dot/${copy.id}?da-sao-chep=1`)
	}),
	publish: formAction(
		campaigns.publishCampaign,
		ofCampaign('Đã công bố đợt. Các đơn vị trong phạm vi có thể bắt đầu đề cử.')
	)
});
