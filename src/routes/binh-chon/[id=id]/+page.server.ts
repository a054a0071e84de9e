import { parseForm } from '$lib/schemas/form';
import { castVoteSchema } from '$lib/schemas/voting';
import { DomainError } from '$lib/server/errors';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { voterOf } from '$lib/server/voting';
import { castVote, getPublicPoll, lookupTrackingCode } from '$lib/server/voting';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
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
};

export const actions: Actions = {
	vote: async (event) => {
		const parsed = parseForm(castVoteSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, {});
		try {
			const result = await castVote(
				ctxOf(event),
				Number(event.params.id),
				parsed.data,
				voterOf(event, !event.locals.actor)
			);
			return {
				success: 'Phiếu của bạn đã được ghi nhận. Cảm ơn bạn đã tham gia bình chọn!',
				trackingCode: result.trackingCode,
				castAt: result.castAt.toISOString(),
				nextVoteAt: result.nextVoteAt?.toISOString() ?? null
			};
		} catch (error) {
			return failWith(error, {});
		}
	}
};
