import { redirect, type RequestEvent } from '@sveltejs/kit';
import { formAction, submittedFields, type FormAdapter } from '$lib/server/adapters';
import { campaignCandidates, createDecision, listAwardSources } from '$lib/server/awards';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const campaignId = Number(event.url.searchParams.get('dot')) || null;
	const [sources, units, fromCampaign] = await orErrorPage(
		Promise.all([
			listAwardSources(ctx),
			listUnits(ctx),
			campaignId ? campaignCandidates(ctx, campaignId) : Promise.resolve(null)
		])
	);
	return {
		sources,
		units: units.filter((u) => !u.archivedAt),
		fromCampaign,
		today: new Date().toISOString().slice(0, 10)
	};
};

const pickedOf = (raw: Record<string, unknown>) => [raw.nominationIds ?? []].flat().map(String);

/**
 * Two steps for every source: the first submission only previews (who, how many, which award)
 * and answers the confirmation step; the second, carrying the preview's digest, writes.
 */
const previewThenIssue = (from: 'campaign' | 'round' | 'game' | 'manual') =>
	({
		input: (fields) => ({
			...fields,
			from,
			step: String(fields.confirmation ?? '').trim() ? 'issue' : 'preview'
		}),
		done: (result, _event, values, raw) => {
			if (result.id) redirect(303, `/quan-tri/khen-thuong/${result.id}`);
			return {
				values: { ...values, form: from },
				picked: pickedOf(raw),
				fields: submittedFields(raw, ['confirmation']),
				preview: result.preview!
			};
		},
		failure: (_event: unknown, raw: Record<string, unknown>) => ({ picked: pickedOf(raw) })
	}) satisfies FormAdapter<Awaited<ReturnType<typeof createDecision>>, RequestEvent>;

export const actions = adminActions<Actions>({
	campaign: formAction(createDecision, previewThenIssue('campaign')),
	round: formAction(createDecision, previewThenIssue('round')),
	game: formAction(createDecision, previewThenIssue('game')),
	manual: formAction(createDecision, previewThenIssue('manual'))
});
