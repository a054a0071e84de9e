/** Organizers' use cases on a poll before it opens: its rules, its options, its shortlist. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { pollOptionSchema, pollRulesSchema, type PollRulesInput } from '$lib/schemas/voting';
import type { Actor } from '../auth/actor';
import { findCampaign } from '../campaigns';
import type { Db } from '../db/client';
import { conflict, invalid, notFound } from '../errors';
import { listPublicShortlist } from '../judging';
import { findActiveUnit } from '../units';
import { defineUseCase, type Check } from '../usecase';
import { forget, POLL_NOT_FOUND } from './cast';
import * as repo from './repo';
import { isFrozen } from './rules';

const FROZEN = 'Cuộc bình chọn đã mở: phương án và thể lệ không thể thay đổi nữa.';

export async function loadPoll(db: Db, id: number) {
	const poll = await repo.findPoll(db, id);
	if (!poll) throw notFound(POLL_NOT_FOUND);
	return poll;
}

/** A poll the actor may act on; those who may not see its results get 404 (existence hidden). */
export function managedPoll(
	poll: { unitPath: string },
	action: 'poll.manage' | 'poll.results' | 'vote.void'
): Check[] {
	const resource = { kind: 'poll', unitPath: poll.unitPath } as const;
	return [
		{ action: 'poll.results', resource, hidden: POLL_NOT_FOUND },
		{ action, resource }
	];
}

/** Edits lock the poll row first, so two organizers' edits and the opening do not interleave. */
async function lockedPoll(db: Db, id: number) {
	await repo.lockPoll(db, id);
	return loadPoll(db, id);
}

function refuseFrozen(poll: repo.PollWithUnit, now: Date) {
	if (isFrozen(poll, now)) throw conflict(FROZEN);
}

function rulesSnapshot(input: repo.PollValues) {
	return {
		...input,
		opensAt: input.opensAt.toISOString(),
		closesAt: input.closesAt.toISOString()
	};
}

const UNIT_MISSING = 'Đơn vị tổ chức không tồn tại.';

/** The organizing unit; a missing one is refused in `run` (after the poll's own checks). */
const organizingUnit = (db: Db, unitId: number) => findActiveUnit(db, unitId);

const unitCheck = (unit: { path: string } | null): Check[] =>
	unit ? [{ action: 'poll.manage', resource: { kind: 'unit', path: unit.path } }] : [];

function requireUnit<U>(unit: U | null): U {
	if (!unit) throw invalid(UNIT_MISSING, { unitId: [UNIT_MISSING] });
	return unit;
}

function toValues(input: PollRulesInput): repo.PollValues {
	return {
		unitId: input.unitId,
		title: input.title,
		description: input.description,
		opensAt: input.opensAt,
		closesAt: input.closesAt,
		maxChoices: input.maxChoices,
		dailyVoting: input.dailyVoting,
		audience: input.audience,
		resultsVisibility: input.resultsVisibility,
		addressDailyLimit: input.addressDailyLimit,
		minAccountAgeHours: input.minAccountAgeHours ?? null,
		requireVerifiedEmail: input.requireVerifiedEmail ?? false,
		minVotes: input.minVotes ?? null
	};
}

const pollRef = { id: id('cuộc bình chọn') };

export const createPoll = defineUseCase({
	name: 'poll.create',
	input: pollRulesSchema,
	load: async ({ db }, input) => requireUnit(await organizingUnit(db, input.unitId)),
	authorize: (_actor, unit) => unitCheck(unit),
	run: ({ db, actor, now }, input) => repo.insertPoll(db, toValues(input), actor.id, now),
	audit: (id, input, unit) => ({
		entityType: 'poll',
		entityId: id,
		unitPath: unit.path,
		after: rulesSnapshot(toValues(input))
	})
});

export const updatePollRules = defineUseCase({
	name: 'poll.update',
	input: pollRulesSchema.safeExtend(pollRef),
	load: async ({ db }, input) => ({
		poll: await lockedPoll(db, input.id),
		unit: await organizingUnit(db, input.unitId)
	}),
	authorize: (_actor, { poll, unit }) => [...managedPoll(poll, 'poll.manage'), ...unitCheck(unit)],
	run: async ({ db, now }, input, { poll, unit }) => {
		refuseFrozen(poll, now);
		requireUnit(unit);
		await repo.updatePoll(db, poll.id, toValues(input), now);
		forget(poll.id);
	},
	audit: (_none, input, { poll, unit }) => ({
		entityType: 'poll',
		entityId: poll.id,
		unitPath: unit!.path,
		before: rulesSnapshot(poll),
		after: rulesSnapshot(toValues(input))
	})
});

