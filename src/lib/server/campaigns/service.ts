import { z } from 'zod';
import {
	campaignSchema,
	categorySchema,
	phasesSchema,
	type CategoryInput
} from '$lib/schemas/campaigns';
import { id } from '$lib/schemas/common';
import { phaseKinds } from '$lib/shared/campaigns';
import { formatDateTime } from '$lib/shared/format';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, invalid, notFound } from '../errors';
import { findActiveUnit } from '../units';
import { defineUseCase } from '../usecase';
import { loadCampaign, manages, NOT_FOUND, onCampaign, organizes } from './access';
import * as repo from './repo';
import type { CampaignRow } from './repo';
import { categoryChangeProblem, phaseOf, timelineProblems, type Phase } from './rules';
import { DEFAULT_RETENTION_MONTHS } from '$lib/shared/privacy';

async function withDetails<T extends { id: number }>(db: Db, campaigns: T[]) {
	const ids = campaigns.map((c) => c.id);
	const [categories, phases] = await Promise.all([
		repo.listCategories(db, ids),
		repo.listPhases(db, ids)
	]);
	return campaigns.map((c) => ({
		...c,
		categories: categories.filter((k) => k.campaignId === c.id),
		phases: phases
			.filter((p) => p.campaignId === c.id)
			.map(({ kind, startsAt, endsAt }) => ({ kind, startsAt, endsAt }))
	}));
}

/** Campaigns the organizer manages (drafts included). */
export async function listManagedCampaigns(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return withDetails(
		ctx.db,
		await repo.listCampaigns(ctx.db, { withinPaths: administeredPaths(actor) })
	);
}

export async function getManagedCampaign(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const campaign = await repo.findCampaign(ctx.db, id);
	if (!campaign || !can(actor, 'campaign.manage', manages(campaign).resource)) {
		throw notFound(NOT_FOUND);
	}
	const [detailed] = await withDetails(ctx.db, [campaign]);
	return detailed!;
}

/** @public Published campaigns are public: the home page and /dot list them. */
export async function listPublicCampaigns(db: Db) {
	return withDetails(db, await repo.listCampaigns(db, { withinPaths: null, publishedOnly: true }));
}

/**
 * @public A campaign's public page. Drafts exist only for those who manage them: anyone else
 * gets "not found", the same as for a campaign that does not exist.
 */
export async function getPublicCampaign(ctx: Ctx, id: number) {
	const campaign = await repo.findCampaign(ctx.db, id);
	const manages =
		!!campaign &&
		can(ctx.actor, 'campaign.manage', { kind: 'unit', path: campaign.organizingUnitPath });
	if (!campaign || (campaign.status === 'draft' && !manages)) throw notFound(NOT_FOUND);
	const [detailed] = await withDetails(ctx.db, [campaign]);
	return { ...detailed!, manages };
}

const UNIT_MISSING = 'Đơn vị không tồn tại.';

const campaignIdField = id('đợt');
const campaignRef = z.object({ campaignId: campaignIdField });

export const createCampaign = defineUseCase({
	name: 'campaign.create',
	input: campaignSchema,
	load: async ({ db }, input) => {
		const unit = await findActiveUnit(db, input.organizingUnitId);
		if (!unit) throw invalid(UNIT_MISSING, { organizingUnitId: [UNIT_MISSING] });
		return unit;
	},
	authorize: (_actor, unit) => organizes(unit.path),
	run: ({ db, actor }, input) => repo.insertCampaign(db, { ...input, createdById: actor.id }),
	audit: (id, input, unit) => ({
		entityType: 'campaign',
		entityId: id,
		unitPath: unit.path,
		after: input
	})
});

