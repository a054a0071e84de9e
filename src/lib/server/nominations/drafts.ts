// An officer's own dossiers: the places open to their units, drafts, and sending them up.
import { z } from 'zod';
import type { DossierInput } from '$lib/schemas/campaigns';
import { id } from '$lib/schemas/common';
import { nomineeName } from '$lib/shared/campaigns';
import { foldVietnamese } from '$lib/shared/text';
import { isAdmin, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import { isOpen, phaseOf, screeningWindow } from '../campaigns';
import type { Ctx } from '../context';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { notify } from '../notifications';
import { findUnit } from '../units';
import { defineUseCase } from '../usecase';
import {
	dossierId,
	loadCampaign,
	loadDossier,
	loadLockedDossier,
	ownChecks,
	recordTransition,
	requireTransition,
	transitionAudit,
	unitsWithRole
} from './access';
import * as repo from './repo';
import {
	confirmDelete,
	confirmResubmit,
	confirmSubmit,
	confirmWithdraw,
	requireWithdrawable
} from './confirmations';
import { firstLevel } from './rules';

/** Campaigns an officer's units may nominate to, with each category's places left. */
export async function listNominationOpportunities(ctx: Ctx) {
	const actor = requireActor(ctx);
	const unitIds = unitsWithRole(actor, ['officer']);
	if (unitIds.length === 0 && !isAdmin(actor)) throw forbidden('Chỉ cán bộ đơn vị mới đề cử được.');
	const result = [];
	for (const unitId of unitIds) {
		const unit = await findUnit(ctx.db, unitId);
		if (!unit || unit.archivedAt) continue;
		const campaigns = await campaignRepo.listCampaignsAbove(ctx.db, unit.path);
		for (const campaign of campaigns) {
			const { phases } = await loadCampaign(ctx.db, campaign.id);
			const nomination = phaseOf(phases, 'nomination');
			// Past its deadline a campaign no longer takes dossiers: it is not an opportunity.
			if (nomination && nomination.endsAt.getTime() <= ctx.now.getTime()) continue;
			const categories = await campaignRepo.listCategories(ctx.db, [campaign.id]);
			const held = await repo.placesFor(
				ctx.db,
				categories.map((c) => c.id),
				unitId
			);
			const places = categories.map((c) => ({
				...c,
				...(held.get(c.id) ?? { quota: c.quotaPerUnit, used: 0 })
			}));
			result.push({
				unit: { id: unit.id, name: unit.name },
				campaign: {
					id: campaign.id,
					title: campaign.title,
					year: campaign.year,
					organizingUnitName: campaign.organizingUnitName
				},
				nomination,
				open: isOpen(nomination, ctx.now),
				categories: places
			});
		}
	}
	return result;
}

export async function listMyUnitDossiers(ctx: Ctx) {
	const actor = requireActor(ctx);
	return repo.listDossiers(ctx.db, { nominatedBy: unitsWithRole(actor, ['officer']) });
}

// The dossier's fields are checked by the route against its category's own schema (which only
// the category's kind decides), so the use case takes them as parsed.
const dossierFields = z.custom<DossierInput>(
	(v) => typeof v === 'object' && v !== null && 'nominee' in v,
	'Thông tin hồ sơ không hợp lệ.'
);

const MISMATCH = 'Thông tin người được đề cử không khớp hạng mục.';

function dossierValues(input: DossierInput) {
	const name = nomineeName(input.nominee);
	return {
		nominee: input.nominee,
		nomineeName: name,
		nomineeNameFolded: foldVietnamese(name),
		summary: input.summary,
		narrative: input.narrative,
		achievements: input.achievements
	};
}

export const createDraft = defineUseCase({
	name: 'nomination.create',
	input: z.object({
		campaignId: id('đợt'),
		categoryId: id('hạng mục'),
		unitId: id('đơn vị'),
		dossier: dossierFields
	}),
	load: async ({ db }, input) => {
		const unit = await findUnit(db, input.unitId);
		if (!unit || unit.archivedAt) throw notFound('Không tìm thấy đơn vị.');
		return unit;
	},
	authorize: (_actor, unit) => ({
		action: 'nomination.create',
		resource: { kind: 'unit', path: unit.path }
	}),
	run: async (scope, input, unit) => {
		const { db, actor, now } = scope;
		const { campaign, phases } = await loadCampaign(db, input.campaignId);
		if (campaign.status !== 'published') throw notFound('Không tìm thấy đợt tôn vinh.');
		if (firstLevel(unit.path, campaign.organizingUnitPath) === null)
			throw forbidden('Đơn vị của bạn không thuộc phạm vi của đợt này.');
		const category = await campaignRepo.findCategory(db, campaign.id, input.categoryId);
		if (!category) throw notFound('Không tìm thấy hạng mục.');
		if (category.kind !== input.dossier.nominee.kind) throw invalid(MISMATCH);
		const nomination = phaseOf(phases, 'nomination');
		if (!nomination || now.getTime() >= nomination.endsAt.getTime())
			throw conflict('Đợt này đã hết thời gian nhận hồ sơ.');
		const values = dossierValues(input.dossier);
		const newId = await repo.insertDossier(db, {
			...values,
			campaignId: campaign.id,
			categoryId: category.id,
			nominatingUnitId: unit.id,
			createdById: actor.id
		});
		await repo.insertEvent(db, {
			nominationId: newId,
			at: now,
			actorId: actor.id,
			action: 'create',
			toStatus: 'draft',
			levelUnitId: null
		});
		return {
			id: newId,
			campaignId: campaign.id,
			categoryId: category.id,
			name: values.nomineeName
		};
	},
	audit: (created, _input, unit) => ({
		entityType: 'nomination',
		entityId: created.id,
		unitPath: unit.path,
		after: { campaignId: created.campaignId, categoryId: created.categoryId, nominee: created.name }
	}),
	present: (created) => created.id
});

export const updateDraft = defineUseCase({
	name: 'nomination.edit',
	input: z.object({ id: dossierId, dossier: dossierFields }),
	load: loadLockedDossier,
	authorize: ownChecks,
	run: async ({ db, now }, input, { dossier }) => {
		requireTransition(dossier.status, 'edit');
		if (dossier.categoryKind !== input.dossier.nominee.kind) throw invalid(MISMATCH);
		const values = dossierValues(input.dossier);
		await repo.updateDossier(db, dossier.id, { ...values, updatedAt: now });
		return values.nomineeName;
	},
	audit: (name, _input, { dossier }) => ({
		entityType: 'nomination',
		entityId: dossier.id,
		unitPath: dossier.nominatingUnitPath,
		before: { nominee: dossier.nomineeName },
		after: { nominee: name }
	}),
	present: () => undefined
});

const dossierRef = z.object({ id: dossierId });

export const deleteDraft = defineUseCase({
	name: 'nomination.delete',
	input: dossierRef,
	load: loadLockedDossier,
	authorize: ownChecks,
	confirm: confirmDelete,
	run: async ({ db }, _input, { dossier }) => {
		requireTransition(dossier.status, 'delete');
		// Files and history go with the dossier (ON DELETE CASCADE).
		await repo.deleteDossier(db, dossier.id);
	},
	audit: (_result, _input, { dossier }) => ({
		entityType: 'nomination',
		entityId: dossier.id,
		unitPath: dossier.nominatingUnitPath,
		before: { nominee: dossier.nomineeName, status: dossier.status }
	})
});

const QUOTA_FULL = (used: number) =>
	`Đơn vị đã dùng hết chỉ tiêu của hạng mục này (${used} hồ sơ). Hồ sơ vẫn được giữ ở dạng nháp.`;

/**
 * Sends a draft to the level above, inside the nomination window. The category row is locked
 * first, so two officers racing for the last place end with exactly one dossier sent.
 */
export const submitDossier = defineUseCase({
	name: 'nomination.submit',
	input: dossierRef,
	// Not locked here: the category is locked before the dossier, as every quota check does.
	load: ({ db }, input) => loadDossier(db, input.id),
	authorize: ownChecks,
	confirm: confirmSubmit,
	run: async (scope, _input, { dossier }) => {
		const { db, now } = scope;
		const { campaign, phases } = await loadCampaign(db, dossier.campaignId);
		const category = await repo.lockCategory(db, dossier.categoryId, dossier.nominatingUnitId);
		await repo.lockDossier(db, dossier.id);
		const current = (await repo.findDossier(db, dossier.id))!;
		requireTransition(current.status, 'submit');
		if (!isOpen(phaseOf(phases, 'nomination'), now)) {
			throw conflict('Ngoài thời gian nhận hồ sơ: không thể gửi hồ sơ lúc này.');
		}
		const used = await repo.quotaUsed(
			db,
			dossier.categoryId,
			dossier.nominatingUnitId,
			'nominator'
		);
		if (!category || used >= category.quota) throw conflict(QUOTA_FULL(used));
		const level = firstLevel(dossier.nominatingUnitPath, campaign.organizingUnitPath);
		if (level === null) throw forbidden('Đơn vị của bạn không thuộc phạm vi của đợt này.');
		await repo.updateDossier(db, dossier.id, {
			status: 'submitted',
			levelUnitId: level,
			submittedAt: now,
			updatedAt: now
		});
		const move = await recordTransition(scope, 'submit', {
			dossier: current,
			to: 'submitted',
			levelUnitId: level
		});
		await notify(db, {
			to: await repo.staffOf(db, level, ['organizer', 'officer']),
			message: `Hồ sơ mới cần thẩm định: ${current.nomineeName} (${current.nominatingUnitName}).`,
			link: `/tham-dinh/${dossier.id}`,
			at: now,
			topic: 'dossiers'
		});
		// The nominating unit's officers get a receipt: where the dossier went.
		const levelUnit = await findUnit(db, level);
		await notify(db, {
			to: await repo.staffOf(db, dossier.nominatingUnitId, ['officer']),
			message: `Hồ sơ ${current.nomineeName} đã được gửi tới ${levelUnit?.name ?? 'cấp trên'} để thẩm định.`,
			link: `/de-cu/${dossier.id}`,
			at: now,
			topic: 'dossiers'
		});
		return move;
	},
	audit: transitionAudit,
	present: () => undefined
});

/** Sends a returned dossier back to the level that returned it, while screening is still open. */
export const resubmitDossier = defineUseCase({
	name: 'nomination.resubmit',
	input: dossierRef,
	load: loadLockedDossier,
	authorize: ownChecks,
	confirm: confirmResubmit,
	run: async (scope, _input, { dossier }) => {
		const { db, now } = scope;
		requireTransition(dossier.status, 'resubmit');
		const { phases } = await loadCampaign(db, dossier.campaignId);
		if (!isOpen(screeningWindow(phases), now))
			throw conflict('Đã hết thời gian thẩm định: không thể gửi lại hồ sơ.');
		await repo.updateDossier(db, dossier.id, { status: 'submitted', updatedAt: now });
		const move = await recordTransition(scope, 'resubmit', {
			dossier,
			to: 'submitted',
			levelUnitId: dossier.levelUnitId
		});
		if (dossier.levelUnitId) {
			await notify(db, {
				to: await repo.staffOf(db, dossier.levelUnitId, ['organizer', 'officer']),
				message: `Hồ sơ đã được bổ sung và gửi lại: ${dossier.nomineeName}.`,
				link: `/tham-dinh/${dossier.id}`,
				at: now,
				topic: 'dossiers'
			});
			await notify(db, {
				to: await repo.staffOf(db, dossier.nominatingUnitId, ['officer']),
				message: `Hồ sơ ${dossier.nomineeName} đã được gửi lại tới ${dossier.levelUnitName ?? 'cấp trên'} để thẩm định.`,
				link: `/de-cu/${dossier.id}`,
				at: now,
				topic: 'dossiers'
			});
		}
		return move;
	},
	audit: transitionAudit,
	present: () => undefined
});

export const withdrawDossier = defineUseCase({
	name: 'nomination.withdraw',
	input: dossierRef,
	load: loadLockedDossier,
	authorize: ownChecks,
	confirm: confirmWithdraw,
	run: async (scope, _input, { dossier }) => {
		requireWithdrawable(dossier);
		await repo.updateDossier(scope.db, dossier.id, { status: 'withdrawn', updatedAt: scope.now });
		return recordTransition(scope, 'withdraw', {
			dossier,
			to: 'withdrawn',
			levelUnitId: dossier.levelUnitId
		});
	},
	audit: transitionAudit,
	present: () => undefined
});
