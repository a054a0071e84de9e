import { getRandomValues } from 'node:crypto';
import type {
	AwardSettingsInput,
	DecisionInput,
	FromCampaignInput,
	FromLiveGameInput,
	FromRoundInput,
	HonourFilter,
	ManualDecisionInput,
	RecipientInput
} from '$lib/schemas/awards';
import {
	awardLabel,
	formatCertificateCode,
	recipientTypeLabels,
	type AwardKind,
	type AwardSource
} from '$lib/shared/awards';
import { formatDate } from '$lib/shared/format';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import * as authRepo from '../auth';
import { describeWait, judgeAttempt, recordFailure } from '../auth';
import * as campaignRepo from '../campaigns';
import * as contestRepo from '../contests';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, invalid, isUniqueViolation, notFound, tooManyRequests } from '../errors';
import { table, type ExportBook } from '../files/export';
import { listPublicShortlist } from '../judging';
import { findActiveUnit, findUnit, findUnitsByIds } from '../units';
import { idsOnPath } from '../units';
import { renderCertificates, type CertificateData } from './certificate';
import * as repo from './repo';
import {
	certificateCodeFrom,
	changedFields,
	citationLines,
	CODE_LENGTH,
	confirmationToken,
	kindFromTier,
	livePrizeWording,
	normalizeCertificateCode,
	placeAndDate,
	resolvePrintSettings,
	roundPrizeWording,
	slugFor,
	verifyLimits,
	yearOf
} from './rules';
import { campaignResults, liveGameResults, roundResults, type Candidate } from './sources';
import * as liveRepo from '../live';

const NOT_FOUND = 'Không tìm thấy quyết định khen thưởng.';
const DUPLICATE_NUMBER = 'Đơn vị này đã có quyết định mang số này.';

function newCode(): string {
	return certificateCodeFrom(getRandomValues(new Uint8Array(CODE_LENGTH)));
}

/** A decision the actor may manage; any other is "not found", so nothing leaks. */
async function loadManaged(db: Db, actor: Actor, id: number, lock = false) {
	const decision = await repo.findDecision(db, id, lock);
	if (!decision || !can(actor, 'award.manage', { kind: 'unit', path: decision.unitPath }))
		throw notFound(NOT_FOUND);
	return decision;
}

function decisionValues(input: DecisionInput) {
	return {
		number: input.number,
		decidedOn: input.decidedOn,
		year: yearOf(input.decidedOn),
		issuer: input.issuer,
		signer: input.signer,
		signerTitle: input.signerTitle,
		citation: input.citation,
		field: input.field ?? null
	};
}

type Planned = Candidate & { kind: AwardKind; customKind: string | null };

/** What a decision would write: its issuing unit, its source and its recipients in order. */
interface Plan {
	unit: { id: number; path: string };
	source: { source: AwardSource; campaignId?: number; roundId?: number; gameId?: number };
	recipients: Planned[];
}

/** Reads a source and authorises the actor on it; the same for the preview and the write. */
type Planner<I> = (db: Db, ctx: Ctx, actor: Actor, input: I) => Promise<Plan>;

/** The digest the confirmation step carries: the decision's text and every recipient's line. */
function tokenOf(input: DecisionInput, plan: Plan): string {
	return confirmationToken({
		unit: plan.unit.id,
		source: plan.source,
		decision: decisionValues(input),
		recipients: plan.recipients.map((r) => [
			r.type,
			r.name,
			r.unitId,
			r.unitName,
			r.position,
			r.achievement,
			r.field,
			r.nominationId,
			r.playerId,
			r.kind,
			r.customKind
		])
	});
}

/** Why a decision cannot be issued, found before the confirmation step as well as at the write. */
async function refuseUnissuable(db: Db, input: DecisionInput, plan: Plan) {
	if (plan.recipients.length === 0)
		throw invalid('Quyết định phải có ít nhất một người được khen.');
	if (await repo.numberTaken(db, plan.unit.id, input.number))
		throw conflict(DUPLICATE_NUMBER, { number: [DUPLICATE_NUMBER] });
	// Nobody is awarded twice for the same result: a dossier, or a round's or game's places.
	if (plan.source.roundId !== undefined || plan.source.gameId !== undefined) {
		const standing = await repo.standingDecisionFrom(db, plan.source);
		if (standing) throw conflict(`Kết quả này đã được khen theo quyết định số ${standing}.`);
	}
	const awarded = await repo.awardedNominations(
		db,
		plan.recipients.flatMap((r) => (r.nominationId === null ? [] : [r.nominationId]))
	);
	const twice = plan.recipients.find((r) => r.nominationId !== null && awarded.has(r.nominationId));
	if (twice) {
		throw conflict(
			`Hồ sơ “${twice.name}” đã được khen theo quyết định số ${awarded.get(twice.nominationId!)}.`
		);
	}
}

