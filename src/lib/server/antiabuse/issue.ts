/** What a form guarded by a proof of work hands out: the challenge, and the no-JavaScript ticket. */
import type { Ctx } from '../context';
import { issueChallenge, issueTicket, type Challenge } from './pow';
import { antiAbuseKey, purgeSpentIfDue } from './repo';

/** @public A proof-of-work challenge for a guarded form; it costs the server one HMAC. */
export async function issueProofChallenge(ctx: Ctx): Promise<Challenge> {
	await purgeSpentIfDue(ctx.db, ctx.now);
	return issueChallenge(await antiAbuseKey(ctx.db), ctx.now);
}

/** @public The ticket a guarded form carries for a browser without JavaScript. */
export async function issueFormTicket(ctx: Ctx): Promise<string> {
	return issueTicket(await antiAbuseKey(ctx.db), ctx.now);
}
