import { getRandomValues } from 'node:crypto';
import type {
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
import * as authRepo from '../auth/repo';
import { describeWait, judgeAttempt, recordFailure } from '../auth/rules';
import * as campaignRepo from '../campaigns/repo';
import * as contestRepo from '../contests/repo';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, invalid, isUniqueViolation, notFound, tooManyRequests } from '../errors';
import { table, type ExportBook } from '../files/export';
import { findActiveUnit, findUnit } from '../units/repo';
import { renderCertificates, type CertificateData } from './certificate';
import * as repo from './repo';
import {
	certificateCodeFrom,
	changedFields,
	CODE_LENGTH,
	kindFromTier,
	normalizeCertificateCode,
	slugFor,
	verifyLimits,
	yearOf
} from './rules';
import { campaignResults, liveGameResults, roundResults, type Candidate } from './sources';
import * as liveRepo from '../live/repo';

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

/** Writes a decision and its recipients, its history's first line and the audit row. */
async function issue(
	tx: Db,
	ctx: Ctx,
	actor: Actor,
	unit: { id: number; path: string },
	input: DecisionInput,
	source: {
		source: AwardSource;
		campaignId?: number;
		roundId?: number;
		gameId?: number;
	},
	recipients: (Candidate & { kind: AwardKind; customKind: string | null })[]
): Promise<number> {
	if (recipients.length === 0) throw invalid('Quyết định phải có ít nhất một người được khen.');
	// Nobody is awarded twice for the same result: a dossier, or a round's or game's places.
	const sourceKey = source.campaignId ?? source.roundId ?? source.gameId;
	if (sourceKey !== undefined) await repo.lockSource(tx, `award:${source.source}:${sourceKey}`);
	let decisionId: number;
	try {
		// A failed insert aborts the whole transaction anyway: no savepoint is needed to report it.
		decisionId = await repo.insertDecision(tx, {
			unitId: unit.id,
			...decisionValues(input),
			field: input.field ?? recipients.find((r) => r.field)?.field ?? null,
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
	if (source.roundId !== undefined || source.gameId !== undefined) {
		const standing = await repo.standingDecisionFrom(tx, source);
		if (standing) throw conflict(`Kết quả này đã được khen theo quyết định số ${standing}.`);
	}
	const awarded = await repo.awardedNominations(
		tx,
		recipients.flatMap((r) => (r.nominationId === null ? [] : [r.nominationId]))
	);
	const twice = recipients.find((r) => r.nominationId !== null && awarded.has(r.nominationId));
	if (twice) {
		throw conflict(
			`Hồ sơ “${twice.name}” đã được khen theo quyết định số ${awarded.get(twice.nominationId!)}.`
		);
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

// ---- Organizers: decisions -----------------------------------------------------------------

export async function listDecisions(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listDecisions(ctx.db, administeredPaths(actor));
}

export async function getDecision(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const decision = await loadManaged(ctx.db, actor, id);
	const [recipients, history, round, game] = await Promise.all([
		repo.listRecipients(ctx.db, id),
		repo.listEvents(ctx.db, id),
		decision.roundId ? contestRepo.findRound(ctx.db, decision.roundId) : null,
		decision.gameId ? liveRepo.findGame(ctx.db, decision.gameId) : null
	]);
	// Where the decision rests: its round's leaderboard, or its live game's report.
	const leaderboard = round ? `/cuoc-thi/${round.contestId}/tuan/${round.id}` : null;
	const gameReport = game ? `/quan-tri/rung-chuong-vang/${game.code}` : null;
	return { decision, recipients, history, leaderboard, gameReport };
}

/**
 * Turns a campaign's results into a decision: the chosen dossiers among its accepted ones,
 * issued by the campaign's organizing unit.
 */
export async function createDecisionFromCampaign(ctx: Ctx, input: FromCampaignInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const campaign = await campaignRepo.findCampaign(tx, input.campaignId);
		if (
			!campaign ||
			!can(actor, 'award.manage', { kind: 'unit', path: campaign.organizingUnitPath })
		)
			throw notFound('Không tìm thấy đợt tôn vinh.');
		const results = await campaignResults(tx, campaign.id);
		const chosen = new Set(input.nominationIds);
		const picked = results.filter((c) => c.nominationId !== null && chosen.has(c.nominationId));
		if (picked.length !== chosen.size)
			throw conflict('Có hồ sơ đã chọn không còn nằm trong kết quả của đợt. Vui lòng tải lại.');
		return issue(
			tx,
			ctx,
			actor,
			{ id: campaign.organizingUnitId, path: campaign.organizingUnitPath },
			input,
			{ source: 'campaign', campaignId: campaign.id },
			picked.map((c) => ({ ...c, kind: input.kind, customKind: input.customKind ?? null }))
		);
	});
}

/** Turns a contest round's published winners into a decision, each with their prize. */
export async function createDecisionFromRound(ctx: Ctx, input: FromRoundInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const round = await contestRepo.findRound(tx, input.roundId);
		const contest = round ? await contestRepo.findContest(tx, round.contestId) : null;
		if (!round || !contest || !can(actor, 'award.manage', { kind: 'unit', path: contest.unitPath }))
			throw notFound('Không tìm thấy tuần thi.');
		if (!round.winnersPublishedAt) throw conflict('Tuần thi này chưa công bố giải.');
		const winners = await roundResults(tx, round.id);
		return issue(
			tx,
			ctx,
			actor,
			{ id: contest.unitId, path: contest.unitPath },
			input,
			{ source: 'contest_round', roundId: round.id },
			winners.map((w) => ({
				...w,
				achievement: `Đạt ${w.tier} ${round.title}, ${contest.title}`,
				...kindFromTier(w.tier ?? '')
			}))
		);
	});
}

/**
 * Turns a finished live game into a decision: its top three places (ties share a place) get
 * Giải Nhất, Nhì, Ba, issued by the game's unit.
 */
export async function createDecisionFromLiveGame(ctx: Ctx, input: FromLiveGameInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const game = await liveRepo.findGame(tx, input.gameId);
		const unit = game ? await findActiveUnit(tx, game.unitId) : null;
		if (!game || !unit || !can(actor, 'award.manage', { kind: 'unit', path: unit.path }))
			throw notFound('Không tìm thấy trò chơi.');
		if (game.state !== 'finished') throw conflict('Trò chơi chưa kết thúc.');
		if (game.startedAt === null)
			throw conflict('Trò chơi kết thúc khi chưa bắt đầu: không có kết quả.');
		const placed = await liveGameResults(tx, game.id);
		return issue(
			tx,
			ctx,
			actor,
			unit,
			input,
			{ source: 'live_game', gameId: game.id },
			placed.map((p) => ({
				...p,
				achievement: `Đạt ${p.tier} cuộc thi Rung chuông vàng “${game.title}”`,
				...kindFromTier(p.tier ?? '')
			}))
		);
	});
}

