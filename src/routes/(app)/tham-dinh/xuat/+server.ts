import { error } from '@sveltejs/kit';
import { id } from '$lib/schemas/common';
import { downloadExport } from '$lib/server/http';
import { exportScreeningSheet } from '$lib/server/nominations';
import type { RequestHandler } from './$types';

const campaignSchema = id('đợt');

/** The dossiers of a campaign (?dot=) that the reader can see, as a list to download. */
export const GET: RequestHandler = (event) => {
	const campaign = campaignSchema.safeParse(event.url.searchParams.get('dot'));
	if (!campaign.success) error(400, campaign.error.issues[0]!.message);
	return downloadExport(event, (ctx) => exportScreeningSheet(ctx, campaign.data));
};
