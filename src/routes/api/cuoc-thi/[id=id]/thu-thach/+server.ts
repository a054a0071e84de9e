import { challengeResponse } from '$lib/server/antiabuse/http';
import { ctxOf } from '$lib/server/http';
import { issueRegistrationChallenge } from '$lib/server/contests';
import type { RequestHandler } from './$types';

/** A fresh proof-of-work challenge for registering in a public contest without an account. */
export const GET: RequestHandler = (event) =>
	challengeResponse(issueRegistrationChallenge(ctxOf(event), Number(event.params.id)));
