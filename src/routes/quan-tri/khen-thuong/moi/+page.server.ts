import { redirect } from '@sveltejs/kit';
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
	listAwardSources
} from '$lib/server/awards/service';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units/service';
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

async function create(
	event: Parameters<Actions[string]>[0],
	work: (form: FormData) => Promise<{ id?: number; failure?: unknown }>
) {
	const result = await work(await event.request.formData());
	if (result.failure) return result.failure;
	redirect(303, `/quan-tri/khen-thuong/${result.id}`);
}

export const actions = adminActions<Actions>({
	campaign: (event) =>
		create(event, async (form) => {
			const parsed = parseForm(fromCampaignSchema, form);
			if (!parsed.ok) return { failure: invalidForm(parsed.errors, parsed.values) };
			try {
				return { id: await createDecisionFromCampaign(ctxOf(event), parsed.data) };
			} catch (error) {
				return { failure: failWith(error, parsed.values) };
			}
		}),
	round: (event) =>
		create(event, async (form) => {
			const parsed = parseForm(fromRoundSchema, form);
			if (!parsed.ok) return { failure: invalidForm(parsed.errors, parsed.values) };
			try {
				return { id: await createDecisionFromRound(ctxOf(event), parsed.data) };
			} catch (error) {
				return { failure: failWith(error, parsed.values) };
			}
		}),
	game: (event) =>
		create(event, async (form) => {
			const parsed = parseForm(fromLiveGameSchema, form);
			if (!parsed.ok) return { failure: invalidForm(parsed.errors, parsed.values) };
			try {
				return { id: await createDecisionFromLiveGame(ctxOf(event), parsed.data) };
			} catch (error) {
				return { failure: failWith(error, parsed.values) };
			}
		}),
	manual: (event) =>
		create(event, async (form) => {
			const parsed = parseForm(manualDecisionSchema, form);
			if (!parsed.ok) return { failure: invalidForm(parsed.errors, parsed.values) };
			try {
				return { id: await createManualDecision(ctxOf(event), parsed.data) };
			} catch (error) {
				return { failure: failWith(error, parsed.values) };
			}
		})
});
