// "Sao chép thành bản nháp năm sau": a contest becomes next year's draft with its rules and its
// rounds (windows a year later, the same question selection). Players, attempts and winners stay
// with the year they belong to. A draft is hidden from the public until it is published.
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { aYearLater } from '$lib/shared/datetime';
import { bumpYears } from '$lib/shared/text';
import { conflict } from '../errors';
import { defineUseCase } from '../usecase';
import { loadContest, manageCheck } from './access';
import * as copyRepo from './copy-repo';
import * as repo from './repo';

const contestRef = z.object({ contestId: id('cuộc thi') });

export const copyContest = defineUseCase({
	name: 'contest.copy',
	input: contestRef,
	load: ({ db }, input) => loadContest(db, input.contestId),
	authorize: (_actor, contest) => manageCheck(contest),
	run: async ({ db, actor }, _input, contest) => {
		const copy = await copyRepo.insertDraftContest(db, {
			unitId: contest.unitId,
			unitPath: contest.unitPath,
			title: bumpYears(contest.title),
			description: contest.description,
			scope: contest.scope,
			predictionKind: contest.predictionKind,
			tieBreaks: contest.tieBreaks,
			guestHourlyLimit: contest.guestHourlyLimit,
			createdById: actor.id
		});
		// The pool is not copied: opening a round fixes it again from the bank as it is then
		// (questions retired since are left out, new approved ones come in).
		const rounds = await copyRepo.insertRounds(
			db,
			copy.id,
			(await repo.listRounds(db, contest.id)).map((r) => ({
				number: r.number,
				title: bumpYears(r.title),
				opensAt: aYearLater(r.opensAt),
				closesAt: aYearLater(r.closesAt),
				questionCount: r.questionCount,
				timeLimitSeconds: r.timeLimitSeconds,
				attemptsAllowed: r.attemptsAllowed,
				topics: r.topics,
				difficulties: r.difficulties,
				predictionQuestion: bumpYears(r.predictionQuestion),
				prizeTiers: r.prizeTiers
			}))
		);
		return { id: copy.id, title: copy.title, rounds: rounds.length };
	},
	audit: (copy, _input, contest) => ({
		entityType: 'contest',
		entityId: copy.id,
		unitPath: contest.unitPath,
		after: { copiedFrom: contest.title, title: copy.title, rounds: copy.rounds, draft: true }
	})
});

/** Publishes a draft: its page, registration and (once opened) its rounds become public. */
export const publishContest = defineUseCase({
	name: 'contest.publish',
	input: contestRef,
	load: ({ db }, input) => loadContest(db, input.contestId, true),
	authorize: (_actor, contest) => manageCheck(contest),
	confirm: async ({ db }, _input, contest) => {
		if (!contest.draft) throw conflict(ALREADY_PUBLIC);
		const rounds = await repo.listRounds(db, contest.id);
		return {
			title: 'Công bố cuộc thi?',
			summary: `“${contest.title}” sẽ hiện với mọi người có đường dẫn và nhận đăng ký dự thi; ${rounds.length} tuần thi mở khi ban tổ chức mở từng tuần.`,
			details: ['Cuộc thi đã công bố không trở lại bản nháp được.']
		};
	},
	run: async ({ db, now }, _input, contest) => {
		if (!contest.draft) throw conflict(ALREADY_PUBLIC);
		await copyRepo.publishContest(db, contest.id, now);
	},
	audit: (_none, _input, contest) => ({
		entityType: 'contest',
		entityId: contest.id,
		unitPath: contest.unitPath,
		before: { draft: true },
		after: { draft: false }
	})
});

const ALREADY_PUBLIC = 'Cuộc thi đã được công bố.';
