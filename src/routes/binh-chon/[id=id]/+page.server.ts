import type { Actions, PageServerLoad } from './$types';
import { loadPoll, voteAction } from './poll.server';

export const load: PageServerLoad = (event) => loadPoll(event);

export const actions: Actions = { vote: voteAction };
