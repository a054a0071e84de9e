import { createHash } from 'node:crypto';
import type { DossierInput } from '$lib/schemas/campaigns';
import {
	categoryKindLabels,
	nominationStatusLabels,
	nomineeName,
	type NominationStatus
} from '$lib/shared/campaigns';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { authorize, can, isAdmin, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import { isOpen, phaseOf, screeningWindow } from '../campaigns';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, forbidden, invalid, notFound } from '../errors';
import {
	evidenceHeaders,
	readEvidenceLimits,
	safeFileName,
	sniffEvidence
} from '../files/evidence';
import { table, type ExportBook } from '../files/export';
import { findUnit, findUnitsByIds } from '../units';
import { notify } from '../notifications';
import * as repo from './repo';
import {
	canTransition,
	canWithdraw,
	firstLevel,
	nextLevel,
	statusAfter,
	type NominationAction
} from './rules';

const NOT_FOUND = 'Không tìm thấy hồ sơ.';

function unitsWithRole(actor: Actor, roles: string[]): number[] {
	return actor.roles.flatMap((r) =>
		roles.includes(r.role) && r.unitId !== null ? [r.unitId] : []
	);
}

async function reachedPaths(db: Db, dossier: repo.DossierRow): Promise<string[]> {
	const ids = [...dossier.forwardedBy, ...(dossier.levelUnitId ? [dossier.levelUnitId] : [])];
	// One query for every level the dossier reached (it is read on each dossier page).
	return (await findUnitsByIds(db, ids)).map((u) => u.path);
}

/** Loads a dossier the actor may read; any other is "not found", so nothing leaks. */
async function loadReadable(db: Db, actor: Actor, id: number) {
	const dossier = await repo.findDossier(db, id);
	if (!dossier) throw notFound(NOT_FOUND);
	const resource = {
		kind: 'nomination',
		nominatingUnitPath: dossier.nominatingUnitPath,
		reachedPaths: await reachedPaths(db, dossier)
	} as const;
	if (!can(actor, 'nomination.read', resource)) throw notFound(NOT_FOUND);
	return dossier;
}

async function loadCampaign(db: Db, campaignId: number) {
	const campaign = await campaignRepo.findCampaign(db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	const phases = (await campaignRepo.listPhases(db, [campaignId])).map(
		({ kind, startsAt, endsAt }) => ({ kind, startsAt, endsAt })
	);
	return { campaign, phases };
}

function requireTransition(status: NominationStatus, action: NominationAction) {
	if (!canTransition(status, action)) {
		throw conflict(
			`Hồ sơ đang ở trạng thái “${nominationStatusLabels[status]}” nên không thể thực hiện thao tác này.`
		);
	}
}

async function record(
	db: Db,
	ctx: Ctx,
	actor: Actor,
	dossier: repo.DossierRow,
	action: NominationAction,
	to: NominationStatus,
	levelUnitId: number | null,
	reason: string | null = null
) {
	await repo.insertEvent(db, {
		nominationId: dossier.id,
		at: ctx.now,
		actorId: actor.id,
		action,
		fromStatus: dossier.status,
		toStatus: to,
		levelUnitId,
		reason
	});
	await writeAudit(db, {
		actorId: actor.id,
		action: `nomination.${action}`,
		entityType: 'nomination',
		entityId: dossier.id,
		unitPath: dossier.nominatingUnitPath,
		before: { status: dossier.status, levelUnitId: dossier.levelUnitId },
		after: { status: to, levelUnitId, ...(reason ? { reason } : {}) }
	});
}

// ---------------------------------------------------------------- officers: their unit's dossiers

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
			const categories = await campaignRepo.listCategories(ctx.db, [campaign.id]);
			const places = await Promise.all(
				categories.map(async (c) => ({
					...c,
					used: await repo.quotaUsed(ctx.db, c.id, unitId, 'nominator')
				}))
			);
			const nomination = phaseOf(phases, 'nomination');
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

export async function createDraft(
	ctx: Ctx,
	target: { campaignId: number; categoryId: number; unitId: number },
	input: DossierInput
): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await findUnit(tx, target.unitId);
		if (!unit || unit.archivedAt) throw notFound('Không tìm thấy đơn vị.');
		authorize(actor, 'nomination.create', { kind: 'unit', path: unit.path });
		const { campaign, phases } = await loadCampaign(tx, target.campaignId);
		if (campaign.status !== 'published') throw notFound('Không tìm thấy đợt tôn vinh.');
		if (firstLevel(unit.path, campaign.organizingUnitPath) === null)
			throw forbidden('Đơn vị của bạn không thuộc phạm vi của đợt này.');
		const category = await campaignRepo.findCategory(tx, campaign.id, target.categoryId);
		if (!category) throw notFound('Không tìm thấy hạng mục.');
		if (category.kind !== input.nominee.kind)
			throw invalid('Thông tin người được đề cử không khớp hạng mục.');
		const nomination = phaseOf(phases, 'nomination');
		if (!nomination || ctx.now.getTime() >= nomination.endsAt.getTime())
			throw conflict('Đợt này đã hết thời gian nhận hồ sơ.');
		const name = nomineeName(input.nominee);
		const id = await repo.insertDossier(tx, {
			campaignId: campaign.id,
			categoryId: category.id,
			nominatingUnitId: unit.id,
			nominee: input.nominee,
			nomineeName: name,
			nomineeNameFolded: foldVietnamese(name),
			summary: input.summary,
			narrative: input.narrative,
			achievements: input.achievements,
			createdById: actor.id
		});
		await repo.insertEvent(tx, {
			nominationId: id,
			at: ctx.now,
			actorId: actor.id,
			action: 'create',
			toStatus: 'draft',
			levelUnitId: null
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'nomination.create',
			entityType: 'nomination',
			entityId: id,
			unitPath: unit.path,
			after: { campaignId: campaign.id, categoryId: category.id, nominee: name }
		});
		return id;
	});
}

