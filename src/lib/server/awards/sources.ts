/**
 * Where recipients come from. Each source returns candidates in one shape, so the judged
 * ranking of a campaign (issue 4) can replace `campaignResults` without touching the service.
 */
import type { RecipientType } from '$lib/shared/awards';
import { findUserContacts } from '../auth';
import { listCategories } from '../campaigns';
import { listRoundWinnerContacts, listRoundWinners } from '../contests';
import type { Db } from '../db/client';
import { judgedRanks } from '../judging';
import { finalOrder, listPlayers } from '../live';
import { listAcceptedDossiers } from '../nominations';

export interface Candidate {
	type: RecipientType;
	name: string;
	unitId: number | null;
	unitName: string;
	position: string;
	achievement: string;
	field: string | null;
	nominationId: number | null;
	playerId: number | null;
	/** A contest prize label ("Giải Nhất"); null for campaign results. */
	tier: string | null;
	rank: number;
	/** Where the recipient is told of the award, when an address is known. */
	email: string | null;
}

/** Account addresses by user id, active accounts only (one query). */
async function accountEmails(db: Db, userIds: (number | null)[]) {
	const ids = [...new Set(userIds.filter((id): id is number => id !== null))];
	const contacts = await findUserContacts(db, ids);
	return new Map(contacts.filter((c) => c.active).map((c) => [c.id, c.email]));
}

/**
 * A campaign's results: its accepted dossiers, in the judged order (category, then the panel's
 * rank, ties kept) once the round is closed; before that, in the order they were accepted.
 */
export async function campaignResults(db: Db, campaignId: number): Promise<Candidate[]> {
	const [dossiers, categories] = await Promise.all([
		listAcceptedDossiers(db, campaignId),
		listCategories(db, [campaignId])
	]);
	const categoryOf = new Map(categories.map((c) => [c.id, c]));
	const rows = dossiers.flatMap((d) => {
		const category = categoryOf.get(d.categoryId);
		if (!category) return [];
		return [
			{
				id: d.id,
				nominee: d.nominee,
				name: d.nomineeName,
				unitId: d.nominatingUnitId,
				unitName: d.nominatingUnitName,
				field: category.field,
				categoryKind: category.kind,
				categoryPosition: category.position
			}
		];
	});
	const judged = await judgedRanks(db, campaignId);
	const ordered = judged
		? [...rows].sort(
				(a, b) =>
					a.categoryPosition - b.categoryPosition ||
					(judged.get(a.id)?.rank ?? Number.MAX_SAFE_INTEGER) -
						(judged.get(b.id)?.rank ?? Number.MAX_SAFE_INTEGER)
			)
		: rows;
	return ordered.map((r, i) => ({
		type: r.categoryKind === 'collective' ? 'collective' : 'individual',
		name: r.name,
		unitId: r.unitId,
		unitName: r.unitName,
		position: r.nominee.kind === 'individual' ? r.nominee.position : '',
		// The decision's citation is what a certificate says, not the nominee's own summary.
		achievement: '',
		field: r.field,
		nominationId: r.id,
		playerId: null,
		tier: null,
		rank: judged?.get(r.id)?.rank ?? i + 1,
		// The nominee's own address, when the dossier gives one.
		email: (r.nominee.kind === 'individual' && r.nominee.email) || null
	}));
}

/**
 * A contest round's published winners, with their prize tier. Each is written to at the address
 * they gave for results, or else their account's.
 */
export async function roundResults(db: Db, roundId: number): Promise<Candidate[]> {
	const rows = (await listRoundWinners(db, roundId)).map((w) => ({ ...w, name: w.fullName }));
	const contacts = new Map(
		(await listRoundWinnerContacts(db, roundId)).map((c) => [c.playerId, c])
	);
	const emails = await accountEmails(
		db,
		[...contacts.values()].map((c) => c.userId)
	);
	const emailOf = (playerId: number) => {
		const contact = contacts.get(playerId);
		if (!contact) return null;
		return (
			contact.resultsEmail ??
			(contact.userId === null ? null : (emails.get(contact.userId) ?? null))
		);
	};
	return rows.map((r) => ({
		type: 'individual',
		name: r.name,
		unitId: r.unitId,
		unitName: r.unitName,
		position: '',
		achievement: '',
		field: null,
		nominationId: null,
		playerId: r.playerId,
		tier: r.tier,
		rank: r.rank,
		email: emailOf(r.playerId)
	}));
}

/** Prizes of a live game by its final order: winners first, then by the question each fell at. */
const livePrizes = ['Giải Nhất', 'Giải Nhì', 'Giải Ba'];

/** A finished live game's top three places (ties share a place), each with its prize. */
export async function liveGameResults(db: Db, gameId: number): Promise<Candidate[]> {
	const players = await listPlayers(db, gameId);
	const byId = new Map(players.map((p) => [p.id, p]));
	// Players who joined signed in are told at their account's address; guests have none.
	const emails = await accountEmails(
		db,
		players.map((p) => p.userId)
	);
	return finalOrder(players)
		.filter((r) => r.rank <= livePrizes.length)
		.map((r) => {
			const p = byId.get(r.id)!;
			return {
				type: 'individual' as const,
				name: p.displayName,
				unitId: null,
				unitName: p.unitName,
				position: '',
				achievement: '',
				field: null,
				nominationId: null,
				playerId: null,
				tier: livePrizes[r.rank - 1]!,
				rank: r.rank,
				email: p.userId === null ? null : (emails.get(p.userId) ?? null)
			};
		});
}
