/**
 * Nominees' contact data (docs/privacy.md): the e-mail an individual's dossier may carry, where
 * the nominee is told of an award. The retention job erases it; the dossier keeps the rest.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { nominations } from '../db/schema';

/** Removes the nominee's e-mail from every dossier of the campaign; returns the dossiers changed. */
export async function eraseNomineeContacts(db: Db, campaignId: number) {
	const rows = await db
		.update(nominations)
		.set({ nominee: sql`${nominations.nominee} - 'email'` })
		.where(and(eq(nominations.campaignId, campaignId), sql`${nominations.nominee} ? 'email'`))
		.returning({ id: nominations.id });
	return rows.map((r) => r.id);
}

/** Every dossier id of the campaign (its award records are looked up by these). */
export async function dossierIdsOf(db: Db, campaignId: number) {
	const rows = await db
		.select({ id: nominations.id })
		.from(nominations)
		.where(eq(nominations.campaignId, campaignId));
	return rows.map((r) => r.id);
}
