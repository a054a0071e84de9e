/** The public side of awards: checking a certificate, and the honour roll. */
import { z } from 'zod';
import type { HonourFilter } from '$lib/schemas/awards';
import { awardLabel, type AwardSource } from '$lib/shared/awards';
import { publicNominee } from '$lib/shared/campaigns';
import { vietnamDay } from '$lib/shared/datetime';
import { foldVietnamese } from '$lib/shared/text';
import {
	describeWait,
	getThrottle,
	judgeAttempt,
	lockThrottle,
	recordFailure,
	saveThrottle
} from '../auth';
import type { Db } from '../db/client';
import { notFound, tooManyRequests } from '../errors';
import { dossierPhoto, findDossier, hasDossierPhoto, listDossierCards } from '../nominations';
import { findActiveUnit } from '../units';
import { defineUseCase } from '../usecase';
import { recordVerification } from './report-repo';
import * as repo from './repo';
import { citationLines, normalizeCertificateCode, verifyLimits } from './rules';

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
 * Checks a certificate by its code. Codes carry 75 random bits; misses are counted per address
 * in the sign-in throttle table, so probing for codes is locked out.
 */
export const verifyCertificate = defineUseCase({
	name: 'award.verify',
	public:
		'Anyone holding a certificate may check it: the answer is what the certificate itself shows, and misses are throttled per address.',
	input: z.object({ code: z.string(), address: z.string() }),
	run: async ({ db, now }, { code: rawCode, address }): Promise<Verification> => {
		const key = `verify:${address}`;
		const verdict = judgeAttempt(await getThrottle(db, key), verifyLimits, now);
		if (!verdict.allowed)
			throw tooManyRequests(
				`Bạn đã tra cứu quá nhiều mã không tồn tại. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
			);
		const code = normalizeCertificateCode(rawCode);
		const found = code ? await repo.findByCode(db, code) : null;
		if (!found) {
			const locked = await lockThrottle(db, key, now);
			await saveThrottle(db, key, recordFailure(locked, verifyLimits, now));
			return { status: 'unknown' };
		}
		const r = found.recipient;
		await recordVerification(db, r.id, vietnamDay(now));
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
});

const HONOUR_PAGE = 24;

/** @public The honour roll is public: standing awards only, searched without diacritics. */
export async function honourRoll(
	db: Db,
	filter: HonourFilter,
	options: { source?: AwardSource } = {}
) {
	const unit = filter.unit ? await findActiveUnit(db, filter.unit) : null;
	const rows = await repo.honourRoll(db, {
		nameFolded: filter.q ? foldVietnamese(filter.q) : undefined,
		year: filter.year,
		unitPath: unit?.path,
		field: filter.field || undefined,
		kind: filter.kind,
		source: options.source,
		limit: HONOUR_PAGE + 1,
		offset: (filter.page - 1) * HONOUR_PAGE
	});
	const page = rows.slice(0, HONOUR_PAGE);
	const cards = new Map(
		(
			await listDossierCards(
				db,
				page.flatMap((r) => (r.nominationId ? [r.nominationId] : []))
			)
		).map((c) => [c.id, c])
	);
	return {
		rows: page.map((r) => {
			const card = r.nominationId ? cards.get(r.nominationId) : undefined;
			return {
				...r,
				summary: card?.summary ?? null,
				hasPhoto: card?.hasPhoto ?? false,
				awardLabel: awardLabel(r.kind, r.customKind)
			};
		}),
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
	const nominationId = found.recipient.nominationId;
	// The dossier's story, when the award came from one.
	const dossier = nominationId ? await findDossier(db, nominationId) : null;
	return {
		...found,
		// The honour roll is public: the nominee's contact address stays in the dossier.
		nominee: dossier ? publicNominee(dossier.nominee) : null,
		summary: dossier?.summary ?? null,
		narrative: dossier?.narrative ?? null,
		achievements: dossier?.achievements ?? null,
		awardLabel: awardLabel(found.recipient.kind, found.recipient.customKind),
		hasPhoto: nominationId ? await hasDossierPhoto(db, nominationId) : false,
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
		? await dossierPhoto(db, found.recipient.nominationId)
		: null;
	if (!photo) throw notFound('Không có ảnh.');
	return photo;
}
