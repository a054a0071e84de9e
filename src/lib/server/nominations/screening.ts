// Screening at each level: the queue of dossiers that reached a level, and its decisions.
import { z } from 'zod';
import { reasonSchema } from '$lib/schemas/campaigns';
import {
	categoryKindLabels,
	nominationStatusLabels,
	type NominationStatus
} from '$lib/shared/campaigns';
import { can, isAdmin, requireActor } from '../auth/policy';
import { isOpen, screeningWindow } from '../campaigns';
import type { Ctx } from '../context';
import { conflict, forbidden, invalid } from '../errors';
import { table, type ExportBook } from '../files/export';
import { notify } from '../notifications';
import { defineUseCase, type Scope } from '../usecase';
import type { Actor } from '../auth/actor';
import {
	dossierId,
	loadCampaign,
	loadDossier,
	readCheck,
	recordTransition,
	requireTransition,
	transitionAudit,
	unitsWithRole,
	type LoadedDossier
} from './access';
import { confirmScreening } from './confirmations';
import * as repo from './repo';
import { nextLevel, statusAfter } from './rules';

export type ScreeningDecision = 'forward' | 'accept' | 'return' | 'reject';

const DECIDED = {
	accept: 'đã được chấp nhận',
	return: 'bị trả lại để bổ sung',
	reject: 'không được chấp nhận'
} as const;

/**
 * A level's decision on a dossier that sits with it: forward it upward (within the level's own
 * quota), accept it (only the organizing unit), or return or reject it with a reason.
 */
async function decide(
	scope: Scope<Actor>,
	decision: ScreeningDecision,
	reason: string | null,
	{ dossier }: LoadedDossier
) {
	const { db, actor, now } = scope;
	requireTransition(dossier.status, decision);
	// The level's own check, with its own words (the dossier is readable, so it is not hidden).
	if (
		!dossier.levelUnitPath ||
		!can(actor, 'nomination.screen', { kind: 'unit', path: dossier.levelUnitPath })
	) {
		throw forbidden('Hồ sơ không nằm ở cấp của bạn.');
	}
	const { campaign, phases } = await loadCampaign(db, dossier.campaignId);
	const category =
		decision === 'forward'
			? await repo.lockCategory(db, dossier.categoryId, dossier.levelUnitId!)
			: null;
	await repo.lockDossier(db, dossier.id);
	const current = (await repo.findDossier(db, dossier.id))!;
	if (current.levelUnitId !== dossier.levelUnitId)
		throw conflict('Hồ sơ vừa được xử lý ở nơi khác. Hãy tải lại trang.');
	requireTransition(current.status, decision);
	if (!isOpen(screeningWindow(phases), now)) throw conflict('Ngoài thời gian thẩm định.');
	if ((decision === 'return' || decision === 'reject') && !reason) {
		throw invalid('Vui lòng nhập lý do.', { reason: ['Vui lòng nhập lý do.'] });
	}
	const atTop = current.levelUnitPath === campaign.organizingUnitPath;
	const officers = await repo.staffOf(db, current.nominatingUnitId, ['officer']);
	const link = `/de-cu/${dossier.id}`;
	if (decision === 'forward') {
		const next = nextLevel(current.levelUnitPath!, campaign.organizingUnitPath);
		if (next === null || atTop)
			throw conflict('Hồ sơ đã ở cấp tổ chức: hãy chấp nhận, trả lại hoặc không chấp nhận.');
		const used = await repo.quotaUsed(db, current.categoryId, current.levelUnitId!, 'forwarder');
		if (!category || used >= category.quota) {
			throw conflict(`Đơn vị đã chuyển đủ chỉ tiêu của hạng mục này lên cấp trên (${used} hồ sơ).`);
		}
		await repo.updateDossier(db, dossier.id, {
			levelUnitId: next,
			forwardedBy: [...current.forwardedBy, current.levelUnitId!],
			updatedAt: now
		});
		const move = await recordTransition(scope, 'forward', {
			dossier: current,
			to: 'submitted',
			levelUnitId: next
		});
		await notify(db, {
			to: await repo.staffOf(db, next, ['organizer', 'officer']),
			message: `Hồ sơ được chuyển lên cần thẩm định: ${current.nomineeName} (${current.nominatingUnitName}).`,
			link: `/tham-dinh/${dossier.id}`,
			at: now,
			topic: 'dossiers'
		});
		await notify(db, {
			to: officers,
			message: `Hồ sơ ${current.nomineeName} đã được ${current.levelUnitName} chuyển lên cấp trên.`,
			link,
			at: now,
			topic: 'dossiers'
		});
		return move;
	}
	if (decision === 'accept' && !atTop)
		throw conflict('Chỉ cấp tổ chức đợt mới chấp nhận hồ sơ; cấp của bạn hãy chuyển lên cấp trên.');
	const to = statusAfter(decision, current.status);
	await repo.updateDossier(db, dossier.id, { status: to, updatedAt: now });
	const move = await recordTransition(scope, decision, {
		dossier: current,
		to,
		levelUnitId: current.levelUnitId,
		reason
	});
	await notify(db, {
		to: officers,
		message: `Hồ sơ ${current.nomineeName} ${DECIDED[decision]}${reason ? `: ${reason}` : '.'}`,
		link,
		at: now,
		topic: 'dossiers'
	});
	return move;
}