/** Loads a dossier the actor may edit as an officer of its nominating unit. */
async function loadOwn(db: Db, actor: Actor, id: number) {
	const dossier = await loadReadable(db, actor, id);
	authorize(actor, 'nomination.create', { kind: 'unit', path: dossier.nominatingUnitPath });
	return dossier;
}

export async function updateDraft(ctx: Ctx, id: number, input: DossierInput): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockDossier(tx, id);
		const dossier = await loadOwn(tx, actor, id);
		requireTransition(dossier.status, 'edit');
		if (dossier.categoryKind !== input.nominee.kind)
			throw invalid('Thông tin người được đề cử không khớp hạng mục.');
		const name = nomineeName(input.nominee);
		await repo.updateDossier(tx, id, {
			nominee: input.nominee,
			nomineeName: name,
			nomineeNameFolded: foldVietnamese(name),
			summary: input.summary,
			narrative: input.narrative,
			achievements: input.achievements,
			updatedAt: ctx.now
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'nomination.edit',
			entityType: 'nomination',
			entityId: id,
			unitPath: dossier.nominatingUnitPath,
			before: { nominee: dossier.nomineeName },
			after: { nominee: name }
		});
	});
}

export async function deleteDraft(ctx: Ctx, id: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockDossier(tx, id);
		const dossier = await loadOwn(tx, actor, id);
		requireTransition(dossier.status, 'delete');
		// Files and history go with the dossier (ON DELETE CASCADE).
		await repo.deleteDossier(tx, id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'nomination.delete',
			entityType: 'nomination',
			entityId: id,
			unitPath: dossier.nominatingUnitPath,
			before: { nominee: dossier.nomineeName, status: dossier.status }
		});
	});
}

const QUOTA_FULL = (used: number) =>
	`Đơn vị đã dùng hết chỉ tiêu của hạng mục này (${used} hồ sơ). Hồ sơ vẫn được giữ ở dạng nháp.`;

/**
 * Sends a draft to the level above, inside the nomination window. The category row is locked
 * first, so two officers racing for the last place end with exactly one dossier sent.
 */
