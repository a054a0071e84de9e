import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import {
	fromCampaignSchema,
	fromLiveGameSchema,
	fromRoundSchema,
	manualDecisionSchema
} from '$lib/schemas/awards';
import { parseForm } from '$lib/schemas/form';
import {
	campaignCandidates,
	createDecisionFromCampaign,
	createDecisionFromLiveGame,
	createDecisionFromRound,
	createManualDecision,
	listAwardSources,
	previewDecisionFromCampaign,
	previewDecisionFromLiveGame,
	previewDecisionFromRound,
	previewManualDecision,
	type DecisionPreview
} from '$lib/server/awards';
import type { Ctx } from '$lib/server/context';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
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

/**
 * Two steps for every source: the first submission only previews (who, how many, which award)
 * and answers the confirmation step; the second, carrying the preview's digest, writes.
 */
async function previewThenIssue<S extends z.ZodType<{ confirmation?: string }>>(
	event: RequestEvent,
	name: string,
	schema: S,
	preview: (ctx: Ctx, input: z.output<S>) => Promise<DecisionPreview>,
	create: (ctx: Ctx, input: z.output<S>) => Promise<number>
) {
	const form = await event.request.formData();
	const parsed = parseForm(schema, form);
	const values = { ...parsed.values, form: name };
	// The submission as sent, repeated fields too: the confirmation step sends it back.
	const fields = [...form.entries()].flatMap(([key, value]) =>
		typeof value === 'string' && key !== 'confirmation' ? [[key, value] as const] : []
	);
	const picked = form.getAll('nominationIds').map(String);
	if (!parsed.ok) return invalidForm(parsed.errors, values, { picked });
	let id: number;
	try {
		if (!parsed.data.confirmation) {
			return { values, picked, fields, preview: await preview(ctxOf(event), parsed.data) };
		}
		id = await create(ctxOf(event), parsed.data);
	} catch (error) {
		return failWith(error, values, { picked });
	}
	redirect(303, `/quan-tri/khen-thuong/${id}`);
}

export const actions = adminActions<Actions>({
	campaign: (event) =>
		previewThenIssue(
			event,
			'campaign',
			fromCampaignSchema,
			(ctx, input) => previewDecisionFromCampaign(ctx, input),
			(ctx, input) => createDecisionFromCampaign(ctx, input)
		),
	round: (event) =>
		previewThenIssue(
			event,
			'round',
			fromRoundSchema,
			(ctx, input) => previewDecisionFromRound(ctx, input),
			(ctx, input) => createDecisionFromRound(ctx, input)
		),
	game: (event) =>
		previewThenIssue(
			event,
			'game',
			fromLiveGameSchema,
			(ctx, input) => previewDecisionFromLiveGame(ctx, input),
			(ctx, input) => createDecisionFromLiveGame(ctx, input)
		),
	manual: (event) =>
		previewThenIssue(
			event,
			'manual',
			manualDecisionSchema,
			(ctx, input) => previewManualDecision(ctx, input),
			(ctx, input) => createManualDecision(ctx, input)
		)
});