/** Writes a decision and its recipients, its history's first line and the audit row. */
async function issue(
	tx: Db,
	ctx: Ctx,
	actor: Actor,
	plan: Plan,
	input: DecisionInput
): Promise<number> {
	const { unit, source, recipients } = plan;
	const sourceKey = source.campaignId ?? source.roundId ?? source.gameId;
	if (sourceKey !== undefined) await repo.lockSource(tx, `award:${source.source}:${sourceKey}`);
	await refuseUnissuable(tx, input, plan);
	let decisionId: number;
	try {
		// A failed insert aborts the whole transaction anyway: no savepoint is needed to report it.
		decisionId = await repo.insertDecision(tx, {
			unitId: unit.id,
			...decisionValues(input),
			source: source.source,
			campaignId: source.campaignId ?? null,
			roundId: source.roundId ?? null,
			gameId: source.gameId ?? null,
			createdById: actor.id,
			createdAt: ctx.now,
			updatedAt: ctx.now
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict(DUPLICATE_NUMBER, { number: [DUPLICATE_NUMBER] });
		throw error;
	}
	const ids = await repo.insertRecipients(
		tx,
		recipients.map((r, i) => ({
			decisionId,
			kind: r.kind,
			customKind: r.kind === 'custom' ? r.customKind : null,
			type: r.type,
			name: r.name,
			nameFolded: foldVietnamese(r.name),
			unitId: r.unitId,
			unitName: r.unitName,
			position: r.position,
			achievement: r.achievement,
			// Each keeps its own category's field; one category's is never copied to all.
			field: r.field,
			nominationId: r.nominationId,
			playerId: r.playerId,
			certificateCode: newCode(),
			rank: i + 1,
			createdAt: ctx.now,
			updatedAt: ctx.now
		})),
		slugFor
	);
	await repo.insertEvent(tx, {
		decisionId,
		at: ctx.now,
		actorId: actor.id,
		action: 'create',
		after: { number: input.number, recipients: ids.length }
	});
	await writeAudit(tx, {
		actorId: actor.id,
		action: 'award.create',
		entityType: 'award_decision',
		entityId: decisionId,
		unitPath: unit.path,
		after: { number: input.number, source: source.source, recipients: ids.length }
	});
	return decisionId;
}

/** The confirmation step: who would be awarded, how many, with which award, and its digest. */
async function previewOf<I extends DecisionInput>(ctx: Ctx, input: I, planner: Planner<I>) {
	const actor = requireActor(ctx);
	const plan = await planner(ctx.db, ctx, actor, input);
	await refuseUnissuable(ctx.db, input, plan);
	const recipients = plan.recipients.map((r) => ({
		name: r.name,
		type: r.type,
		unitName: r.unitName,
		awardLabel: awardLabel(r.kind, r.customKind),
		achievement: r.achievement,
		field: input.field ?? r.field
	}));
	const kinds = new Map<string, number>();
	for (const r of recipients) kinds.set(r.awardLabel, (kinds.get(r.awardLabel) ?? 0) + 1);
	return {
		decision: decisionValues(input),
		recipients,
		kinds: [...kinds].map(([label, count]) => ({ label, count })),
		token: tokenOf(input, plan)
	};
}
export type DecisionPreview = Awaited<ReturnType<typeof previewOf>>;

const NOT_CONFIRMED = 'Vui lòng xem lại danh sách và xác nhận trước khi ban hành quyết định.';
const CHANGED_SINCE =
	'Danh sách hoặc nội dung quyết định đã thay đổi so với lúc xem lại. Vui lòng xem lại và xác nhận lần nữa.';

/** Writes the decision only as confirmed: what it would write now must be what was shown. */
async function confirmAndIssue<I extends DecisionInput & { confirmation?: string }>(
	ctx: Ctx,
	input: I,
	planner: Planner<I>
): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const plan = await planner(tx, ctx, actor, input);
		if (!input.confirmation) throw invalid(NOT_CONFIRMED);
		if (input.confirmation !== tokenOf(input, plan)) throw conflict(CHANGED_SINCE);
		return issue(tx, ctx, actor, plan, input);
	});
}

