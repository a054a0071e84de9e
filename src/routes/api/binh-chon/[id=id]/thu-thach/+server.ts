import { challengeResponse } from '$lib/server/antiabuse/http';
import { ctxOf } from '$lib/server/http';
import { issueVoteChallenge } from '$lib/server/voting';
import type { RequestHandler } from './$types';

/** A fresh proof-of-work challenge for an anonymous vote. */
export const GET: RequestHandler = (event) =>
	challengeResponse(issueVoteChallenge(ctxOf(event), Number(event.params.id)));
