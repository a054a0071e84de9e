import { challengeResponse } from '$lib/server/antiabuse/http';
import { ctxOf } from '$lib/server/http';
import { issueGuestRequestChallenge } from '$lib/server/privacy';
import type { RequestHandler } from './$types';

/** A fresh proof-of-work challenge for a guest's request about their data (/quyen-rieng-tu). */
export const GET: RequestHandler = (event) =>
	challengeResponse(issueGuestRequestChallenge(ctxOf(event)));