/** The steps every option edit shares: the poll locked, managed, not yet open. */
const optionEdit = {
	load: ({ db }: { db: Db }, input: { id: number }) => lockedPoll(db, input.id),
	authorize: (_actor: Actor, poll: repo.PollWithUnit) => managedPoll(poll, 'poll.manage')
};

export const addPollOption = defineUseCase({
	name: 'poll.option.add',
	input: pollOptionSchema.extend(pollRef),
	...optionEdit,
	run: async ({ db, now }, { id, ...option }, poll) => {
		refuseFrozen(poll, now);
		const added = await repo.insertOption(db, id, option);
		forget(id);
		return added;
	},
	audit: (option, { id: _poll, ...input }, poll) => ({
		entityType: 'poll',
		entityId: poll.id,
		unitPath: poll.unitPath,
		after: { optionId: option.id, ...input }
	})
});

export const removePollOption = defineUseCase({
	name: 'poll.option.remove',
	input: z.object({ ...pollRef, optionId: id('phương án') }),
	...optionEdit,
	run: async ({ db, now }, { id, optionId }, poll) => {
		refuseFrozen(poll, now);
		const removed = await repo.deleteOption(db, id, optionId);
		forget(id);
		if (!removed) throw notFound('Không tìm thấy phương án.');
		return removed;
	},
	audit: (removed, _input, poll) => ({
		entityType: 'poll',
		entityId: poll.id,
		unitPath: poll.unitPath,
		before: removed
	}),
	present: () => undefined
});

const CAMPAIGN_NOT_FOUND = 'Không tìm thấy đợt tôn vinh.';

/**
 * Puts a campaign's shortlist on a poll that has not opened: an option per finalist with their
 * photo, summary and a link to their story. The poll becomes the campaign's public vote, which
 * the final ranking weighs against the jury. Returns how many finalists were added.
 */
export const addShortlistToPoll = defineUseCase({
	name: 'poll.shortlist_add',
	input: z.object({ ...pollRef, campaignId: id('đợt tôn vinh') }),
	load: async ({ db }, input) => ({
		poll: await lockedPoll(db, input.id),
		campaign: await findCampaign(db, input.campaignId)
	}),
	authorize: (_actor, { poll, campaign }) => [
		...managedPoll(poll, 'poll.manage'),
		...(campaign
			? [
					{
						action: 'judging.manage',
						resource: { kind: 'unit', path: campaign.organizingUnitPath },
						hidden: CAMPAIGN_NOT_FOUND
					} satisfies Check
				]
			: [])
	],
	run: async (scope, { campaignId }, { poll, campaign }) => {
		const { db, now } = scope;
		refuseFrozen(poll, now);
		if (!campaign) throw notFound(CAMPAIGN_NOT_FOUND);
		if (poll.campaignId !== null && poll.campaignId !== campaignId) {
			throw conflict('Cuộc bình chọn này đã gắn với danh sách rút gọn của một đợt khác.');
		}
		// One public vote per campaign: the final ranking reads exactly one tally.
		const existing = await repo.findCampaignPoll(db, campaignId);
		if (existing && existing.id !== poll.id) {
			throw conflict(
				`Danh sách rút gọn của đợt này đã được đưa ra bình chọn trong “${existing.title}”.`
			);
		}
		const finalists = await listPublicShortlist(scope, campaignId);
		if (finalists.length === 0) throw conflict('Đợt này chưa có danh sách rút gọn.');
		const present = new Set((await repo.listOptions(db, poll.id)).map((o) => o.nominationId));
		const story = (id: number) => `/dot/${campaignId}/ung-vien/${id}`;
		const added = finalists.filter((f) => !present.has(f.nominationId));
		for (const f of added) {
			await repo.insertOption(db, poll.id, {
				title: f.name,
				summary: f.summary,
				photoUrl: f.photoId ? `${story(f.nominationId)}/anh/${f.photoId}` : undefined,
				link: story(f.nominationId),
				nominationId: f.nominationId
			});
		}
		await repo.setPollCampaign(db, poll.id, campaignId, now);
		forget(poll.id);
		return added.map((f) => f.nominationId);
	},
	audit: (nominationIds, { campaignId }, { poll }) => ({
		entityType: 'poll',
		entityId: poll.id,
		unitPath: poll.unitPath,
		after: { campaignId, nominationIds }
	}),
	present: (nominationIds) => nominationIds.length
});
