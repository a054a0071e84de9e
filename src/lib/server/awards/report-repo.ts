// The year-end report's reads of award records: who was honoured, certificates issued and checked,
// within a subtree and between two days. The honour roll's own filter decides what "standing" is.
import { and, asc, between, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { awardDecisions, awardRecipients, awardVerifications, units } from '../db/schema';
import { decisionUnit, recipientWithin, standingWithin } from './honour-roll-repo';

/** A subtree and a period of calendar days in Vietnam, both ends included ("2026-01-01"). */
export interface ReportScope {
	unitPath: string;
	from: string;
	to: string;
}

const decidedIn = (s: ReportScope) => between(awardDecisions.decidedOn, s.from, s.to);

/** Standing awards by kind and recipient type: the honour roll's people, counted. */
export async function honouredCounts(db: Db, s: ReportScope) {
	return db
		.select({
			kind: awardRecipients.kind,
			customKind: awardRecipients.customKind,
			type: awardRecipients.type,
			n: sql<number>`count(*)::int`
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.leftJoin(units, eq(units.id, awardRecipients.unitId))
		.innerJoin(decisionUnit, eq(decisionUnit.id, awardDecisions.unitId))
		.where(and(standingWithin(s.unitPath), decidedIn(s)))
		.groupBy(awardRecipients.kind, awardRecipients.customKind, awardRecipients.type);
}

/** The report's appendix caps its list of people so one download stays bounded. */
export const HONOURED_LIST_MAX = 5000;

/** Standing awards one by one, by decision date then rank: the appendix's list. */
export async function honouredList(db: Db, s: ReportScope) {
	return db
		.select({
			name: awardRecipients.name,
			type: awardRecipients.type,
			unitName: awardRecipients.unitName,
			kind: awardRecipients.kind,
			customKind: awardRecipients.customKind,
			number: awardDecisions.number,
			decidedOn: awardDecisions.decidedOn,
			issuer: awardDecisions.issuer
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.leftJoin(units, eq(units.id, awardRecipients.unitId))
		.innerJoin(decisionUnit, eq(decisionUnit.id, awardDecisions.unitId))
		.where(and(standingWithin(s.unitPath), decidedIn(s)))
		.orderBy(
			asc(awardDecisions.decidedOn),
			asc(awardDecisions.id),
			asc(awardRecipients.rank),
			asc(awardRecipients.id)
		)
		.limit(HONOURED_LIST_MAX);
}

/**
 * Certificates of decisions dated in the period (each recipient has one), those revoked since,
 * and how often any certificate of the subtree was checked during the period.
 */
export async function certificateCounts(db: Db, s: ReportScope) {
	const [issued] = await db
		.select({
			issued: sql<number>`count(*)::int`,
			revoked: sql<number>`count(${awardRecipients.revokedAt})::int`
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.leftJoin(units, eq(units.id, awardRecipients.unitId))
		.innerJoin(decisionUnit, eq(decisionUnit.id, awardDecisions.unitId))
		.where(and(recipientWithin(s.unitPath), decidedIn(s)));
	const [checked] = await db
		.select({
			checks: sql<number>`coalesce(sum(${awardVerifications.checks}), 0)::int`,
			certificates: sql<number>`count(distinct ${awardVerifications.recipientId})::int`
		})
		.from(awardVerifications)
		.innerJoin(awardRecipients, eq(awardRecipients.id, awardVerifications.recipientId))
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.leftJoin(units, eq(units.id, awardRecipients.unitId))
		.innerJoin(decisionUnit, eq(decisionUnit.id, awardDecisions.unitId))
		.where(and(recipientWithin(s.unitPath), between(awardVerifications.day, s.from, s.to)));
	return {
		issued: issued?.issued ?? 0,
		revoked: issued?.revoked ?? 0,
		checks: checked?.checks ?? 0,
		checkedCertificates: checked?.certificates ?? 0
	};
}

/** One more check of a certificate today (Vietnam's day). */
export async function recordVerification(db: Db, recipientId: number, day: string) {
	await db
		.insert(awardVerifications)
		.values({ recipientId, day, checks: 1 })
		.onConflictDoUpdate({
			target: [awardVerifications.recipientId, awardVerifications.day],
			set: { checks: sql`${awardVerifications.checks} + 1` }
		});
}
