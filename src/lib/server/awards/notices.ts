/** Telling people of an award: the recipient by e-mail, the dossier's officers by an update. */
import { awardLabel, type AwardKind } from '$lib/shared/awards';
import { formatDate } from '$lib/shared/format';
import type { Db } from '../db/client';
import { officersOfDossiers } from '../nominations';
import { enqueueMail, notify } from '../notifications';

export interface AwardedRecipient {
	name: string;
	unitName: string;
	kind: AwardKind;
	customKind: string | null;
	achievement: string;
	nominationId: number | null;
	email: string | null;
	certificateCode: string;
	slug: string;
}

export interface IssuedDecision {
	number: string;
	decidedOn: string;
	issuer: string;
	citation: string;
}

/**
 * In the issuing transaction: an `award` message to every recipient with a known address (topic
 * `awards`), and an update to the officers of each awarded dossier's unit (topic `dossiers`).
 */
export async function tellAwarded(
	db: Db,
	now: Date,
	decision: IssuedDecision,
	recipients: readonly AwardedRecipient[]
) {
	for (const r of recipients) {
		if (!r.email) continue;
		await enqueueMail(db, now, {
			kind: 'award',
			to: r.email,
			topic: 'awards',
			data: {
				name: r.name,
				unitName: r.unitName,
				awardLabel: awardLabel(r.kind, r.customKind),
				achievement: r.achievement,
				number: decision.number,
				decidedOn: decision.decidedOn,
				issuer: decision.issuer,
				citation: decision.citation,
				code: r.certificateCode,
				slug: r.slug
			}
		});
	}
	const fromDossiers = recipients.filter((r) => r.nominationId !== null);
	const officers = await officersOfDossiers(
		db,
		fromDossiers.map((r) => r.nominationId!)
	);
	for (const r of fromDossiers) {
		await notify(db, {
			to: officers.get(r.nominationId!) ?? [],
			message: `Hồ sơ ${r.name} được khen thưởng: ${awardLabel(r.kind, r.customKind)} theo Quyết định số ${decision.number} ngày ${formatDate(decision.decidedOn)} của ${decision.issuer}.`,
			link: `/de-cu/${r.nominationId}`,
			at: now,
			topic: 'dossiers'
		});
	}
}
