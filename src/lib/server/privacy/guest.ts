// A guest player's request about their data: filed by anyone, so guarded like a registration.
import { z } from 'zod';
import { guestRequestSchema } from '$lib/schemas/privacy';
import { hashAddress, replayedProof, requireHumanProof } from '../antiabuse/pow';
import { antiAbuseKey, spendProof } from '../antiabuse/repo';
import { describeWait, judgeAttempt, lockThrottle, recordFailure, saveThrottle } from '../auth';
import { tooManyRequests } from '../errors';
import { defineUseCase } from '../usecase';
import * as repo from './repo';
import { guestRequestLimits } from './rules';

/** The guest request form's challenge and no-JavaScript ticket, as every guarded form's. */
export {
	issueProofChallenge as issueGuestRequestChallenge,
	issueFormTicket as issueGuestRequestTicket
} from '../antiabuse/issue';

/**
 * A guest player (no account) asks about their data by the phone they registered with. Nothing
 * is shown or erased here: the office verifies the caller on that number, then handles it.
 * Anyone can send it, so, like an anonymous vote or a guest registration, each request needs a
 * fresh proof of work (or, without JavaScript, the page's ticket) and each address has an
 * hourly allowance (the same throttle as account registration).
 */
export const requestAsGuest = defineUseCase({
	name: 'privacy.guest_request',
	public:
		'a guest player has no account to sign in with; the request only files a note that the office verifies by calling the registered phone before acting, and a proof of work and an hourly allowance per address guard it',
	input: guestRequestSchema.safeExtend({
		/** The client's address, from the request (never from the form). */
		address: z.string()
	}),
	load: async ({ db, now }, input) => {
		const secret = await antiAbuseKey(db);
		return { secret, proof: await requireHumanProof(input, secret, now) };
	},
	run: async ({ db, now }, input, { secret, proof }) => {
		if (!(await spendProof(db, proof))) throw replayedProof();
		const key = `privacy-request:${hashAddress(input.address, secret)}`;
		const state = await lockThrottle(db, key, now);
		const verdict = judgeAttempt(state, guestRequestLimits, now);
		if (!verdict.allowed)
			throw tooManyRequests(
				`Địa chỉ mạng của bạn đã gửi đủ ${guestRequestLimits.lockAfter} yêu cầu trong một giờ. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
			);
		await saveThrottle(db, key, recordFailure(state, guestRequestLimits, now));
		return repo.insertRequest(db, {
			kind: input.kind,
			fullName: input.fullName,
			phone: input.phone,
			email: input.email ?? null,
			message: input.message,
			createdAt: now
		});
	},
	audit: (request) => ({
		entityType: 'privacy_request',
		entityId: request.id,
		after: { kind: request.kind }
	})
});
