import { and, asc, desc, eq, isNull, like, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AwardKind, AwardSource } from '$lib/shared/awards';
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
	/** Only awards from this source (the home page's models come from campaigns). */
	source?: AwardSource;
	limit: number;
	offset: number;
}

const recipientUnit = units;
/** The issuing unit: where a recipient typed without a unit (a manual decision's) belongs. */
export const decisionUnit = alias(units, 'decision_unit');

/** A recipient's field: the decision's when it names one, else the recipient's own. */
export const effectiveField = sql<
	string | null
>`coalesce(${awardDecisions.field}, ${awardRecipients.field})`;

/**
 * Awards standing (never revoked), to a recipient of a unit within the subtree when given: the
 * honour roll's filter, and the year-end report's, so both count the same people.
 */
export function standingWithin(unitPath: string | undefined): SQL {
	return and(
		isNull(awardRecipients.revokedAt),
		unitPath ? recipientWithin(unitPath) : undefined
	) as SQL;
}

/**
 * The recipient's unit lies within the subtree, or, for a recipient without one, the issuing
 * unit does. Queries using it join `units` on the recipient and `decisionUnit` on the decision.
 */
export const recipientWithin = (unitPath: string) =>
	like(sql`coalesce(${recipientUnit.path}, ${decisionUnit.path})`, `${escapeLike(unitPath)}%`);

/** Standing awards (never revoked ones), newest decision first. */
export async function honourRoll(db: Db, q: HonourQuery) {
	const conditions: (SQL | undefined)[] = [standingWithin(q.unitPath)];
	if (q.nameFolded)
		conditions.push(like(awardRecipients.nameFolded, `%${escapeLike(q.nameFolded)}%`));
	if (q.year) conditions.push(eq(awardDecisions.year, q.year));
	if (q.field) conditions.push(sql`${effectiveField} = ${q.field}`);
	if (q.kind) conditions.push(eq(awardRecipients.kind, q.kind));
	if (q.source) conditions.push(eq(awardDecisions.source, q.source));
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
		.innerJoin(decisionUnit, eq(decisionUnit.id, awardDecisions.unitId))
		.where(and(...conditions))
		.orderBy(desc(awardDecisions.decidedOn), asc(awardRecipients.rank), asc(awardRecipients.id))
		.limit(q.limit)
		.offset(q.offset);
}
