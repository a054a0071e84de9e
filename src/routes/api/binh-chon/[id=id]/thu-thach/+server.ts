import { error, json } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { ctxOf } from '$lib/server/http';
import { issueVoteChallenge } from '$lib/server/voting/service';
import type { RequestHandler } from './$types';

/** A fresh proof-of-work challenge for an anonymous vote (never cached). */
export const GET: RequestHandler = async (event) => {
	try {
		const challenge = await issueVoteChallenge(ctxOf(event), Number(event.params.id));
		return json(challenge, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		if (caught instanceof DomainError) error(caught.status, caught.message);
		throw caught;
	}
};