export async function submitDossier(ctx: Ctx, id: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const dossier = await loadOwn(tx, actor, id);
		const { campaign, phases } = await loadCampaign(tx, dossier.campaignId);
		const category = await repo.lockCategory(tx, dossier.categoryId);
		await repo.lockDossier(tx, id);
		const current = (await repo.findDossier(tx, id))!;
		requireTransition(current.status, 'submit');
		if (!isOpen(phaseOf(phases, 'nomination'), ctx.now)) {
			throw conflict('Ngoài thời gian nhận hồ sơ: không thể gửi hồ sơ lúc này.');
		}
		const used = await repo.quotaUsed(
			tx,
			dossier.categoryId,
			dossier.nominatingUnitId,
			'nominator'
		);
		if (!category || used >= category.quotaPerUnit) throw conflict(QUOTA_FULL(used));
		const level = firstLevel(dossier.nominatingUnitPath, campaign.organizingUnitPath);
		if (level === null) throw forbidden('Đơn vị của bạn không thuộc phạm vi của đợt này.');
		await repo.updateDossier(tx, id, {
			status: 'submitted',
			levelUnitId: level,
			submittedAt: ctx.now,
			updatedAt: ctx.now
		});
		await record(tx, ctx, actor, current, 'submit', 'submitted', level);
		await notify(
			tx,
			await repo.staffOf(tx, level, ['organizer', 'officer']),
			`Hồ sơ mới cần thẩm định: ${current.nomineeName} (${current.nominatingUnitName}).`,
			`/tham-dinh/${id}`,
			ctx.now
		);
	});
}

/** Sends a returned dossier back to the level that returned it, while screening is still open. */
export async function resubmitDossier(ctx: Ctx, id: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockDossier(tx, id);
		const dossier = await loadOwn(tx, actor, id);
		requireTransition(dossier.status, 'resubmit');
		const { phases } = await loadCampaign(tx, dossier.campaignId);
		if (!isOpen(screeningWindow(phases), ctx.now))
			throw conflict('Đã hết thời gian thẩm định: không thể gửi lại hồ sơ.');
		await repo.updateDossier(tx, id, { status: 'submitted', updatedAt: ctx.now });
		await record(tx, ctx, actor, dossier, 'resubmit', 'submitted', dossier.levelUnitId);
		if (dossier.levelUnitId) {
			await notify(
				tx,
				await repo.staffOf(tx, dossier.levelUnitId, ['organizer', 'officer']),
				`Hồ sơ đã được bổ sung và gửi lại: ${dossier.nomineeName}.`,
				`/tham-dinh/${id}`,
				ctx.now
			);
		}
	});
}

export async function withdrawDossier(ctx: Ctx, id: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockDossier(tx, id);
		const dossier = await loadOwn(tx, actor, id);
		if (!canWithdraw(dossier.status, dossier.forwardedBy) || dossier.status !== 'submitted') {
			throw conflict('Hồ sơ đã được thẩm định nên không thể rút.');
		}
		await repo.updateDossier(tx, id, { status: 'withdrawn', updatedAt: ctx.now });
		await record(tx, ctx, actor, dossier, 'withdraw', 'withdrawn', dossier.levelUnitId);
	});
}

// ---------------------------------------------------------------- screening at each level

export type ScreeningDecision = 'forward' | 'accept' | 'return' | 'reject';

/**
 * A level's decision on a dossier that sits with it: forward it upward (within the level's own
 * quota), accept it (only the organizing unit), or return or reject it with a reason.
 */
