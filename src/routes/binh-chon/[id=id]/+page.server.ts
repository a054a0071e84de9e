import { formAction } from '$lib/server/adapters';
import { castVote } from '$lib/server/voting';
import type { Actions, PageServerLoad } from './$types';
import { loadPoll, voteForm } from './poll.server';

export const load: PageServerLoad = (event) => loadPoll(event);

export const actions: Actions = { vote: formAction(castVote, voteForm) };
