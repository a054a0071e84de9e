import { and, arrayContains, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { NominationStatus } from '$lib/shared/campaigns';
import type { Db } from '../db/client';
import {
	campaignCategories,
	campaignUnitQuotas,
	nominationEvents,
	nominationFiles,
	nominations,
	roleAssignments,
	units
} from '../db/schema';
import { QUOTA_HOLDING } from '$lib/shared/campaigns';
import { outer } from '../db/sql';

const nominatingUnit = alias(units, 'nominating_unit');
const levelUnit = alias(units, 'level_unit');

const dossierColumns = {
	id: nominations.id,
	campaignId: nominations.campaignId,
	categoryId: nominations.categoryId,
	categoryName: campaignCategories.name,
	categoryKind: campaignCategories.kind,
	nominatingUnitId: nominations.nominatingUnitId,
	nominatingUnitName: nominatingUnit.name,
	nominatingUnitPath: nominatingUnit.path,
	levelUnitId: nominations.levelUnitId,
	levelUnitName: levelUnit.name,
	levelUnitPath: levelUnit.path,
	forwardedBy: nominations.forwardedBy,
	status: nominations.status,
	nominee: nominations.nominee,
	nomineeName: nominations.nomineeName,
	summary: nominations.summary,
	narrative: nominations.narrative,
	achievements: nominations.achievements,
	submittedAt: nominations.submittedAt,
	createdAt: nominations.createdAt,
	updatedAt: nominations.updatedAt
};

function dossierQuery(db: Db) {
	return db
		.select(dossierColumns)
		.from(nominations)
		.innerJoin(campaignCategories, eq(campaignCategories.id, nominations.categoryId))
		.innerJoin(nominatingUnit, eq(nominatingUnit.id, nominations.nominatingUnitId))
		.leftJoin(levelUnit, eq(levelUnit.id, nominations.levelUnitId));
}

export async function findDossier(db: Db, id: number) {
	const [row] = await dossierQuery(db).where(eq(nominations.id, id));
	return row ?? null;
}
export type DossierRow = NonNullable<Awaited<ReturnType<typeof findDossier>>>;

/** Locks the dossier row for a change of status. */
export async function lockDossier(db: Db, id: number) {
	await db
		.select({ id: nominations.id })
		.from(nominations)
		.where(eq(nominations.id, id))
		.for('update');
}

/**
 * Locks a category, then reads `unitId`'s quota in it: quota checks and quota changes serialise
 * on this lock, so the last place goes to one dossier. The reads are statements of their own so
 * that they see a quota changed while this one waited (READ COMMITTED).
 */
export async function lockCategory(db: Db, categoryId: number, unitId: number) {
	await db
		.select({ id: campaignCategories.id })
		.from(campaignCategories)
		.where(eq(campaignCategories.id, categoryId))
		.for('update');
	const [own] = await db
		.select({ quota: campaignUnitQuotas.places })
		.from(campaignUnitQuotas)
		.where(
			and(eq(campaignUnitQuotas.categoryId, categoryId), eq(campaignUnitQuotas.unitId, unitId))
		);
	if (own) return own;
	const [category] = await db
		.select({ quota: campaignCategories.quotaPerUnit })
		.from(campaignCategories)
		.where(eq(campaignCategories.id, categoryId));
	return category ?? null;
}

/**
 * Per category: the unit's quota (its own, else the category's) and the dossiers it nominated
 * that hold a place.
 */
export async function placesFor(db: Db, categoryIds: number[], unitId: number) {
	const places = new Map<number, { quota: number; used: number }>();
	if (categoryIds.length === 0) return places;
	const [categories, own, used] = await Promise.all([
		db
			.select({ id: campaignCategories.id, quota: campaignCategories.quotaPerUnit })
			.from(campaignCategories)
			.where(inArray(campaignCategories.id, categoryIds)),
		db
			.select({ id: campaignUnitQuotas.categoryId, places: campaignUnitQuotas.places })
			.from(campaignUnitQuotas)
			.where(
				and(
					inArray(campaignUnitQuotas.categoryId, categoryIds),
					eq(campaignUnitQuotas.unitId, unitId)
				)
			),
		db
			.select({ id: nominations.categoryId, n: sql<number>`count(*)::int` })
			.from(nominations)
			.where(
				and(
					inArray(nominations.categoryId, categoryIds),
					eq(nominations.nominatingUnitId, unitId),
					inArray(nominations.status, QUOTA_HOLDING)
				)
			)
			.groupBy(nominations.categoryId)
	]);
	const ownOf = new Map(own.map((o) => [o.id, o.places]));
	const usedOf = new Map(used.map((u) => [u.id, u.n]));
	for (const c of categories)
		places.set(c.id, { quota: ownOf.get(c.id) ?? c.quota, used: usedOf.get(c.id) ?? 0 });
	return places;
}

/** Places a unit holds in a category: dossiers it nominated (or, forwarding, passed upward). */
export async function quotaUsed(
	db: Db,
	categoryId: number,
	unitId: number,
	as: 'nominator' | 'forwarder'
) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(nominations)
		.where(
			and(
				eq(nominations.categoryId, categoryId),
				inArray(nominations.status, QUOTA_HOLDING),
				as === 'nominator'
					? eq(nominations.nominatingUnitId, unitId)
					: arrayContains(nominations.forwardedBy, [unitId])
			)
		);
	return row?.n ?? 0;
}

