/**
 * Award records and personal data (docs/privacy.md): a record keeps the recipient's name, unit,
 * award and certificate for good (an official decision); only the e-mail it was sent to is
 * contact data, erased with its contest's or campaign's, or at the person's request.
 */
import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { awardDecisions, awardRecipients } from '../db/schema';

export async function eraseRecipientEmails(
	db: Db,
	of: { playerIds?: readonly number[]; nominationIds?: readonly number[] }
) {
	const match = [
		of.playerIds?.length ? inArray(awardRecipients.playerId, [...of.playerIds]) : undefined,
		of.nominationIds?.length
			? inArray(awardRecipients.nominationId, [...of.nominationIds])
			: undefined
	].filter((m) => m !== undefined);
	if (!match.length) return 0;
	const rows = await db
		.update(awardRecipients)
		.set({ email: null })
		.where(and(isNotNull(awardRecipients.email), or(...match)))
		.returning({ id: awardRecipients.id });
	return rows.length;
}

/** The awards given to these registrations, for a person's data download. */
export async function awardsOfPlayers(db: Db, playerIds: readonly number[]) {
	if (!playerIds.length) return [];
	return db
		.select({
			id: awardRecipients.id,
			playerId: awardRecipients.playerId,
			name: awardRecipients.name,
			unitName: awardRecipients.unitName,
			kind: awardRecipients.kind,
			customKind: awardRecipients.customKind,
			decisionNumber: awardDecisions.number,
			email: awardRecipients.email,
			certificateCode: awardRecipients.certificateCode,
			revokedAt: awardRecipients.revokedAt
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.where(inArray(awardRecipients.playerId, [...playerIds]))
		.orderBy(asc(awardRecipients.id));
}
