import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import {
	campaignCategories,
	campaignPhases,
	campaigns,
	judgeAssignments,
	judgeScores,
	nominations,
	panelJudges,
	panels,
	rubricCriteria,
	shortlistEntries,
	units,
	users
} from '../db/schema';

export async function findPanelByCampaign(db: Db, campaignId: number) {
	const [row] = await db.select().from(panels).where(eq(panels.campaignId, campaignId));
	return row ?? null;
}

/** The campaign's panel, created on first use; locked for the rest of the transaction. */
export async function lockOrCreatePanel(db: Db, campaignId: number) {
	// Insert only when missing: an insert that conflicts would still use up an id.
	if (!(await findPanelByCampaign(db, campaignId))) {
		await db.insert(panels).values({ campaignId }).onConflictDoNothing();
	}
	const [row] = await db
		.select()
		.from(panels)
		.where(eq(panels.campaignId, campaignId))
		.for('update');
	return row!;
}

/**
 * Open rounds whose deadline (the campaign's judging phase end) falls in (from, until] and whose
 * judges have not been warned yet.
 */
export async function listRoundsClosingBetween(db: Db, from: Date, until: Date) {
	return db
		.select({ panelId: panels.id })
		.from(panels)
		.innerJoin(
			campaignPhases,
			and(eq(campaignPhases.campaignId, panels.campaignId), eq(campaignPhases.kind, 'judging'))
		)
		.where(
			and(
				eq(panels.status, 'open'),
				isNull(panels.closingWarnedAt),
				gt(campaignPhases.endsAt, from),
				lte(campaignPhases.endsAt, until)
			)
		)
		.orderBy(asc(panels.id));
}

export async function findPanel(db: Db, panelId: number) {
	const [row] = await db.select().from(panels).where(eq(panels.id, panelId));
	return row ?? null;
}

/** Locks a panel against closing while a score is written (shared) or for a change (update). */
export async function lockPanel(db: Db, panelId: number, mode: 'share' | 'update') {
	const [row] = await db.select().from(panels).where(eq(panels.id, panelId)).for(mode);
	return row ?? null;
}

export async function updatePanel(
	db: Db,
	panelId: number,
	values: Partial<typeof panels.$inferInsert>,
	now: Date
) {
	await db
		.update(panels)
		.set({ ...values, updatedAt: now })
		.where(eq(panels.id, panelId));
}

export async function listCriteria(db: Db, panelId: number) {
	return db
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.panelId, panelId))
		.orderBy(asc(rubricCriteria.categoryId), asc(rubricCriteria.position), asc(rubricCriteria.id));
}

export async function findCriterion(db: Db, panelId: number, criterionId: number) {
	const [row] = await db
		.select()
		.from(rubricCriteria)
		.where(and(eq(rubricCriteria.panelId, panelId), eq(rubricCriteria.id, criterionId)));
	return row ?? null;
}

export async function insertCriterion(db: Db, values: typeof rubricCriteria.$inferInsert) {
	const [row] = await db.insert(rubricCriteria).values(values).returning({ id: rubricCriteria.id });
	return row!.id;
}

export async function updateCriterion(
	db: Db,
	criterionId: number,
	values: Partial<typeof rubricCriteria.$inferInsert>
) {
	await db.update(rubricCriteria).set(values).where(eq(rubricCriteria.id, criterionId));
}

export async function deleteCriterion(db: Db, criterionId: number) {
	await db.delete(rubricCriteria).where(eq(rubricCriteria.id, criterionId));
}

export async function listJudges(db: Db, panelId: number) {
	return db
		.select({
			userId: users.id,
			fullName: users.fullName,
			email: users.email,
			unitName: units.name,
			unitPath: units.path,
			active: users.active
		})
		.from(panelJudges)
		.innerJoin(users, eq(users.id, panelJudges.userId))
		.leftJoin(units, eq(units.id, users.unitId))
		.where(eq(panelJudges.panelId, panelId))
		.orderBy(asc(users.fullName), asc(users.id));
}
export type JudgeRow = Awaited<ReturnType<typeof listJudges>>[number];