// ---- Organizers: decisions -----------------------------------------------------------------

export async function listDecisions(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listDecisions(ctx.db, administeredPaths(actor));
}

export async function getDecision(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const decision = await loadManaged(ctx.db, actor, id);
	const [recipients, history, round, game, chain] = await Promise.all([
		repo.listRecipients(ctx.db, id),
		repo.listEvents(ctx.db, id),
		decision.roundId ? contestRepo.findRound(ctx.db, decision.roundId) : null,
		decision.gameId ? liveRepo.findGame(ctx.db, decision.gameId) : null,
		settingsChain(ctx.db, decision.unitPath)
	]);
	// Where the decision rests: its round's leaderboard, or its live game's report.
	const leaderboard = round ? `/cuoc-thi/${round.contestId}/tuan/${round.id}` : null;
	const gameReport = game ? `/quan-tri/rung-chuong-vang/${game.code}` : null;
	// How its certificates are signed off, so the organizer sees it before printing.
	const signOff = resolvePrintSettings(chain);
	return {
		decision,
		recipients,
		history,
		leaderboard,
		gameReport,
		signOff: { ...signOff, placeAndDate: placeAndDate(signOff.placeName, decision.decidedOn) }
	};
}

/**
 * A campaign's accepted dossiers with the judged shortlist first, in its order, then the rest:
 * the shortlist is what the panel chose, the others only what screening let through.
 */
async function rankedCampaignResults(ctx: Ctx, campaignId: number) {
	const results = await campaignResults(ctx.db, campaignId);
	const finalists = new Set(
		(await listPublicShortlist(ctx, campaignId)).map((f) => f.nominationId)
	);
	const marked = results.map((c) => ({
		...c,
		shortlisted: c.nominationId !== null && finalists.has(c.nominationId)
	}));
	return [...marked.filter((c) => c.shortlisted), ...marked.filter((c) => !c.shortlisted)];
}

/** The chosen dossiers among a campaign's accepted ones, issued by its organizing unit. */
const planFromCampaign: Planner<FromCampaignInput> = async (db, ctx, actor, input) => {
	const campaign = await campaignRepo.findCampaign(db, input.campaignId);
	if (!campaign || !can(actor, 'award.manage', { kind: 'unit', path: campaign.organizingUnitPath }))
		throw notFound('Không tìm thấy đợt tôn vinh.');
	const results = await rankedCampaignResults({ ...ctx, db }, campaign.id);
	const chosen = new Set(input.nominationIds);
	const picked = results.filter((c) => c.nominationId !== null && chosen.has(c.nominationId));
	if (picked.length !== chosen.size)
		throw conflict('Có hồ sơ đã chọn không còn nằm trong kết quả của đợt. Vui lòng tải lại.');
	return {
		unit: { id: campaign.organizingUnitId, path: campaign.organizingUnitPath },
		source: { source: 'campaign', campaignId: campaign.id },
		recipients: picked.map((c) => ({
			...c,
			kind: input.kind,
			customKind: input.customKind ?? null
		}))
	};
};

/** A contest round's published winners, each with their prize. */
const planFromRound: Planner<FromRoundInput> = async (db, _ctx, actor, input) => {
	const round = await contestRepo.findRound(db, input.roundId);
	const contest = round ? await contestRepo.findContest(db, round.contestId) : null;
	if (!round || !contest || !can(actor, 'award.manage', { kind: 'unit', path: contest.unitPath }))
		throw notFound('Không tìm thấy tuần thi.');
	if (!round.winnersPublishedAt) throw conflict('Tuần thi này chưa công bố giải.');
	const winners = await roundResults(db, round.id);
	return {
		unit: { id: contest.unitId, path: contest.unitPath },
		source: { source: 'contest_round', roundId: round.id },
		recipients: winners.map((w) => ({
			...w,
			achievement: roundPrizeWording(w.tier ?? '', round.title, contest.title, input.citation),
			...kindFromTier(w.tier ?? '')
		}))
	};
};

/**
 * A finished live game's top three places (ties share a place): Giải Nhất, Nhì, Ba, issued by
 * the game's unit.
 */