export async function screenDossier(
	ctx: Ctx,
	id: number,
	decision: ScreeningDecision,
	reason: string | null
): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const dossier = await loadReadable(tx, actor, id);
		requireTransition(dossier.status, decision);
		if (
			!dossier.levelUnitPath ||
			!can(actor, 'nomination.screen', { kind: 'unit', path: dossier.levelUnitPath })
		) {
			throw forbidden('Hồ sơ không nằm ở cấp của bạn.');
		}
		const { campaign, phases } = await loadCampaign(tx, dossier.campaignId);
		const category =
			decision === 'forward' ? await repo.lockCategory(tx, dossier.categoryId) : null;
		await repo.lockDossier(tx, id);
		const current = (await repo.findDossier(tx, id))!;
		if (current.levelUnitId !== dossier.levelUnitId)
			throw conflict('Hồ sơ vừa được xử lý ở nơi khác. Hãy tải lại trang.');
		requireTransition(current.status, decision);
		if (!isOpen(screeningWindow(phases), ctx.now)) throw conflict('Ngoài thời gian thẩm định.');
		if ((decision === 'return' || decision === 'reject') && !reason) {
			throw invalid('Vui lòng nhập lý do.', { reason: ['Vui lòng nhập lý do.'] });
		}
		const atTop = current.levelUnitPath === campaign.organizingUnitPath;
		const officers = await repo.staffOf(tx, current.nominatingUnitId, ['officer']);
		const link = `/de-cu/${id}`;
		if (decision === 'forward') {
			const next = nextLevel(current.levelUnitPath!, campaign.organizingUnitPath);
			if (next === null || atTop)
				throw conflict('Hồ sơ đã ở cấp tổ chức: hãy chấp nhận, trả lại hoặc không chấp nhận.');
			const used = await repo.quotaUsed(tx, current.categoryId, current.levelUnitId!, 'forwarder');
			if (!category || used >= category.quotaPerUnit) {
				throw conflict(
					`Đơn vị đã chuyển đủ chỉ tiêu của hạng mục này lên cấp trên (${used} hồ sơ).`
				);
			}
			await repo.updateDossier(tx, id, {
				levelUnitId: next,
				forwardedBy: [...current.forwardedBy, current.levelUnitId!],
				updatedAt: ctx.now
			});
			await record(tx, ctx, actor, current, 'forward', 'submitted', next);
			await notify(
				tx,
				await repo.staffOf(tx, next, ['organizer', 'officer']),
				`Hồ sơ được chuyển lên cần thẩm định: ${current.nomineeName} (${current.nominatingUnitName}).`,
				`/tham-dinh/${id}`,
				ctx.now
			);
			await notify(
				tx,
				officers,
				`Hồ sơ ${current.nomineeName} đã được ${current.levelUnitName} chuyển lên cấp trên.`,
				link,
				ctx.now
			);
			return;
		}
		if (decision === 'accept' && !atTop)
			throw conflict(
				'Chỉ cấp tổ chức đợt mới chấp nhận hồ sơ; cấp của bạn hãy chuyển lên cấp trên.'
			);
		const to = statusAfter(decision, current.status);
		await repo.updateDossier(tx, id, { status: to, updatedAt: ctx.now });
		await record(tx, ctx, actor, current, decision, to, current.levelUnitId, reason);
		const words = {
			accept: 'đã được chấp nhận',
			return: 'bị trả lại để bổ sung',
			reject: 'không được chấp nhận'
		}[decision];
		await notify(
			tx,
			officers,
			`Hồ sơ ${current.nomineeName} ${words}${reason ? `: ${reason}` : '.'}`,
			link,
			ctx.now
		);
	});
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

// ---------------------------------------------------------------- one dossier

export async function getDossier(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const dossier = await loadReadable(ctx.db, actor, id);
	const [events, files, campaignInfo] = await Promise.all([
		repo.listEvents(ctx.db, id),
		repo.listFiles(ctx.db, id),
		loadCampaign(ctx.db, dossier.campaignId)
	]);
	const { campaign, phases } = campaignInfo;
	const own = can(actor, 'nomination.create', { kind: 'unit', path: dossier.nominatingUnitPath });
	const screens =
		dossier.levelUnitPath !== null &&
		can(actor, 'nomination.screen', { kind: 'unit', path: dossier.levelUnitPath });
	const atTop = dossier.levelUnitPath === campaign.organizingUnitPath;
	const screeningOpen = isOpen(screeningWindow(phases), ctx.now);
	return {
		dossier,
		campaign: {
			id: campaign.id,
			title: campaign.title,
			organizingUnitName: campaign.organizingUnitName
		},
		events,
		files,
		returnReason:
			dossier.status === 'returned' ? await repo.lastReason(ctx.db, id, 'return') : null,
		may: {
			edit: own && canTransition(dossier.status, 'edit'),
			delete: own && canTransition(dossier.status, 'delete'),
			submit: own && dossier.status === 'draft' && isOpen(phaseOf(phases, 'nomination'), ctx.now),
			resubmit: own && dossier.status === 'returned' && screeningOpen,
			withdraw: own && canWithdraw(dossier.status, dossier.forwardedBy),
			forward: screens && dossier.status === 'submitted' && !atTop && screeningOpen,
			accept: screens && dossier.status === 'submitted' && atTop && screeningOpen,
			decide: screens && dossier.status === 'submitted' && screeningOpen
		}
	};
}