export const updateCampaign = defineUseCase({
	name: 'campaign.update',
	input: campaignSchema.extend({ id: campaignIdField }),
	load: async ({ db }, input) => {
		const campaign = await loadCampaign(db, input.id);
		// Only a draft may move to another unit; the new unit is checked like a new campaign's.
		const moving = input.organizingUnitId !== campaign.organizingUnitId;
		const unit =
			moving && campaign.status === 'draft'
				? await findActiveUnit(db, input.organizingUnitId)
				: null;
		return { campaign, moving, unit };
	},
	authorize: (_actor, { campaign, unit }) => [
		manages(campaign),
		...(unit ? [organizes(unit.path)] : [])
	],
	run: async ({ db, now }, { id, ...fields }, { campaign, moving, unit }) => {
		await repo.lockCampaign(db, id);
		if (moving && campaign.status !== 'draft') {
			const message = 'Đợt đã công bố nên không thể đổi đơn vị tổ chức.';
			throw conflict(message, { organizingUnitId: [message] });
		}
		if (moving && !unit) throw invalid(UNIT_MISSING, { organizingUnitId: [UNIT_MISSING] });
		const retention = fields.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
		await repo.updateCampaignFields(db, id, { ...fields, retentionMonths: retention }, now);
		return { ...fields, retentionMonths: retention };
	},
	audit: (after, { id }, { campaign, unit }) => ({
		entityType: 'campaign',
		entityId: id,
		unitPath: unit?.path ?? campaign.organizingUnitPath,
		before: {
			title: campaign.title,
			description: campaign.description,
			year: campaign.year,
			organizingUnitId: campaign.organizingUnitId,
			retentionMonths: campaign.retentionMonths
		},
		after
	})
});

const categoryValues = (input: CategoryInput) => ({
	kind: input.kind,
	name: input.name,
	field: input.field ?? null,
	quotaPerUnit: input.quotaPerUnit
});

export const addCategory = defineUseCase({
	name: 'campaign.category_add',
	input: categorySchema.extend(campaignRef.shape),
	...onCampaign,
	run: async ({ db }, input) => {
		await repo.lockCampaign(db, input.campaignId);
		const values = categoryValues(input);
		return { id: await repo.insertCategory(db, input.campaignId, values), ...values };
	},
	audit: (after, _input, campaign) => ({
		entityType: 'campaign',
		entityId: campaign.id,
		unitPath: campaign.organizingUnitPath,
		after
	})
});

const categoryRef = campaignRef.extend({ categoryId: id('hạng mục') });

async function loadCategory(db: Db, campaignId: number, categoryId: number) {
	const current = await repo.findCategory(db, campaignId, categoryId);
	if (!current) throw notFound('Không tìm thấy hạng mục.');
	return current;
}

export const updateCategory = defineUseCase({
	name: 'campaign.category_update',
	input: categorySchema.extend(categoryRef.shape),
	...onCampaign,
	run: async ({ db }, input) => {
		await repo.lockCampaign(db, input.campaignId);
		const current = await loadCategory(db, input.campaignId, input.categoryId);
		const values = categoryValues(input);
		const usage = await repo.categoryUsage(db, input.categoryId);
		const problem = categoryChangeProblem(values, current, usage);
		if (problem) throw conflict(problem, { quotaPerUnit: [problem] });
		await repo.updateCategory(db, input.categoryId, values);
		return { current, values };
	},
	audit: ({ current, values }, { categoryId }, campaign) => ({
		entityType: 'campaign',
		entityId: campaign.id,
		unitPath: campaign.organizingUnitPath,
		before: {
			id: categoryId,
			kind: current.kind,
			name: current.name,
			field: current.field,
			quotaPerUnit: current.quotaPerUnit
		},
		after: { id: categoryId, ...values }
	})
});

/** A category nothing depends on yet, or the reason it cannot be removed. */
async function removableCategory(db: Db, input: { campaignId: number; categoryId: number }) {
	const current = await loadCategory(db, input.campaignId, input.categoryId);
	const problem = categoryChangeProblem(
		'remove',
		current,
		await repo.categoryUsage(db, input.categoryId)
	);
	if (problem) throw conflict(problem);
	return current;
}

export const removeCategory = defineUseCase({
	name: 'campaign.category_remove',
	input: categoryRef,
	...onCampaign,
	confirm: async ({ db }, input, campaign) => {
		const current = await removableCategory(db, input);
		return {
			title: 'Xoá hạng mục?',
			summary: `Hạng mục “${current.name}” sẽ bị xoá khỏi “${campaign.title}”, cùng các tiêu chí chấm của nó.`
		};
	},
	run: async ({ db }, input) => {
		await repo.lockCampaign(db, input.campaignId);
		const current = await removableCategory(db, input);
		await repo.deleteCategory(db, input.categoryId);
		return current;
	},
	audit: (current, _input, campaign) => ({
		entityType: 'campaign',
		entityId: campaign.id,
		unitPath: campaign.organizingUnitPath,
		before: { id: current.id, name: current.name }
	})
});