const planFromLiveGame: Planner<FromLiveGameInput> = async (db, _ctx, actor, input) => {
	const game = await liveRepo.findGame(db, input.gameId);
	const unit = game ? await findActiveUnit(db, game.unitId) : null;
	if (!game || !unit || !can(actor, 'award.manage', { kind: 'unit', path: unit.path }))
		throw notFound('Không tìm thấy trò chơi.');
	if (game.state !== 'finished') throw conflict('Trò chơi chưa kết thúc.');
	if (game.startedAt === null)
		throw conflict('Trò chơi kết thúc khi chưa bắt đầu: không có kết quả.');
	const placed = await liveGameResults(db, game.id);
	return {
		unit,
		source: { source: 'live_game', gameId: game.id },
		recipients: placed.map((p) => ({
			...p,
			achievement: livePrizeWording(p.tier ?? '', game.title, input.citation),
			...kindFromTier(p.tier ?? '')
		}))
	};
};

/** People or collectives entered by hand, one line each. */
const planManual: Planner<ManualDecisionInput> = async (db, _ctx, actor, input) => {
	const unit = await findActiveUnit(db, input.unitId);
	if (!unit) throw notFound('Không tìm thấy đơn vị.');
	authorize(actor, 'award.manage', { kind: 'unit', path: unit.path });
	return {
		unit,
		source: { source: 'manual' },
		recipients: input.recipients.map((r, i) => ({
			type: input.type,
			name: r.name,
			unitId: null,
			unitName: r.unitName,
			position: r.position,
			achievement: '',
			field: null,
			nominationId: null,
			playerId: null,
			tier: null,
			rank: i + 1,
			kind: input.kind,
			customKind: input.customKind ?? null
		}))
	};
};

// Every source goes through the same two steps: a preview to confirm, then the write of
// exactly what was confirmed.
export const previewDecisionFromCampaign = (ctx: Ctx, input: FromCampaignInput) =>
	previewOf(ctx, input, planFromCampaign);
export const createDecisionFromCampaign = (ctx: Ctx, input: FromCampaignInput) =>
	confirmAndIssue(ctx, input, planFromCampaign);
export const previewDecisionFromRound = (ctx: Ctx, input: FromRoundInput) =>
	previewOf(ctx, input, planFromRound);
export const createDecisionFromRound = (ctx: Ctx, input: FromRoundInput) =>
	confirmAndIssue(ctx, input, planFromRound);
export const previewDecisionFromLiveGame = (ctx: Ctx, input: FromLiveGameInput) =>
	previewOf(ctx, input, planFromLiveGame);
export const createDecisionFromLiveGame = (ctx: Ctx, input: FromLiveGameInput) =>
	confirmAndIssue(ctx, input, planFromLiveGame);
export const previewManualDecision = (ctx: Ctx, input: ManualDecisionInput) =>
	previewOf(ctx, input, planManual);
export const createManualDecision = (ctx: Ctx, input: ManualDecisionInput) =>
	confirmAndIssue(ctx, input, planManual);

/** A recipient's unit link must lie in the decision's subtree. */
async function recipientUnit(db: Db, decision: repo.DecisionRow, unitId: number | undefined) {
	if (!unitId) return null;
	const unit = await findUnit(db, unitId);
	if (!unit || !unit.path.startsWith(decision.unitPath))
		throw invalid('Đơn vị không thuộc phạm vi của quyết định.', {
			unitId: ['Đơn vị không thuộc phạm vi của quyết định.']
		});
	return unit;
}

export async function addRecipient(ctx: Ctx, decisionId: number, input: RecipientInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const decision = await loadManaged(tx, actor, decisionId, true);
		const unit = await recipientUnit(tx, decision, input.unitId);
		const [id] = await repo.insertRecipients(
			tx,
			[
				{
					decisionId,
					kind: input.kind,
					customKind: input.kind === 'custom' ? (input.customKind ?? null) : null,
					type: input.type,
					name: input.name,
					nameFolded: foldVietnamese(input.name),
					unitId: unit?.id ?? null,
					unitName: input.unitName,
					position: input.position,
					achievement: input.achievement,
					field: input.field ?? null,
					certificateCode: newCode(),
					rank: await repo.nextRank(tx, decisionId),
					createdAt: ctx.now,
					updatedAt: ctx.now
				}
			],
			slugFor
		);
		await repo.insertEvent(tx, {
			decisionId,
			recipientId: id,
			at: ctx.now,
			actorId: actor.id,
			action: 'add',
			after: { name: input.name, unitName: input.unitName }
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'award.recipient_add',
			entityType: 'award_recipient',
			entityId: id,
			unitPath: decision.unitPath,
			after: { decisionId, name: input.name }
		});
		return id!;
	});
}