export async function insertDossier(
	db: Db,
	values: Pick<
		typeof nominations.$inferInsert,
		| 'campaignId'
		| 'categoryId'
		| 'nominatingUnitId'
		| 'nominee'
		| 'nomineeName'
		| 'nomineeNameFolded'
		| 'summary'
		| 'narrative'
		| 'achievements'
		| 'createdById'
	>
) {
	const [row] = await db.insert(nominations).values(values).returning({ id: nominations.id });
	return row!.id;
}

export async function updateDossier(
	db: Db,
	id: number,
	values: Partial<typeof nominations.$inferInsert>
) {
	await db.update(nominations).set(values).where(eq(nominations.id, id));
}

export async function deleteDossier(db: Db, id: number) {
	await db.delete(nominations).where(eq(nominations.id, id));
}

export async function insertEvent(db: Db, values: typeof nominationEvents.$inferInsert) {
	await db.insert(nominationEvents).values(values);
}

export async function listEvents(db: Db, nominationId: number) {
	return db
		.select({
			at: nominationEvents.at,
			action: nominationEvents.action,
			toStatus: nominationEvents.toStatus,
			reason: nominationEvents.reason,
			levelUnitName: units.name,
			actorName: sql<
				string | null
			>`(select full_name from users where users.id = ${outer(nominationEvents.actorId)})`
		})
		.from(nominationEvents)
		.leftJoin(units, eq(units.id, nominationEvents.levelUnitId))
		.where(eq(nominationEvents.nominationId, nominationId))
		.orderBy(asc(nominationEvents.at), asc(nominationEvents.id));
}

/** The reason of the latest return, shown to the officer who must revise. */
export async function lastReason(db: Db, nominationId: number, action: string) {
	const [row] = await db
		.select({ reason: nominationEvents.reason })
		.from(nominationEvents)
		.where(
			and(eq(nominationEvents.nominationId, nominationId), eq(nominationEvents.action, action))
		)
		.orderBy(desc(nominationEvents.id))
		.limit(1);
	return row?.reason ?? null;
}

export interface DossierFilter {
	campaignId?: number;
	/** Dossiers nominated by these units. */
	nominatedBy?: number[];
	/** Dossiers that reached these units (now there, or forwarded by them). */
	reached?: number[];
	unitId?: number;
	categoryId?: number;
	status?: NominationStatus;
}

export async function listDossiers(db: Db, filter: DossierFilter) {
	const conditions: SQL[] = [];
	if (filter.campaignId) conditions.push(eq(nominations.campaignId, filter.campaignId));
	if (filter.categoryId) conditions.push(eq(nominations.categoryId, filter.categoryId));
	if (filter.unitId) conditions.push(eq(nominations.nominatingUnitId, filter.unitId));
	if (filter.status) conditions.push(eq(nominations.status, filter.status));
	const scopes: SQL[] = [];
	if (filter.nominatedBy)
		scopes.push(
			filter.nominatedBy.length
				? inArray(nominations.nominatingUnitId, filter.nominatedBy)
				: sql`false`
		);
	if (filter.reached) {
		if (filter.reached.length) {
			scopes.push(inArray(nominations.levelUnitId, filter.reached));
			scopes.push(
				sql`${nominations.forwardedBy} && ${sql.raw(`ARRAY[${filter.reached.map(Number).join(',')}]::integer[]`)}`
			);
		} else scopes.push(sql`false`);
	}
	if (scopes.length) conditions.push(or(...scopes) as SQL);
	return dossierQuery(db)
		.where(and(...conditions))
		.orderBy(asc(nominatingUnit.path), asc(nominations.categoryId), asc(nominations.id));
}

export async function listFiles(db: Db, nominationId: number) {
	return db
		.select({
			id: nominationFiles.id,
			role: nominationFiles.role,
			fileName: nominationFiles.fileName,
			mimeType: nominationFiles.mimeType,
			size: nominationFiles.size,
			createdAt: nominationFiles.createdAt
		})
		.from(nominationFiles)
		.where(eq(nominationFiles.nominationId, nominationId))
		.orderBy(asc(nominationFiles.createdAt));
}

export async function insertFile(db: Db, values: typeof nominationFiles.$inferInsert) {
	await db.insert(nominationFiles).values(values);
}