const typedPhases = z.object({
	phases: z.array(
		z.object({ kind: z.enum(phaseKinds), startsAt: z.coerce.date(), endsAt: z.coerce.date() })
	)
});

/**
 * The timeline as a list (tests, the demo) or as the form's `<kind>Start`/`<kind>End` fields,
 * whose problems are reported field by field.
 */
const phasesInput = z.looseObject({ campaignId: campaignIdField }).transform((raw, ctx) => {
	const parsed = (
		'phases' in raw ? typedPhases : phasesSchema.transform((phases) => ({ phases }))
	).safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom' });
		return z.NEVER;
	}
	return { campaignId: raw.campaignId, phases: parsed.data.phases as Phase[] };
});

const timeline = (phases: readonly Phase[]) =>
	Object.fromEntries(
		phases.map((p) => [p.kind, `${p.startsAt.toISOString()} → ${p.endsAt.toISOString()}`])
	);

export const setPhases = defineUseCase({
	name: 'campaign.phases',
	input: phasesInput,
	...onCampaign,
	run: async ({ db }, { campaignId, phases }) => {
		await repo.lockCampaign(db, campaignId);
		const problems = timelineProblems(phases);
		if (problems.length) {
			const errors: Record<string, string[]> = {};
			for (const p of problems) (errors[`${p.kind}Start`] ??= []).push(p.message);
			throw invalid('Lịch các giai đoạn chưa hợp lệ.', errors);
		}
		// Dossiers already sent stay valid: nominations cannot be made to open after them.
		const first = await repo.firstSubmission(db, campaignId);
		const nomination = phaseOf(phases, 'nomination')!;
		if (first && nomination.startsAt.getTime() > first.getTime()) {
			const message = 'Đã có hồ sơ được gửi: thời điểm mở nhận hồ sơ không thể lùi về sau lúc đó.';
			throw conflict(message, { nominationStart: [message] });
		}
		const before = await repo.listPhases(db, [campaignId]);
		await repo.replacePhases(db, campaignId, phases);
		return before;
	},
	audit: (before, { phases }, campaign) => ({
		entityType: 'campaign',
		entityId: campaign.id,
		unitPath: campaign.organizingUnitPath,
		before: timeline(before),
		after: timeline(phases)
	})
});

/** A draft with categories and a nomination window may be published; else the reason why not. */
async function publishable(db: Db, campaign: CampaignRow) {
	if (campaign.status !== 'draft') throw conflict('Đợt này đã được công bố.');
	const [categories, phases] = await Promise.all([
		repo.listCategories(db, [campaign.id]),
		repo.listPhases(db, [campaign.id])
	]);
	if (categories.length === 0) throw invalid('Cần ít nhất một hạng mục trước khi công bố.');
	const nomination = phaseOf(phases, 'nomination');
	if (!nomination) throw invalid('Cần có thời gian nhận hồ sơ đề cử trước khi công bố.');
	return { categories, nomination };
}

export const publishCampaign = defineUseCase({
	name: 'campaign.publish',
	input: campaignRef,
	...onCampaign,
	// Publishing cannot be taken back: units start nominating under these rules.
	confirm: async ({ db }, _input, campaign) => {
		const { categories, nomination } = await publishable(db, campaign);
		return {
			title: 'Công bố đợt tôn vinh?',
			summary: `Công bố “${campaign.title}” với ${categories.length} hạng mục: các đơn vị thuộc ${campaign.organizingUnitName} đề cử từ ${formatDateTime(nomination.startsAt)} đến ${formatDateTime(nomination.endsAt)}.`,
			details: ['Đợt đã công bố không trở lại dạng nháp; hạng mục có hồ sơ không xoá được nữa.']
		};
	},
	run: async ({ db, now }, { campaignId }, campaign) => {
		await publishable(db, campaign);
		await repo.updateCampaignFields(db, campaignId, { status: 'published', publishedAt: now }, now);
	},
	audit: (_result, _input, campaign) => ({
		entityType: 'campaign',
		entityId: campaign.id,
		unitPath: campaign.organizingUnitPath,
		before: { status: 'draft' },
		after: { status: 'published' }
	})
});
