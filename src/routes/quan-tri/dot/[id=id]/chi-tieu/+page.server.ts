import { formAction } from '$lib/server/adapters';
import * as campaigns from '$lib/server/campaigns';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) =>
	orErrorPage(campaigns.getUnitQuotas(ctxOf(event), Number(event.params.id)));

const withCampaign = (fields: Record<string, unknown>, event: RequestEvent) => ({
	...fields,
	campaignId: event.params.id
});

export const actions = adminActions<Actions>({
	save: formAction(campaigns.setUnitQuotas, {
		input: withCampaign,
		done: ({ changed }) => ({
			success: changed ? `Đã lưu ${changed} ô chỉ tiêu.` : 'Không có ô nào thay đổi.'
		})
	}),
	import: formAction(campaigns.importUnitQuotas, {
		input: withCampaign,
		done: (report, _event, values) => ({ report, values })
	})
});