export async function findFile(db: Db, nominationId: number, fileId: string) {
	const [row] = await db
		.select()
		.from(nominationFiles)
		.where(and(eq(nominationFiles.id, fileId), eq(nominationFiles.nominationId, nominationId)));
	return row ?? null;
}

export async function deleteFile(db: Db, nominationId: number, fileId: string) {
	await db
		.delete(nominationFiles)
		.where(and(eq(nominationFiles.id, fileId), eq(nominationFiles.nominationId, nominationId)));
}

export async function deletePhotos(db: Db, nominationId: number) {
	await db
		.delete(nominationFiles)
		.where(and(eq(nominationFiles.nominationId, nominationId), eq(nominationFiles.role, 'photo')));
}

/** The people who act for a unit: who is told when something reaches or leaves it. */
export async function staffOf(db: Db, unitId: number, roles: ('organizer' | 'officer')[]) {
	const rows = await db
		.selectDistinct({ userId: roleAssignments.userId })
		.from(roleAssignments)
		.where(and(eq(roleAssignments.unitId, unitId), inArray(roleAssignments.role, roles)));
	return rows.map((r) => r.userId);
}

/** The officers of the units that nominated these dossiers, by dossier (one query). */
export async function officersOfDossiers(db: Db, nominationIds: number[]) {
	const byDossier = new Map<number, number[]>();
	if (nominationIds.length === 0) return byDossier;
	const rows = await db
		.selectDistinct({ nominationId: nominations.id, userId: roleAssignments.userId })
		.from(nominations)
		.innerJoin(
			roleAssignments,
			and(
				eq(roleAssignments.unitId, nominations.nominatingUnitId),
				eq(roleAssignments.role, 'officer')
			)
		)
		.where(inArray(nominations.id, nominationIds));
	for (const r of rows)
		byDossier.set(r.nominationId, [...(byDossier.get(r.nominationId) ?? []), r.userId]);
	return byDossier;
}

/** A campaign's accepted dossiers, in the order they were accepted (awards are made from them). */
export async function listAcceptedDossiers(db: Db, campaignId: number) {
	return dossierQuery(db)
		.where(and(eq(nominations.campaignId, campaignId), eq(nominations.status, 'accepted')))
		.orderBy(asc(nominations.updatedAt), asc(nominations.id));
}

/** Whether the dossier has a photo, without reading its bytes. */
export async function hasDossierPhoto(db: Db, nominationId: number) {
	const [row] = await db
		.select({ id: nominationFiles.id })
		.from(nominationFiles)
		.where(and(eq(nominationFiles.nominationId, nominationId), eq(nominationFiles.role, 'photo')))
		.limit(1);
	return Boolean(row);
}

/** The dossier's newest photo, bytes and type, or null. */
export async function dossierPhoto(db: Db, nominationId: number) {
	const [row] = await db
		.select({ bytes: nominationFiles.bytes, mimeType: nominationFiles.mimeType })
		.from(nominationFiles)
		.where(and(eq(nominationFiles.nominationId, nominationId), eq(nominationFiles.role, 'photo')))
		.orderBy(desc(nominationFiles.createdAt))
		.limit(1);
	return row ?? null;
}

/** Dossiers' public summaries and whether each has a photo (the honour roll's cards). */
export async function listDossierCards(db: Db, ids: number[]) {
	if (ids.length === 0) return [];
	return db
		.select({
			id: nominations.id,
			summary: nominations.summary,
			hasPhoto: sql<boolean>`exists (select 1 from nomination_files f where f.nomination_id = nominations.id and f.role = 'photo')`
		})
		.from(nominations)
		.where(inArray(nominations.id, ids));
}

/**
 * Every dossier of a campaign that was ever sent (drafts never left their unit), by id: the
 * order they were registered in. Each with its files' names, sizes and checksums, no bytes.
 */
export async function listSentDossiers(db: Db, campaignId: number) {
	const dossiers = await dossierQuery(db)
		.where(and(eq(nominations.campaignId, campaignId), sql`${nominations.submittedAt} is not null`))
		.orderBy(asc(nominations.id));
	const files = dossiers.length
		? await db
				.select({
					id: nominationFiles.id,
					nominationId: nominationFiles.nominationId,
					role: nominationFiles.role,
					fileName: nominationFiles.fileName,
					mimeType: nominationFiles.mimeType,
					size: nominationFiles.size,
					sha256: nominationFiles.sha256
				})
				.from(nominationFiles)
				.where(
					inArray(
						nominationFiles.nominationId,
						dossiers.map((d) => d.id)
					)
				)
				.orderBy(asc(nominationFiles.createdAt), asc(nominationFiles.id))
		: [];
	return dossiers.map((d) => ({ ...d, files: files.filter((f) => f.nominationId === d.id) }));
}