export async function addDossierFile(
	ctx: Ctx,
	id: number,
	role: 'photo' | 'evidence',
	file: { name: string; bytes: Uint8Array }
): Promise<void> {
	const actor = requireActor(ctx);
	const limits = readEvidenceLimits();
	await ctx.db.transaction(async (tx) => {
		await repo.lockDossier(tx, id);
		const dossier = await loadOwn(tx, actor, id);
		requireTransition(dossier.status, 'edit');
		if (file.bytes.length > limits.maxBytes) {
			const message = `Tệp quá lớn: tối đa ${Math.round(limits.maxBytes / 1024 / 1024)} MB mỗi tệp.`;
			throw invalid(message, { file: [message] });
		}
		const type = sniffEvidence(file.bytes);
		const allowed = role === 'photo' ? type && type.mime !== 'application/pdf' : type;
		if (!type || !allowed) {
			const message =
				role === 'photo'
					? 'Ảnh phải là tệp JPEG, PNG hoặc WebP.'
					: 'Minh chứng phải là ảnh (JPEG, PNG, WebP) hoặc PDF.';
			throw invalid(message, { file: [message] });
		}
		const existing = await repo.listFiles(tx, id);
		if (
			role === 'evidence' &&
			existing.filter((f) => f.role === 'evidence').length >= limits.maxFiles
		) {
			const message = `Mỗi hồ sơ có tối đa ${limits.maxFiles} tệp minh chứng.`;
			throw conflict(message, { file: [message] });
		}
		if (role === 'photo') await repo.deletePhotos(tx, id);
		const fileId = crypto.randomUUID();
		const digest = createHash('sha256').update(file.bytes).digest('hex');
		const fileName = safeFileName(file.name, type.extension);
		await repo.insertFile(tx, {
			id: fileId,
			nominationId: id,
			role,
			fileName,
			mimeType: type.mime,
			size: file.bytes.length,
			sha256: digest,
			bytes: file.bytes
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'nomination.file_add',
			entityType: 'nomination',
			entityId: id,
			unitPath: dossier.nominatingUnitPath,
			after: { file: fileName, role, size: file.bytes.length }
		});
	});
}

export async function removeDossierFile(ctx: Ctx, id: number, fileId: string): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockDossier(tx, id);
		const dossier = await loadOwn(tx, actor, id);
		requireTransition(dossier.status, 'edit');
		const file = await repo.findFile(tx, id, fileId);
		if (!file) throw notFound('Không tìm thấy tệp.');
		await repo.deleteFile(tx, id, fileId);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'nomination.file_remove',
			entityType: 'nomination',
			entityId: id,
			unitPath: dossier.nominatingUnitPath,
			before: { file: file.fileName }
		});
	});
}

/** A file of a dossier the actor may read, with the headers to serve it safely. */
export async function readDossierFile(ctx: Ctx, id: number, fileId: string) {
	const actor = requireActor(ctx);
	await loadReadable(ctx.db, actor, id);
	const file = await repo.findFile(ctx.db, id, fileId);
	if (!file) throw notFound('Không tìm thấy tệp.');
	return { bytes: file.bytes, headers: evidenceHeaders(file) };
}

/** The dossiers the actor can see in a campaign, as a list to download. */
export async function exportScreeningSheet(ctx: Ctx, campaignId: number): Promise<ExportBook> {
	const rows = await listScreeningQueue(ctx, { campaignId });
	const numbered = rows.map((row, index) => ({ ...row, number: index + 1 }));
	return {
		filename: `ho-so-dot-${campaignId}`,
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