export async function addJudge(db: Db, panelId: number, userId: number) {
	const rows = await db
		.insert(panelJudges)
		.values({ panelId, userId })
		.onConflictDoNothing()
		.returning({ userId: panelJudges.userId });
	return rows.length > 0;
}

export async function removeJudge(db: Db, panelId: number, userId: number) {
	const rows = await db
		.delete(panelJudges)
		.where(and(eq(panelJudges.panelId, panelId), eq(panelJudges.userId, userId)))
		.returning({ userId: panelJudges.userId });
	return rows.length > 0;
}

const nominatingUnit = alias(units, 'nominating_unit');

/** The dossiers the organizing unit accepted: what the panel judges. */
export async function listAcceptedDossiers(db: Db, campaignId: number) {
	return db
		.select({
			id: nominations.id,
			nomineeName: nominations.nomineeName,
			categoryId: nominations.categoryId,
			nominatingUnitName: nominatingUnit.name,
			nominatingUnitPath: nominatingUnit.path
		})
		.from(nominations)
		.innerJoin(nominatingUnit, eq(nominatingUnit.id, nominations.nominatingUnitId))
		.where(and(eq(nominations.campaignId, campaignId), eq(nominations.status, 'accepted')))
		.orderBy(asc(nominations.id));
}

export async function insertAssignments(
	db: Db,
	panelId: number,
	pairs: { nominationId: number; judgeId: number }[],
	now: Date
) {
	if (pairs.length === 0) return;
	await db
		.insert(judgeAssignments)
		.values(pairs.map((p) => ({ ...p, panelId, createdAt: now, updatedAt: now })));
}

const judge = alias(users, 'judge');

const assignmentColumns = {
	id: judgeAssignments.id,
	panelId: judgeAssignments.panelId,
	nominationId: judgeAssignments.nominationId,
	judgeId: judgeAssignments.judgeId,
	judgeName: judge.fullName,
	status: judgeAssignments.status,
	conflictReason: judgeAssignments.conflictReason,
	submittedAt: judgeAssignments.submittedAt,
	updatedAt: judgeAssignments.updatedAt,
	nomineeName: nominations.nomineeName,
	categoryId: nominations.categoryId,
	categoryName: campaignCategories.name,
	nominatingUnitName: nominatingUnit.name,
	nominatingUnitPath: nominatingUnit.path,
	campaignId: panels.campaignId,
	campaignTitle: campaigns.title,
	panelStatus: panels.status
};

/**
 * Assignments of dossiers still accepted: one no longer accepted leaves every judge's queue,
 * progress and the results, whatever changed its status.
 */
function assignmentQuery(db: Db) {
	return db
		.select(assignmentColumns)
		.from(judgeAssignments)
		.innerJoin(panels, eq(panels.id, judgeAssignments.panelId))
		.innerJoin(campaigns, eq(campaigns.id, panels.campaignId))
		.innerJoin(judge, eq(judge.id, judgeAssignments.judgeId))
		.innerJoin(
			nominations,
			and(eq(nominations.id, judgeAssignments.nominationId), eq(nominations.status, 'accepted'))
		)
		.innerJoin(campaignCategories, eq(campaignCategories.id, nominations.categoryId))
		.innerJoin(nominatingUnit, eq(nominatingUnit.id, nominations.nominatingUnitId));
}

export async function findAssignment(db: Db, id: number) {
	const [row] = await assignmentQuery(db).where(eq(judgeAssignments.id, id));
	return row ?? null;
}
export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof findAssignment>>>;

export async function lockAssignment(db: Db, id: number) {
	await db
		.select({ id: judgeAssignments.id })
		.from(judgeAssignments)
		.where(eq(judgeAssignments.id, id))
		.for('update');
}

export async function listAssignments(db: Db, panelId: number) {
	return assignmentQuery(db)
		.where(eq(judgeAssignments.panelId, panelId))
		.orderBy(asc(nominations.id), asc(judge.fullName), asc(judgeAssignments.id));
}

export async function listJudgeAssignments(db: Db, judgeId: number) {
	return assignmentQuery(db)
		.where(eq(judgeAssignments.judgeId, judgeId))
		.orderBy(asc(campaigns.id), asc(campaignCategories.position), asc(nominations.id));
}

