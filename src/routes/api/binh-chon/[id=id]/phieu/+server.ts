import { json } from '@sveltejs/kit';
import { jsonAction, jsonBody } from '$lib/server/adapters';
import { castVote, voterOf } from '$lib/server/voting';
import type { RequestHandler } from './$types';

/**
 * Casts a vote from a JSON body `{ optionIds: number[], altcha?: string }` (apps and the load
 * benchmark; the page posts its form). 201 only after the ballot is committed.
 */
export const POST: RequestHandler = jsonAction(castVote, {
	input: async (event) => ({
		...(await ballotBody(event)),
		id: event.params.id,
		voter: voterOf(event, !event.locals.actor)
	}),
	done: (result) => json(result, { status: 201, headers: { 'cache-control': 'no-store' } })
});

/** The body's fields, so the route's `id` and the voter cannot be sent in it. */
async function ballotBody(event: Parameters<typeof jsonBody>[0]) {
	const body = await jsonBody(event);
	return body && typeof body === 'object' ? body : {};
}