/**
 * Corrects a decision's particulars; the old values stay in its history with the reason. The
 * form comes filled with the current values and what it sends is the new state; a blank field
 * leaves each recipient its own (its campaign category's, if any).
 */
export async function correctDecision(
	ctx: Ctx,
	decisionId: number,
	input: DecisionInput & { reason: string }
) {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const decision = await loadManaged(tx, actor, decisionId, true);
		const next = decisionValues(input);
		const changed = changedFields(decision, next);
		if (changed.length === 0) throw invalid('Không có thông tin nào thay đổi.');
		const before = Object.fromEntries(changed.map((k) => [k, decision[k]]));
		const after = Object.fromEntries(changed.map((k) => [k, next[k]]));
		try {
			await repo.updateDecision(tx, decisionId, { ...next, updatedAt: ctx.now });
		} catch (error) {
			if (isUniqueViolation(error))
				throw conflict(DUPLICATE_NUMBER, { number: [DUPLICATE_NUMBER] });
			throw error;
		}
		await repo.insertEvent(tx, {
			decisionId,
			at: ctx.now,
			actorId: actor.id,
			action: 'correct',
			before,
			after,
			reason: input.reason
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'award.correct',
			entityType: 'award_decision',
			entityId: decisionId,
			unitPath: decision.unitPath,
			before,
			after: { ...after, reason: input.reason }
		});
	});
}

async function loadManagedRecipient(db: Db, actor: Actor, recipientId: number, lock = false) {
	const recipient = await repo.findRecipient(db, recipientId, lock);
	if (!recipient) throw notFound('Không tìm thấy người được khen thưởng.');
	const decision = await loadManaged(db, actor, recipient.decisionId);
	return { recipient, decision };
}

/** Corrects a recipient (a misspelt name, the wrong unit); the certificate code stays. */
export async function correctRecipient(
	ctx: Ctx,
	recipientId: number,
	input: RecipientInput & { reason: string }
) {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const { recipient, decision } = await loadManagedRecipient(tx, actor, recipientId, true);
		if (recipient.revokedAt) throw conflict('Khen thưởng này đã bị thu hồi, không sửa được.');
		const unit = await recipientUnit(tx, decision, input.unitId);
		const next = {
			kind: input.kind,
			customKind: input.kind === 'custom' ? (input.customKind ?? null) : null,
			type: input.type,
			name: input.name,
			unitId: unit?.id ?? null,
			unitName: input.unitName,
			position: input.position,
			achievement: input.achievement,
			field: input.field ?? null
		};
		const changed = changedFields(recipient, next);
		if (changed.length === 0) throw invalid('Không có thông tin nào thay đổi.');
		const before = Object.fromEntries(changed.map((k) => [k, recipient[k]]));
		const after = Object.fromEntries(changed.map((k) => [k, next[k]]));
		await repo.updateRecipient(tx, recipientId, {
			...next,
			nameFolded: foldVietnamese(input.name),
			updatedAt: ctx.now
		});
		await repo.insertEvent(tx, {
			decisionId: decision.id,
			recipientId,
			at: ctx.now,
			actorId: actor.id,
			action: 'correct',
			before,
			after,
			reason: input.reason
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'award.recipient_correct',
			entityType: 'award_recipient',
			entityId: recipientId,
			unitPath: decision.unitPath,
			before,
			after: { ...after, reason: input.reason }
		});
	});
}

/**
 * Revokes one recipient's award: the record, its code and its history stay (verification says
 * "revoked"), and the honour roll stops showing it.
 */
export async function revokeRecipient(ctx: Ctx, recipientId: number, reason: string) {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const { recipient, decision } = await loadManagedRecipient(tx, actor, recipientId, true);
		if (recipient.revokedAt) throw conflict('Khen thưởng này đã bị thu hồi trước đó.');
		await repo.updateRecipient(tx, recipientId, {
			revokedAt: ctx.now,
			revokedReason: reason,
			revokedById: actor.id,
			updatedAt: ctx.now
		});
		await repo.insertEvent(tx, {
			decisionId: decision.id,
			recipientId,
			at: ctx.now,
			actorId: actor.id,
			action: 'revoke',
			before: { revoked: false },
			after: { revoked: true },
			reason
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'award.revoke',
			entityType: 'award_recipient',
			entityId: recipientId,
			unitPath: decision.unitPath,
			before: { revoked: false },
			after: { revoked: true, reason }
		});
	});
}

