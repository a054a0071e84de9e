import { formAction } from '$lib/server/adapters';
import { castVote } from '$lib/server/voting';
import { allowFraming, framingOf } from '$lib/server/embeds';
import { ctxOf } from '$lib/server/http';
import { loadPoll, voteForm } from '../../../../binh-chon/[id=id]/poll.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const data = await loadPoll(event);
	allowFraming(event, await framingOf(ctxOf(event), data.unitPath));
	return data;
};

export const actions: Actions = { vote: formAction(castVote, voteForm) };
