import { challengeResponse } from '$lib/server/antiabuse/http';
import { issueAccountChallenge } from '$lib/server/auth';
import { ctxOf } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** A fresh proof-of-work challenge for creating an account or signing in to one under attack. */
export const GET: RequestHandler = (event) =>
	challengeResponse(issueAccountChallenge(ctxOf(event)));