/** Campaigns and contest rounds of the organizer's subtrees that can become decisions. */
export async function listAwardSources(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const withinPaths = administeredPaths(actor);
	const [campaigns, rounds, games] = await Promise.all([
		campaignRepo.listCampaigns(ctx.db, { withinPaths, publishedOnly: true }),
		repo.roundsWithWinners(ctx.db, withinPaths),
		repo.finishedGames(ctx.db, withinPaths)
	]);
	return {
		campaigns: campaigns.map((c) => ({ id: c.id, title: c.title, year: c.year })),
		rounds,
		games
	};
}

/**
 * What an organizer can turn into a decision: the accepted dossiers of a campaign, the judged
 * shortlist first and alone ticked (less what is already awarded); without a shortlist, none.
 */
export async function campaignCandidates(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	const campaign = await campaignRepo.findCampaign(ctx.db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	if (!can(actor, 'award.manage', { kind: 'unit', path: campaign.organizingUnitPath }))
		throw notFound('Không tìm thấy đợt tôn vinh.');
	const candidates = await rankedCampaignResults(ctx, campaign.id);
	const awarded = await repo.awardedNominations(
		ctx.db,
		candidates.flatMap((c) => (c.nominationId ? [c.nominationId] : []))
	);
	return {
		campaign: { id: campaign.id, title: campaign.title, year: campaign.year },
		candidates: candidates.map((c) => {
			const awardedIn = c.nominationId ? (awarded.get(c.nominationId) ?? null) : null;
			return { ...c, awardedIn, selected: c.shortlisted && !awardedIn };
		})
	};
}

/** A person's or unit's awards across years, within the reader's subtrees. */
export async function awardHistory(ctx: Ctx, query: { name?: string; unitId?: number }) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const unit = query.unitId ? await findUnit(ctx.db, query.unitId) : null;
	if (query.unitId && !unit) throw notFound('Không tìm thấy đơn vị.');
	if (!query.name && !unit) return [];
	return repo.awardHistory(ctx.db, {
		withinPaths: administeredPaths(actor),
		nameFolded: query.name ? foldVietnamese(query.name) : undefined,
		unitPath: unit?.path
	});
}

// ---- Certificates --------------------------------------------------------------------------

/** The unit and its ancestors, nearest first, each with the certificate settings it set. */
async function settingsChain(db: Db, unitPath: string) {
	const ids = idsOnPath(unitPath).reverse();
	const [units, settings] = [await findUnitsByIds(db, ids), await repo.unitSettings(db, ids)];
	const unitById = new Map(units.map((u) => [u.id, u]));
	const setById = new Map(settings.map((s) => [s.unitId, s]));
	return ids.flatMap((id) => {
		const unit = unitById.get(id);
		if (!unit) return [];
		const set = setById.get(id);
		return [
			{
				id,
				name: unit.name,
				placeName: set?.placeName ?? null,
				authorityLine: set?.authorityLine ?? null
			}
		];
	});
}

function certificateOf(
	decision: repo.DecisionRow,
	r: repo.RecipientRow,
	origin: string,
	signOff: { placeName: string; authorityLine: string }
): CertificateData {
	return {
		issuer: decision.issuer,
		awardLabel: awardLabel(r.kind, r.customKind),
		recipientName: r.name,
		recipientType: r.type,
		position: r.position,
		unitName: r.unitName,
		citation: citationLines(decision.citation, r.achievement),
		field: decision.field ?? r.field,
		decisionNumber: decision.number,
		decidedOn: decision.decidedOn,
		placeAndDate: placeAndDate(signOff.placeName, decision.decidedOn),
		authorityLine: signOff.authorityLine,
		signer: decision.signer,
		signerTitle: decision.signerTitle,
		code: r.certificateCode,
		verifyUrl: `${origin}/xac-minh/${r.certificateCode}`
	};
}

/** One recipient's certificate (A4 landscape PDF); a revoked award has none. */
export async function certificatePdf(ctx: Ctx, recipientId: number, origin: string) {
	const actor = requireActor(ctx);
	const { recipient, decision } = await loadManagedRecipient(ctx.db, actor, recipientId);
	if (recipient.revokedAt)
		throw conflict('Khen thưởng này đã bị thu hồi, không in giấy chứng nhận.');
	const signOff = resolvePrintSettings(await settingsChain(ctx.db, decision.unitPath));
	return {
		bytes: await renderCertificates([certificateOf(decision, recipient, origin, signOff)]),
		filename: `chung-nhan-${recipient.slug}.pdf`
	};
}

