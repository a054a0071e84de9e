import { and, asc, desc, eq, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { AwardKind } from '$lib/shared/awards';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { awardDecisions, awardRecipients, units } from '../db/schema';

/** The public honour roll's queries: standing awards, searched and faceted. */
export interface HonourQuery {
	nameFolded?: string;
	year?: number;
	unitPath?: string;
	field?: string;
	kind?: AwardKind;
	limit: number;
	offset: number;
}

const recipientUnit = units;

/** A recipient's field: the decision's when it names one, else the recipient's own. */
export const effectiveField = sql<
	string | null
>`coalesce(${awardDecisions.field}, ${awardRecipients.field})`;

/** Standing awards (never revoked ones), newest decision first. */
export async function honourRoll(db: Db, q: HonourQuery) {
	const conditions: (SQL | undefined)[] = [isNull(awardRecipients.revokedAt)];
	if (q.nameFolded)
		conditions.push(like(awardRecipients.nameFolded, `%${escapeLike(q.nameFolded)}%`));
	if (q.year) conditions.push(eq(awardDecisions.year, q.year));
	if (q.unitPath) conditions.push(like(recipientUnit.path, `${escapeLike(q.unitPath)}%`));
	if (q.field) conditions.push(sql`${effectiveField} = ${q.field}`);
	if (q.kind) conditions.push(eq(awardRecipients.kind, q.kind));
	return db
		.select({
			slug: awardRecipients.slug,
			name: awardRecipients.name,
			type: awardRecipients.type,
			unitName: awardRecipients.unitName,
			kind: awardRecipients.kind,
			customKind: awardRecipients.customKind,
			achievement: awardRecipients.achievement,
			nominationId: awardRecipients.nominationId,
			number: awardDecisions.number,
			decidedOn: awardDecisions.decidedOn,
			year: awardDecisions.year,
			field: effectiveField,
			issuer: awardDecisions.issuer
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.leftJoin(recipientUnit, eq(recipientUnit.id, awardRecipients.unitId))
		.where(and(...conditions))
		.orderBy(desc(awardDecisions.decidedOn), asc(awardRecipients.rank), asc(awardRecipients.id))
		.limit(q.limit)
		.offset(q.offset);
}