/** A decision for people or collectives entered by hand, one line each. */
export async function createManualDecision(ctx: Ctx, input: ManualDecisionInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await findActiveUnit(tx, input.unitId);
		if (!unit) throw notFound('Không tìm thấy đơn vị.');
		authorize(actor, 'award.manage', { kind: 'unit', path: unit.path });
		return issue(
			tx,
			ctx,
			actor,
			unit,
			input,
			{ source: 'manual' },
			input.recipients.map((r, i) => ({
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
		);
	});
}

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
 * means what it meant when the decision was issued: the campaign category's field, if any.
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
		if (next.field === null && decision.source === 'campaign')
			next.field = await repo.categoryFieldOf(tx, decisionId);
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
			achievement: input.achievement
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

/** What an organizer can turn into a decision: accepted dossiers of a campaign. */
export async function campaignCandidates(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	const campaign = await campaignRepo.findCampaign(ctx.db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	if (!can(actor, 'award.manage', { kind: 'unit', path: campaign.organizingUnitPath }))
		throw notFound('Không tìm thấy đợt tôn vinh.');
	const candidates = await campaignResults(ctx.db, campaign.id);
	const awarded = await repo.awardedNominations(
		ctx.db,
		candidates.flatMap((c) => (c.nominationId ? [c.nominationId] : []))
	);
	return {
		campaign: { id: campaign.id, title: campaign.title, year: campaign.year },
		candidates: candidates.map((c) => ({
			...c,
			awardedIn: c.nominationId ? (awarded.get(c.nominationId) ?? null) : null
		}))
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

function certificateOf(
	decision: repo.DecisionRow,
	r: repo.RecipientRow,
	origin: string
): CertificateData {
	return {
		issuer: decision.issuer,
		awardLabel: awardLabel(r.kind, r.customKind),
		recipientName: r.name,
		recipientType: r.type,
		position: r.position,
		unitName: r.unitName,
		achievement: r.achievement || decision.citation,
		decisionNumber: decision.number,
		decidedOn: decision.decidedOn,
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
	return {
		bytes: await renderCertificates([certificateOf(decision, recipient, origin)]),
		filename: `chung-nhan-${recipient.slug}.pdf`
	};
}

/** Every standing certificate of a decision, one page each, in one PDF for printing. */
export async function decisionCertificatesPdf(ctx: Ctx, decisionId: number, origin: string) {
	const actor = requireActor(ctx);
	const decision = await loadManaged(ctx.db, actor, decisionId);
	const recipients = (await repo.listRecipients(ctx.db, decisionId)).filter((r) => !r.revokedAt);
	if (recipients.length === 0) throw conflict('Quyết định không còn ai để in giấy chứng nhận.');
	return {
		bytes: await renderCertificates(recipients.map((r) => certificateOf(decision, r, origin))),
		filename: `chung-nhan-quyet-dinh-${decision.id}.pdf`
	};
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
			achievement: string;
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
		achievement: r.achievement || found.decision.citation,
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
