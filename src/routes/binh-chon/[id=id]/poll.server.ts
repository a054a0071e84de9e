// The poll page's load and its vote form's adapter, shared with its embeddable page
// (/nhung/binh-chon/[id]): one source for what a voter sees and how a ballot is cast. Each route
// still names the use case it adapts (`formAction(castVote, voteForm)`).
import type { RequestEvent } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { getPublicPoll, lookupTrackingCode, voteFormSuccess, voterOf } from '$lib/server/voting';

type PollEvent = RequestEvent<{ id: string }>;

export async function loadPoll(event: PollEvent) {
	const ctx = ctxOf(event);
	const id = Number(event.params.id);
	const view = await orErrorPage(getPublicPoll(ctx, id, voterOf(event)));
	const code = (event.url.searchParams.get('ma') ?? '').slice(0, 40);
	let lookup = null;
	if (code) {
		try {
			lookup = { code, result: await lookupTrackingCode(ctx, id, code), error: null };
		} catch (error) {
			if (!(error instanceof DomainError)) throw error;
			lookup = { code, result: null, error: error.message };
		}
	}
	return { ...view, lookup, signedIn: !!event.locals.actor };
}

export const voteForm = {
	input: (fields: Record<string, unknown>, event: PollEvent) => ({
		...fields,
		id: event.params.id,
		voter: voterOf(event, !event.locals.actor)
	}),
	done: voteFormSuccess,
	// The page shows no field back: a ballot's choices are not echoed.
	failure: () => ({ values: {} })
};