const withoutReason = z.object({ id: dossierId });
const withReason = reasonSchema.extend({ id: dossierId });

// One use case per decision, so each audits its own action.
const plainScreening = (decision: 'forward' | 'accept') =>
	defineUseCase({
		name: `nomination.${decision}`,
		input: withoutReason,
		load: ({ db }, input) => loadDossier(db, input.id),
		authorize: (_actor, loaded) => readCheck(loaded),
		confirm: (scope, _input, loaded) => confirmScreening(scope, decision, null, loaded),
		run: (scope, _input, loaded) => decide(scope, decision, null, loaded),
		audit: transitionAudit,
		present: () => undefined
	});

const reasonedScreening = (decision: 'return' | 'reject') =>
	defineUseCase({
		name: `nomination.${decision}`,
		input: withReason,
		load: ({ db }, input) => loadDossier(db, input.id),
		authorize: (_actor, loaded) => readCheck(loaded),
		// Returning is undone by resubmitting; rejecting is final, so it is confirmed first.
		...(decision === 'reject'
			? {
					confirm: (
						scope: Scope<Actor>,
						input: { reason?: string | null },
						loaded: LoadedDossier
					) => confirmScreening(scope, decision, input.reason || null, loaded)
				}
			: {}),
		run: (scope, input, loaded) => decide(scope, decision, input.reason || null, loaded),
		audit: transitionAudit,
		present: () => undefined
	});

export const forwardDossier = plainScreening('forward');
export const acceptScreenedDossier = plainScreening('accept');
export const returnDossier = reasonedScreening('return');
export const rejectDossier = reasonedScreening('reject');

const decisions = {
	forward: forwardDossier,
	accept: acceptScreenedDossier,
	return: returnDossier,
	reject: rejectDossier
};

/** Scripts and tests name the decision; each goes to its own use case. */
export function screenDossier(
	ctx: Ctx,
	id: number,
	decision: ScreeningDecision,
	reason: string | null
): Promise<void> {
	return decisions[decision](ctx, { id, reason: reason as string });
}

/** Dossiers that reached the actor's levels (everything for an administrator). */
export async function listScreeningQueue(
	ctx: Ctx,
	filter: { campaignId?: number; unitId?: number; categoryId?: number; status?: NominationStatus }
) {
	const actor = requireActor(ctx);
	const levels = unitsWithRole(actor, ['organizer', 'officer']);
	if (levels.length === 0 && !isAdmin(actor))
		throw forbidden('Bạn không phụ trách thẩm định ở cấp nào.');
	const rows = await repo.listDossiers(ctx.db, {
		...filter,
		...(isAdmin(actor) ? {} : { reached: levels })
	});
	// Drafts belong to their unit until sent.
	return rows
		.filter((r) => r.status !== 'draft')
		.map((r) => ({
			...r,
			/** What the row means for the reader: sent on from their level, or waiting there. */
			passedOn: !isAdmin(actor) && r.levelUnitId !== null && !levels.includes(r.levelUnitId),
			actionable:
				r.status === 'submitted' &&
				r.levelUnitId !== null &&
				(isAdmin(actor) || levels.includes(r.levelUnitId))
		}));
}

/** The dossiers the actor can see in a campaign, as a list to download. */
export async function exportScreeningSheet(ctx: Ctx, campaignId: number): Promise<ExportBook> {
	const rows = await listScreeningQueue(ctx, { campaignId });
	const numbered = rows.map((row, index) => ({ ...row, number: index + 1 }));
	return {
		filename: `ho-so-dot-${campaignId}`,
		personalData: { what: `Danh sách hồ sơ đề cử của đợt ${campaignId}` },
		sheets: [
			table(
				'Hồ sơ',
				[
					{ header: 'STT', kind: 'number', value: (r) => r.number },
					{
						header: 'Người / tập thể / tác phẩm được đề cử',
						kind: 'text',
						value: (r) => r.nomineeName
					},
					{ header: 'Hạng mục', kind: 'text', value: (r) => r.categoryName },
					{ header: 'Loại', kind: 'text', value: (r) => categoryKindLabels[r.categoryKind] },
					{ header: 'Đơn vị đề cử', kind: 'text', value: (r) => r.nominatingUnitName },
					{ header: 'Cấp đang xét', kind: 'text', value: (r) => r.levelUnitName ?? '' },
					{
						header: 'Trạng thái',
						kind: 'text',
						value: (r) => (r.passedOn ? 'Đã chuyển lên cấp trên' : nominationStatusLabels[r.status])
					},
					{ header: 'Ngày gửi', kind: 'date', value: (r) => r.submittedAt }
				],
				numbered
			)
		]
	};
}
