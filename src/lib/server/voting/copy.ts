// "Sao chép thành bản nháp năm sau": a poll's rules copied into a new poll a year later. A poll
// has no draft state of its own: the copy opens only at its moved window (after now), so until
// then nobody can vote, the home page does not list it, and its rules and options stay editable.
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { bumpYears } from '$lib/shared/text';
import { defineUseCase } from '../usecase';
import { loadPoll, managedPoll } from './polls';
import * as repo from './repo';
import { copiedWindow } from './rules';

export const copyPoll = defineUseCase({
	name: 'poll.copy',
	input: z.object({ pollId: id('cuộc bình chọn') }),
	load: ({ db }, input) => loadPoll(db, input.pollId),
	authorize: (_actor, poll) => [
		...managedPoll(poll, 'poll.manage'),
		// The copy is made at the same unit: its organizer must still manage that unit.
		{ action: 'poll.manage', resource: { kind: 'unit', path: poll.unitPath } }
	],
	run: async ({ db, actor, now }, _input, poll) => {
		const { opensAt, closesAt, years } = copiedWindow(poll, now);
		let title = poll.title;
		for (let i = 0; i < years; i++) title = bumpYears(title);
		const copyId = await repo.insertPoll(
			db,
			{
				unitId: poll.unitId,
				title,
				description: poll.description,
				opensAt,
				closesAt,
				maxChoices: poll.maxChoices,
				dailyVoting: poll.dailyVoting,
				audience: poll.audience,
				resultsVisibility: poll.resultsVisibility,
				addressDailyLimit: poll.addressDailyLimit,
				minAccountAgeHours: poll.minAccountAgeHours,
				requireVerifiedEmail: poll.requireVerifiedEmail,
				minVotes: poll.minVotes
			},
			actor.id,
			now
		);
		// A shortlist poll's options are last year's finalists: next year's come from next year's
		// campaign ("Đưa danh sách rút gọn vào bình chọn"), so none are copied.
		const shortlist = poll.campaignId !== null;
		const options = shortlist ? [] : await repo.listOptions(db, poll.id);
		for (const o of options)
			await repo.insertOption(db, copyId, {
				title: o.title,
				summary: o.summary,
				photoUrl: o.photoUrl ?? undefined,
				link: o.link ?? undefined
			});
		return { id: copyId, title, opensAt, closesAt, optionCount: options.length, shortlist };
	},
	audit: (copy, _input, poll) => ({
		entityType: 'poll',
		entityId: copy.id,
		unitPath: poll.unitPath,
		after: {
			copiedFrom: poll.title,
			title: copy.title,
			opensAt: copy.opensAt.toISOString(),
			closesAt: copy.closesAt.toISOString(),
			optionCount: copy.optionCount
		}
	})
});
