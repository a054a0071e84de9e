import { and, asc, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import {
	awardDecisions,
	awardEvents,
	awardRecipients,
	awardUnitSettings,
	units
} from '../db/schema';

export * from './honour-roll-repo';
import { effectiveField } from './honour-roll-repo';

export type DecisionValues = Omit<typeof awardDecisions.$inferInsert, 'id'>;
export type RecipientValues = Omit<typeof awardRecipients.$inferInsert, 'id' | 'slug'>;

const decisionColumns = {
	id: awardDecisions.id,
	unitId: awardDecisions.unitId,
	unitName: units.name,
	unitPath: units.path,
	number: awardDecisions.number,
	decidedOn: awardDecisions.decidedOn,
	year: awardDecisions.year,
	issuer: awardDecisions.issuer,
	signer: awardDecisions.signer,
	signerTitle: awardDecisions.signerTitle,
	citation: awardDecisions.citation,
	field: awardDecisions.field,
	source: awardDecisions.source,
	campaignId: awardDecisions.campaignId,
	roundId: awardDecisions.roundId,
	gameId: awardDecisions.gameId,
	createdAt: awardDecisions.createdAt,
	updatedAt: awardDecisions.updatedAt
};

export async function findDecision(db: Db, id: number, lock = false) {
	const query = db
		.select(decisionColumns)
		.from(awardDecisions)
		.innerJoin(units, eq(units.id, awardDecisions.unitId))
		.where(eq(awardDecisions.id, id));
	const [row] = lock ? await query.for('update', { of: awardDecisions }) : await query;
	return row ?? null;
}
export type DecisionRow = NonNullable<Awaited<ReturnType<typeof findDecision>>>;

function within(column: typeof units.path, paths: string[] | null): SQL | undefined {
	if (!paths) return undefined;
	if (paths.length === 0) return sql`false`;
	return or(...paths.map((p) => like(column, `${escapeLike(p)}%`)));
}

export async function listDecisions(db: Db, withinPaths: string[] | null) {
	return db
		.select({
			...decisionColumns,
			recipients: sql<number>`(select count(*)::int from award_recipients r where r.decision_id = ${awardDecisions.id})`,
			revoked: sql<number>`(select count(*)::int from award_recipients r where r.decision_id = ${awardDecisions.id} and r.revoked_at is not null)`
		})
		.from(awardDecisions)
		.innerJoin(units, eq(units.id, awardDecisions.unitId))
		.where(within(units.path, withinPaths))
		.orderBy(desc(awardDecisions.decidedOn), desc(awardDecisions.id))
		.limit(500);
}

/** The decisions drawn from a campaign's results, oldest first: the order they were filed. */
export async function listCampaignDecisions(db: Db, campaignId: number) {
	return db
		.select(decisionColumns)
		.from(awardDecisions)
		.innerJoin(units, eq(units.id, awardDecisions.unitId))
		.where(eq(awardDecisions.campaignId, campaignId))
		.orderBy(asc(awardDecisions.decidedOn), asc(awardDecisions.id));
}

export async function insertDecision(db: Db, values: DecisionValues): Promise<number> {
	const [row] = await db.insert(awardDecisions).values(values).returning({ id: awardDecisions.id });
	return row!.id;
}

export async function updateDecision(
	db: Db,
	id: number,
	values: Partial<DecisionValues> & { updatedAt: Date }
) {
	await db.update(awardDecisions).set(values).where(eq(awardDecisions.id, id));
}

/** Inserts recipients and gives each its readable slug, which needs the row's id. */
export async function insertRecipients(
	db: Db,
	rows: RecipientValues[],
	slugOf: (name: string, id: number) => string
): Promise<{ id: number; slug: string; certificateCode: string }[]> {
	if (rows.length === 0) return [];
	const inserted = await db
		.insert(awardRecipients)
		// The certificate code is unique too, so it holds the slug's place until the id is known.
		.values(rows.map((r) => ({ ...r, slug: `tmp-${r.certificateCode}` })))
		.returning({
			id: awardRecipients.id,
			name: awardRecipients.name,
			certificateCode: awardRecipients.certificateCode
		});
	const slugged = inserted.map((r) => ({
		id: r.id,
		slug: slugOf(r.name, r.id),
		certificateCode: r.certificateCode
	}));
	// One statement for every slug, however long the list.
	await db.execute(sql`update award_recipients r set slug = v.slug
		from unnest(${sql.param(slugged.map((r) => r.id))}::int[], ${sql.param(
			slugged.map((r) => r.slug)
		)}::text[]) as v(id, slug)
		where r.id = v.id`);
	return slugged;
}

const recipientColumns = {
	id: awardRecipients.id,
	decisionId: awardRecipients.decisionId,
	kind: awardRecipients.kind,
	customKind: awardRecipients.customKind,
	type: awardRecipients.type,
	name: awardRecipients.name,
	unitId: awardRecipients.unitId,
	unitName: awardRecipients.unitName,
	position: awardRecipients.position,
	achievement: awardRecipients.achievement,
	field: awardRecipients.field,
	nominationId: awardRecipients.nominationId,
	playerId: awardRecipients.playerId,
	certificateCode: awardRecipients.certificateCode,
	slug: awardRecipients.slug,
	rank: awardRecipients.rank,
	revokedAt: awardRecipients.revokedAt,
	revokedReason: awardRecipients.revokedReason,
	createdAt: awardRecipients.createdAt,
	updatedAt: awardRecipients.updatedAt
};

export async function listRecipients(db: Db, decisionId: number) {
	return db
		.select(recipientColumns)
		.from(awardRecipients)
		.where(eq(awardRecipients.decisionId, decisionId))
		.orderBy(asc(awardRecipients.rank), asc(awardRecipients.id));
}

export async function findRecipient(db: Db, id: number, lock = false) {
	const query = db.select(recipientColumns).from(awardRecipients).where(eq(awardRecipients.id, id));
	const [row] = lock ? await query.for('update') : await query;
	return row ?? null;
}
export type RecipientRow = NonNullable<Awaited<ReturnType<typeof findRecipient>>>;

export async function updateRecipient(
	db: Db,
	id: number,
	values: Partial<typeof awardRecipients.$inferInsert> & { updatedAt: Date }
) {
	await db.update(awardRecipients).set(values).where(eq(awardRecipients.id, id));
}

export async function nextRank(db: Db, decisionId: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(${awardRecipients.rank}), 0)::int` })
		.from(awardRecipients)
		.where(eq(awardRecipients.decisionId, decisionId));
	return (row?.n ?? 0) + 1;
}

export async function insertEvent(db: Db, values: typeof awardEvents.$inferInsert) {
	await db.insert(awardEvents).values(values);
}

export async function listEvents(db: Db, decisionId: number) {
	return db
		.select({
			id: awardEvents.id,
			at: awardEvents.at,
			action: awardEvents.action,
			recipientId: awardEvents.recipientId,
			before: awardEvents.before,
			after: awardEvents.after,
			reason: awardEvents.reason,
			actorId: awardEvents.actorId
		})
		.from(awardEvents)
		.where(eq(awardEvents.decisionId, decisionId))
		.orderBy(desc(awardEvents.at), desc(awardEvents.id));
}

/** A certificate by its code, with its decision: what the verification page shows. */
export async function findByCode(db: Db, code: string) {
	const [row] = await db
		.select({
			recipient: recipientColumns,
			decision: {
				number: awardDecisions.number,
				decidedOn: awardDecisions.decidedOn,
				issuer: awardDecisions.issuer,
				signer: awardDecisions.signer,
				signerTitle: awardDecisions.signerTitle,
				citation: awardDecisions.citation,
				field: awardDecisions.field
			}
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.where(eq(awardRecipients.certificateCode, code));
	return row ?? null;
}

/** What the filters offer: years and fields that hold standing awards. */
export async function honourFacets(db: Db) {
	// Only what standing awards use: a filter that can only find revoked ones would find nothing.
	const [years, fields, unitRows] = await Promise.all([
		db
			.selectDistinct({ year: awardDecisions.year })
			.from(awardDecisions)
			.innerJoin(awardRecipients, eq(awardRecipients.decisionId, awardDecisions.id))
			.where(isNull(awardRecipients.revokedAt))
			.orderBy(desc(awardDecisions.year)),
		db
			.selectDistinct({ field: effectiveField })
			.from(awardDecisions)
			.innerJoin(awardRecipients, eq(awardRecipients.decisionId, awardDecisions.id))
			.where(and(isNull(awardRecipients.revokedAt), sql`${effectiveField} is not null`))
			.orderBy(asc(effectiveField)),
		// The unit the filter matches (`recipientWithin`): the recipient's, or the issuing unit's
		// for a recipient typed by hand without one.
		db
			.selectDistinct({ id: units.id, name: units.name, path: units.path })
			.from(awardRecipients)
			.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
			.innerJoin(
				units,
				eq(units.id, sql`coalesce(${awardRecipients.unitId}, ${awardDecisions.unitId})`)
			)
			.where(isNull(awardRecipients.revokedAt))
			.orderBy(asc(units.path))
	]);
	return {
		years: years.map((y) => y.year),
		fields: fields.map((f) => f.field!),
		units: unitRows.map(({ id, name }) => ({ id, name }))
	};
}

export async function findStandingBySlug(db: Db, slug: string) {
	const [row] = await db
		.select({ recipient: recipientColumns, decision: decisionColumns })
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.innerJoin(units, eq(units.id, awardDecisions.unitId))
		.where(and(eq(awardRecipients.slug, slug), isNull(awardRecipients.revokedAt)));
	return row ?? null;
}

/**
 * Every award of a person or a unit across years, revoked ones included (marked), within the
 * reader's subtrees: by folded name, or by the recipient unit's subtree.
 */
export async function awardHistory(
	db: Db,
	q: { withinPaths: string[] | null; nameFolded?: string; unitPath?: string }
) {
	const conditions: (SQL | undefined)[] = [within(units.path, q.withinPaths)];
	if (q.nameFolded) conditions.push(eq(awardRecipients.nameFolded, q.nameFolded));
	if (q.unitPath) {
		const recipientUnits = sql`(select path from units u where u.id = ${awardRecipients.unitId})`;
		conditions.push(sql`${recipientUnits} like ${`${escapeLike(q.unitPath)}%`}`);
	}
	return db
		.select({
			id: awardRecipients.id,
			name: awardRecipients.name,
			unitName: awardRecipients.unitName,
			kind: awardRecipients.kind,
			customKind: awardRecipients.customKind,
			revokedAt: awardRecipients.revokedAt,
			decisionId: awardDecisions.id,
			number: awardDecisions.number,
			decidedOn: awardDecisions.decidedOn,
			year: awardDecisions.year
		})
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.innerJoin(units, eq(units.id, awardDecisions.unitId))
		.where(and(...conditions))
		.orderBy(desc(awardDecisions.decidedOn), asc(awardRecipients.id))
		.limit(500);
}

/** Dossiers that already stand in a decision, with its number: awarding twice is a mistake. */
export async function awardedNominations(db: Db, nominationIds: number[]) {
	if (nominationIds.length === 0) return new Map<number, string>();
	const rows = await db
		.select({ nominationId: awardRecipients.nominationId, number: awardDecisions.number })
		.from(awardRecipients)
		.innerJoin(awardDecisions, eq(awardDecisions.id, awardRecipients.decisionId))
		.where(
			and(inArray(awardRecipients.nominationId, nominationIds), isNull(awardRecipients.revokedAt))
		);
	return new Map(rows.map((r) => [r.nominationId!, r.number]));
}

/** Serialises decisions drawn from one source, so two made at once cannot award twice. */
export async function lockSource(db: Db, key: string) {
	await db.execute(sql`select count(*) from (select pg_advisory_xact_lock(hashtext(${key}))) l`);
}

/** The number of a decision drawn from this round or game that still has standing recipients. */
export async function standingDecisionFrom(
	db: Db,
	source: { roundId?: number; gameId?: number }
): Promise<string | null> {
	const from =
		source.roundId !== undefined
			? eq(awardDecisions.roundId, source.roundId)
			: eq(awardDecisions.gameId, source.gameId!);
	const [row] = await db
		.select({ number: awardDecisions.number })
		.from(awardDecisions)
		.where(
			and(
				from,
				sql`exists (select 1 from award_recipients r where r.decision_id = ${awardDecisions.id} and r.revoked_at is null)`
			)
		)
		.limit(1);
	return row?.number ?? null;
}

/** Whether the unit's register already holds this decision number (case and NFC/NFD aside). */
export async function numberTaken(db: Db, unitId: number, number: string): Promise<boolean> {
	const [row] = await db
		.select({ id: awardDecisions.id })
		.from(awardDecisions)
		.where(
			and(
				eq(awardDecisions.unitId, unitId),
				sql`lower(normalize(${awardDecisions.number}, NFC)) = lower(normalize(${number}, NFC))`
			)
		)
		.limit(1);
	return Boolean(row);
}

/** The certificate settings the given units set (units without any are absent). */
export async function unitSettings(db: Db, unitIds: number[]) {
	if (unitIds.length === 0) return [];
	return db.select().from(awardUnitSettings).where(inArray(awardUnitSettings.unitId, unitIds));
}

export async function saveUnitSettings(
	db: Db,
	values: Omit<typeof awardUnitSettings.$inferInsert, 'updatedAt'> & { updatedAt: Date }
) {
	const { placeName, authorityLine, updatedById, updatedAt } = values;
	await db.insert(awardUnitSettings).values(values).onConflictDoUpdate({
		target: awardUnitSettings.unitId,
		set: { placeName, authorityLine, updatedById, updatedAt }
	});
}