/** Every standing certificate of a decision, one page each, in one PDF for printing. */
export async function decisionCertificatesPdf(ctx: Ctx, decisionId: number, origin: string) {
	const actor = requireActor(ctx);
	const decision = await loadManaged(ctx.db, actor, decisionId);
	const recipients = (await repo.listRecipients(ctx.db, decisionId)).filter((r) => !r.revokedAt);
	if (recipients.length === 0) throw conflict('Quyết định không còn ai để in giấy chứng nhận.');
	const signOff = resolvePrintSettings(await settingsChain(ctx.db, decision.unitPath));
	return {
		bytes: await renderCertificates(
			recipients.map((r) => certificateOf(decision, r, origin, signOff))
		),
		filename: `chung-nhan-quyet-dinh-${decision.id}.pdf`
	};
}

/**
 * How a unit's certificates are signed off: what it set itself, and what prints (its own, else
 * an ancestor's or its name's place; the standing committee's authority line by default).
 */
export async function getAwardSettings(ctx: Ctx, unitId: number) {
	const actor = requireActor(ctx);
	const unit = await findActiveUnit(ctx.db, unitId);
	if (!unit || !can(actor, 'award.manage', { kind: 'unit', path: unit.path }))
		throw notFound('Không tìm thấy đơn vị.');
	const chain = await settingsChain(ctx.db, unit.path);
	const own = chain[0]!;
	return {
		unit: { id: unit.id, name: unit.name },
		own: { placeName: own.placeName, authorityLine: own.authorityLine },
		prints: resolvePrintSettings(chain)
	};
}

export async function saveAwardSettings(ctx: Ctx, input: AwardSettingsInput) {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const unit = await findActiveUnit(tx, input.unitId);
		if (!unit || !can(actor, 'award.manage', { kind: 'unit', path: unit.path }))
			throw notFound('Không tìm thấy đơn vị.');
		const [before] = await repo.unitSettings(tx, [unit.id]);
		const after = {
			placeName: input.placeName ?? null,
			authorityLine: input.authorityLine ?? null
		};
		await repo.saveUnitSettings(tx, {
			unitId: unit.id,
			...after,
			updatedById: actor.id,
			updatedAt: ctx.now
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'award.settings',
			entityType: 'unit',
			entityId: unit.id,
			unitPath: unit.path,
			before: before
				? { placeName: before.placeName, authorityLine: before.authorityLine }
				: undefined,
			after
		});
	});
}

// ---- Public: verification and the honour roll ---------------------------------------------

export type Verification =
	| { status: 'unknown' }
	| {
			status: 'valid' | 'revoked';
			code: string;
			name: string;
			unitName: string;
			awardLabel: string;
			position: string;
			/** What the certificate says: the decision's citation, then the recipient's own line. */
			citation: string[];
			field: string | null;
			slug: string;
			revokedAt: Date | null;
			revokedReason: string | null;
			decision: { number: string; decidedOn: string; issuer: string; signer: string };
	  };

/**
 * @public Anyone holding a certificate may check it. Codes carry 75 random bits; misses are
 * counted per address in the sign-in throttle table, so probing for codes is locked out.
 */
