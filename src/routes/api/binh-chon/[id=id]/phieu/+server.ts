import { json } from '@sveltejs/kit';
import { castVoteSchema } from '$lib/schemas/voting';
import { DomainError } from '$lib/server/errors';
import { ctxOf } from '$lib/server/http';
import { voterOf } from '$lib/server/voting';
import { castVote } from '$lib/server/voting';
import type { RequestHandler } from './$types';

/**
 * Casts a vote from a JSON body `{ optionIds: number[], altcha?: string }` (apps and the load
 * benchmark; the page posts its form). 201 only after the ballot is committed.
 */
export const POST: RequestHandler = async (event) => {
	let body: unknown;
	try {
		body = await event.request.json();
	} catch {
		return json({ message: 'Dữ liệu gửi lên không hợp lệ.' }, { status: 400 });
	}
	const parsed = castVoteSchema.safeParse(body);
	if (!parsed.success) {
		return json(
			{ message: parsed.error.issues[0]?.message ?? 'Dữ liệu gửi lên không hợp lệ.' },
			{ status: 400 }
		);
	}
	try {
		const result = await castVote(
			ctxOf(event),
			Number(event.params.id),
			parsed.data,
			voterOf(event, !event.locals.actor)
		);
		return json(result, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (error) {
		if (error instanceof DomainError)
			return json({ message: error.message, errors: error.fieldErrors }, { status: error.status });
		throw error;
	}
};