export async function updateAssignment(
	db: Db,
	id: number,
	values: Partial<typeof judgeAssignments.$inferInsert>
) {
	await db.update(judgeAssignments).set(values).where(eq(judgeAssignments.id, id));
}

export async function listScores(db: Db, assignmentIds: number[]) {
	if (assignmentIds.length === 0) return [];
	return db.select().from(judgeScores).where(inArray(judgeScores.assignmentId, assignmentIds));
}

/** A judge's sheet replaces what was saved before: blanks are simply not stored. */
export async function replaceScores(
	db: Db,
	assignmentId: number,
	entries: { criterionId: number; score: number; comment: string }[]
) {
	await db.delete(judgeScores).where(eq(judgeScores.assignmentId, assignmentId));
	if (entries.length) {
		await db.insert(judgeScores).values(entries.map((e) => ({ ...e, assignmentId })));
	}
}

export async function deleteScores(db: Db, assignmentId: number) {
	await db.delete(judgeScores).where(eq(judgeScores.assignmentId, assignmentId));
}

export async function listShortlist(db: Db, panelId: number) {
	return db
		.select()
		.from(shortlistEntries)
		.where(eq(shortlistEntries.panelId, panelId))
		.orderBy(asc(shortlistEntries.rank), asc(shortlistEntries.nominationId));
}

export async function replaceShortlist(
	db: Db,
	panelId: number,
	rows: { nominationId: number; rank: number; score: number }[],
	now: Date
) {
	await db.delete(shortlistEntries).where(eq(shortlistEntries.panelId, panelId));
	if (rows.length) {
		await db.insert(shortlistEntries).values(rows.map((r) => ({ ...r, panelId, createdAt: now })));
	}
}

/** Whether this person sits on any panel: the "Chấm điểm" link shows only for them. */
export async function sitsOnAnyPanel(db: Db, userId: number) {
	const [row] = await db
		.select({ userId: panelJudges.userId })
		.from(panelJudges)
		.where(eq(panelJudges.userId, userId))
		.limit(1);
	return Boolean(row);
}

/** The shortlisted dossiers with what may be shown publicly, and the id of a photo if any. */
export async function listShortlistDetails(db: Db, panelId: number) {
	return db
		.select({
			nominationId: nominations.id,
			nomineeName: nominations.nomineeName,
			nominee: nominations.nominee,
			summary: nominations.summary,
			narrative: nominations.narrative,
			achievements: nominations.achievements,
			categoryName: campaignCategories.name,
			categoryKind: campaignCategories.kind,
			unitName: nominatingUnit.name,
			rank: shortlistEntries.rank,
			photoId: sql<
				string | null
			>`(select f.id from nomination_files f where f.nomination_id = ${nominations.id} and f.role = 'photo' order by f.created_at desc limit 1)`
		})
		.from(shortlistEntries)
		.innerJoin(nominations, eq(nominations.id, shortlistEntries.nominationId))
		.innerJoin(campaignCategories, eq(campaignCategories.id, nominations.categoryId))
		.innerJoin(nominatingUnit, eq(nominatingUnit.id, nominations.nominatingUnitId))
		.where(eq(shortlistEntries.panelId, panelId))
		.orderBy(asc(campaignCategories.position), asc(nominations.nomineeName));
}

/** Campaigns with a shortlist, within the given subtrees (null: all), newest first. */
export async function listShortlistedCampaigns(db: Db, withinPaths: string[] | null) {
	const rows = await db
		.selectDistinct({
			id: campaigns.id,
			title: campaigns.title,
			year: campaigns.year,
			unitPath: units.path
		})
		.from(shortlistEntries)
		.innerJoin(panels, eq(panels.id, shortlistEntries.panelId))
		.innerJoin(campaigns, eq(campaigns.id, panels.campaignId))
		.innerJoin(units, eq(units.id, campaigns.organizingUnitId));
	return rows
		.filter((r) => withinPaths === null || withinPaths.some((p) => r.unitPath.startsWith(p)))
		.sort((a, b) => b.year - a.year || b.id - a.id);
}