export async function verifyCertificate(
	ctx: Ctx,
	rawCode: string,
	options: { address: string }
): Promise<Verification> {
	const key = `verify:${options.address}`;
	const state = await authRepo.getThrottle(ctx.db, key);
	const verdict = judgeAttempt(state, verifyLimits, ctx.now);
	if (!verdict.allowed)
		throw tooManyRequests(
			`Bạn đã tra cứu quá nhiều mã không tồn tại. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
		);
	const code = normalizeCertificateCode(rawCode);
	const found = code ? await repo.findByCode(ctx.db, code) : null;
	if (!found) {
		await ctx.db.transaction(async (tx) => {
			const locked = await authRepo.lockThrottle(tx, key, ctx.now);
			await authRepo.saveThrottle(tx, key, recordFailure(locked, verifyLimits, ctx.now));
		});
		return { status: 'unknown' };
	}
	const r = found.recipient;
	return {
		status: r.revokedAt ? 'revoked' : 'valid',
		code: r.certificateCode,
		name: r.name,
		unitName: r.unitName,
		awardLabel: awardLabel(r.kind, r.customKind),
		position: r.position,
		citation: citationLines(found.decision.citation, r.achievement),
		field: found.decision.field ?? r.field,
		slug: r.slug,
		revokedAt: r.revokedAt,
		revokedReason: r.revokedReason,
		decision: {
			number: found.decision.number,
			decidedOn: found.decision.decidedOn,
			issuer: found.decision.issuer,
			signer: found.decision.signer
		}
	};
}

const HONOUR_PAGE = 24;

/** @public The honour roll is public: standing awards only, searched without diacritics. */
export async function honourRoll(db: Db, filter: HonourFilter) {
	const unit = filter.unit ? await findActiveUnit(db, filter.unit) : null;
	const rows = await repo.honourRoll(db, {
		nameFolded: filter.q ? foldVietnamese(filter.q) : undefined,
		year: filter.year,
		unitPath: unit?.path,
		field: filter.field || undefined,
		kind: filter.kind,
		limit: HONOUR_PAGE + 1,
		offset: (filter.page - 1) * HONOUR_PAGE
	});
	return {
		rows: rows.slice(0, HONOUR_PAGE).map((r) => ({
			...r,
			awardLabel: awardLabel(r.kind, r.customKind)
		})),
		hasMore: rows.length > HONOUR_PAGE,
		facets: await repo.honourFacets(db)
	};
}

/** @public One model's page: a revoked award has none (404). */
export async function honourModel(db: Db, slug: string) {
	const found = await repo.findStandingBySlug(db, slug);
	if (!found) throw notFound('Không tìm thấy gương điển hình này.');
	const others = await repo.awardHistory(db, {
		withinPaths: null,
		nameFolded: foldVietnamese(found.recipient.name)
	});
	return {
		...found,
		awardLabel: awardLabel(found.recipient.kind, found.recipient.customKind),
		hasPhoto: found.recipient.nominationId
			? await repo.hasPhoto(db, found.recipient.nominationId)
			: false,
		otherAwards: others
			.filter(
				(o) =>
					o.id !== found.recipient.id && !o.revokedAt && o.unitName === found.recipient.unitName
			)
			.map((o) => ({ ...o, awardLabel: awardLabel(o.kind, o.customKind) }))
	};
}

/** @public A model's photo is public with its honour-roll page, and only while it stands. */
export async function honourPhoto(db: Db, slug: string) {
	const found = await repo.findStandingBySlug(db, slug);
	const photo = found?.recipient.nominationId
		? await repo.photoOf(db, found.recipient.nominationId)
		: null;
	if (!photo) throw notFound('Không có ảnh.');
	return photo;
}

/** A decision's recipients as the list an office files and prints with it. */
export async function exportDecisionRecipients(ctx: Ctx, id: number): Promise<ExportBook> {
	const { decision, recipients } = await getDecision(ctx, id);
	const title =
		`Danh sách kèm theo Quyết định số ${decision.number} ngày ${formatDate(decision.decidedOn)}` +
		` của ${decision.issuer}`;
	return {
		filename: `khen-thuong-quyet-dinh-${decision.id}`,
		sheets: [
			table(
				'Danh sách khen thưởng',
				[
					{ header: 'STT', kind: 'number', value: (r) => r.rank },
					{ header: 'Họ và tên / Tên tập thể', kind: 'text', value: (r) => r.name },
					{ header: 'Cá nhân / Tập thể', kind: 'text', value: (r) => recipientTypeLabels[r.type] },
					{ header: 'Chức vụ', kind: 'text', value: (r) => r.position },
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
					{
						header: 'Hình thức khen thưởng',
						kind: 'text',
						value: (r) => awardLabel(r.kind, r.customKind)
					},
					{ header: 'Thành tích', kind: 'text', value: (r) => r.achievement },
					{
						header: 'Mã xác minh',
						kind: 'text',
						value: (r) => formatCertificateCode(r.certificateCode)
					},
					{ header: 'Ngày quyết định', kind: 'date', value: () => decision.decidedOn },
					{
						header: 'Thu hồi',
						kind: 'text',
						value: (r) => (r.revokedAt ? `Đã thu hồi: ${r.revokedReason ?? ''}` : '')
					},
					{ header: 'Ngày thu hồi', kind: 'date', value: (r) => r.revokedAt }
				],
				recipients,
				{ title }
			)
		]
	};
}
