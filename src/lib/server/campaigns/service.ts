import type { CampaignInput, CategoryInput, PhasesInput } from '$lib/schemas/campaigns';
import { writeAudit } from '../audit/repo';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, invalid, notFound } from '../errors';
import { findActiveUnit } from '../units';
import * as repo from './repo';
import { categoryChangeProblem, phaseOf, timelineProblems, type Phase } from './rules';

async function loadManaged(db: Db, ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const campaign = await repo.findCampaign(db, id);
	if (
		!campaign ||
		!can(actor, 'campaign.manage', { kind: 'unit', path: campaign.organizingUnitPath })
	) {
		throw notFound('Không tìm thấy đợt tôn vinh.');
	}
	return { actor, campaign };
}

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
	const { campaign } = await loadManaged(ctx.db, ctx, id);
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
	if (!campaign || (campaign.status === 'draft' && !manages))
		throw notFound('Không tìm thấy đợt tôn vinh.');
	const [detailed] = await withDetails(ctx.db, [campaign]);
	return { ...detailed!, manages };
}

export async function createCampaign(ctx: Ctx, input: CampaignInput): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await findActiveUnit(tx, input.organizingUnitId);
		if (!unit)
			throw invalid('Đơn vị không tồn tại.', { organizingUnitId: ['Đơn vị không tồn tại.'] });
		authorize(actor, 'campaign.manage', { kind: 'unit', path: unit.path });
		const id = await repo.insertCampaign(tx, { ...input, createdById: actor.id });
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'campaign.create',
			entityType: 'campaign',
			entityId: id,
			unitPath: unit.path,
			after: input
		});
		return id;
	});
}

export async function updateCampaign(ctx: Ctx, id: number, input: CampaignInput): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		const { actor, campaign } = await loadManaged(tx, ctx, id);
		await repo.lockCampaign(tx, id);
		let unitPath = campaign.organizingUnitPath;
		if (input.organizingUnitId !== campaign.organizingUnitId) {
			if (campaign.status !== 'draft') {
				const message = 'Đợt đã công bố nên không thể đổi đơn vị tổ chức.';
				throw conflict(message, { organizingUnitId: [message] });
			}
			const unit = await findActiveUnit(tx, input.organizingUnitId);
			if (!unit)
				throw invalid('Đơn vị không tồn tại.', { organizingUnitId: ['Đơn vị không tồn tại.'] });
			authorize(actor, 'campaign.manage', { kind: 'unit', path: unit.path });
			unitPath = unit.path;
		}
		await repo.updateCampaignFields(tx, id, input, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'campaign.update',
			entityType: 'campaign',
			entityId: id,
			unitPath,
			before: {
				title: campaign.title,
				description: campaign.description,
				year: campaign.year,
				organizingUnitId: campaign.organizingUnitId
			},
			after: input
		});
	});
}

export async function saveCategory(
	ctx: Ctx,
	campaignId: number,
	categoryId: number | null,
	input: CategoryInput
): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		const { actor, campaign } = await loadManaged(tx, ctx, campaignId);
		await repo.lockCampaign(tx, campaignId);
		const values = {
			kind: input.kind,
			name: input.name,
			field: input.field ?? null,
			quotaPerUnit: input.quotaPerUnit
		};
		if (categoryId === null) {
			const id = await repo.insertCategory(tx, campaignId, values);
			await writeAudit(tx, {
				actorId: actor.id,
				action: 'campaign.category_add',
				entityType: 'campaign',
				entityId: campaignId,
				unitPath: campaign.organizingUnitPath,
				after: { id, ...values }
			});
			return;
		}
		const current = await repo.findCategory(tx, campaignId, categoryId);
		if (!current) throw notFound('Không tìm thấy hạng mục.');
		const problem = categoryChangeProblem(
			values,
			current,
			await repo.categoryUsage(tx, categoryId)
		);
		if (problem) throw conflict(problem, { quotaPerUnit: [problem] });
		await repo.updateCategory(tx, categoryId, values);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'campaign.category_update',
			entityType: 'campaign',
			entityId: campaignId,
			unitPath: campaign.organizingUnitPath,
			before: {
				id: categoryId,
				kind: current.kind,
				name: current.name,
				field: current.field,
				quotaPerUnit: current.quotaPerUnit
			},
			after: { id: categoryId, ...values }
		});
	});
}

export async function removeCategory(
	ctx: Ctx,
	campaignId: number,
	categoryId: number
): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		const { actor, campaign } = await loadManaged(tx, ctx, campaignId);
		await repo.lockCampaign(tx, campaignId);
		const current = await repo.findCategory(tx, campaignId, categoryId);
		if (!current) throw notFound('Không tìm thấy hạng mục.');
		const problem = categoryChangeProblem(
			'remove',
			current,
			await repo.categoryUsage(tx, categoryId)
		);
		if (problem) throw conflict(problem);
		await repo.deleteCategory(tx, categoryId);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'campaign.category_remove',
			entityType: 'campaign',
			entityId: campaignId,
			unitPath: campaign.organizingUnitPath,
			before: { id: categoryId, name: current.name }
		});
	});
}

export async function setPhases(ctx: Ctx, campaignId: number, phases: PhasesInput): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		const { actor, campaign } = await loadManaged(tx, ctx, campaignId);
		await repo.lockCampaign(tx, campaignId);
		const problems = timelineProblems(phases);
		if (problems.length) {
			const errors: Record<string, string[]> = {};
			for (const p of problems) (errors[`${p.kind}Start`] ??= []).push(p.message);
			throw invalid('Lịch các giai đoạn chưa hợp lệ.', errors);
		}
		// Dossiers already sent stay valid: nominations cannot be made to open after them.
		const first = await repo.firstSubmission(tx, campaignId);
		const nomination = phaseOf(phases, 'nomination')!;
		if (first && nomination.startsAt.getTime() > first.getTime()) {
			const message = 'Đã có hồ sơ được gửi: thời điểm mở nhận hồ sơ không thể lùi về sau lúc đó.';
			throw conflict(message, { nominationStart: [message] });
		}
		const before = await repo.listPhases(tx, [campaignId]);
		await repo.replacePhases(tx, campaignId, phases);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'campaign.phases',
			entityType: 'campaign',
			entityId: campaignId,
			unitPath: campaign.organizingUnitPath,
			before: Object.fromEntries(
				before.map((p) => [p.kind, `${p.startsAt.toISOString()} → ${p.endsAt.toISOString()}`])
			),
			after: Object.fromEntries(
				phases.map((p: Phase) => [
					p.kind,
					`${p.startsAt.toISOString()} → ${p.endsAt.toISOString()}`
				])
			)
		});
	});
}

export async function publishCampaign(ctx: Ctx, campaignId: number): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		const { actor, campaign } = await loadManaged(tx, ctx, campaignId);
		if (campaign.status !== 'draft') throw conflict('Đợt này đã được công bố.');
		const [categories, phases] = await Promise.all([
			repo.listCategories(tx, [campaignId]),
			repo.listPhases(tx, [campaignId])
		]);
		if (categories.length === 0) throw invalid('Cần ít nhất một hạng mục trước khi công bố.');
		if (!phaseOf(phases, 'nomination'))
			throw invalid('Cần có thời gian nhận hồ sơ đề cử trước khi công bố.');
		await repo.updateCampaignFields(
			tx,
			campaignId,
			{ status: 'published', publishedAt: ctx.now },
			ctx.now
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'campaign.publish',
			entityType: 'campaign',
			entityId: campaignId,
			unitPath: campaign.organizingUnitPath,
			before: { status: 'draft' },
			after: { status: 'published' }
		});
	});
}
