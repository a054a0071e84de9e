/** Certificates: how a unit signs them off, and the PDFs printed from a decision. */
import { awardSettingsSchema } from '$lib/schemas/awards';
import { awardLabel } from '$lib/shared/awards';
import { can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import { findActiveUnit, findUnitsByIds, idsOnPath } from '../units';
import { authorizeRead, defineUseCase } from '../usecase';
import { renderCertificates, type CertificateData } from './certificate';
import { findDecisionOr404, findRecipientOr404, managedDecision } from './recipients';
import * as repo from './repo';
import { citationLines, placeAndDate, resolvePrintSettings } from './rules';

/** The unit and its ancestors, nearest first, each with the certificate settings it set. */
export async function settingsChain(db: Db, unitPath: string) {
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
	requireActor(ctx);
	const { recipient, decision } = await findRecipientOr404(ctx.db, recipientId);
	authorizeRead(ctx, () => managedDecision(decision));
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
	requireActor(ctx);
	const decision = await findDecisionOr404(ctx.db, decisionId);
	authorizeRead(ctx, () => managedDecision(decision));
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

const UNIT_MISSING = 'Không tìm thấy đơn vị.';

export const saveAwardSettings = defineUseCase({
	name: 'award.settings',
	input: awardSettingsSchema,
	load: async ({ db }, input) => {
		const unit = await findActiveUnit(db, input.unitId);
		if (!unit) throw notFound(UNIT_MISSING);
		const [before] = await repo.unitSettings(db, [unit.id]);
		return { unit, before };
	},
	authorize: (_actor, { unit }) => ({
		action: 'award.manage',
		resource: { kind: 'unit', path: unit.path },
		hidden: UNIT_MISSING
	}),
	run: async ({ db, actor, now }, input, { unit }) => {
		const after = {
			placeName: input.placeName ?? null,
			authorityLine: input.authorityLine ?? null
		};
		await repo.saveUnitSettings(db, {
			unitId: unit.id,
			...after,
			updatedById: actor.id,
			updatedAt: now
		});
		return after;
	},
	audit: (after, _input, { unit, before }) => ({
		entityType: 'unit',
		entityId: unit.id,
		unitPath: unit.path,
		before: before
			? { placeName: before.placeName, authorityLine: before.authorityLine }
			: undefined,
		after
	}),
	present: () => undefined
});
