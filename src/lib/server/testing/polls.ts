import type { PollRulesInput } from '$lib/schemas/voting';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/client';
import { addPollOption, createPoll } from '../voting';
import { ctxFor } from './factories';

const DAY = 24 * 3600_000;

/**
 * A poll of `unitId` open from `opensAt` for three days (one choice, accounts only, results
 * live), created a day before it opens, with an option per title; `rules` override the rest.
 */
export async function makePoll(
	database: Database,
	organizer: Actor,
	unitId: number,
	opensAt: Date,
	rules: Partial<PollRulesInput> = {},
	titles = ['Phương án 1', 'Phương án 2', 'Phương án 3']
) {
	const ctx = ctxFor(database, organizer, new Date(opensAt.getTime() - DAY));
	const id = await createPoll(ctx, {
		title: 'Bình chọn gương sáng',
		description: '',
		unitId,
		opensAt,
		closesAt: new Date(opensAt.getTime() + 3 * DAY),
		maxChoices: 1,
		dailyVoting: false,
		audience: 'accounts',
		resultsVisibility: 'live',
		addressDailyLimit: null,
		...rules
	});
	const options: number[] = [];
	for (const title of titles)
		options.push((await addPollOption(ctx, { id, title, summary: '' })).id);
	return { id, options };
}
