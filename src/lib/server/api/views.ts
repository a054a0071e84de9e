/**
 * What the read API answers: each view calls the very function the public page's load calls,
 * as an anonymous visitor, and keeps only what the page shows. Nothing here reads a table.
 */
import { honourFilterSchema } from '$lib/schemas/awards';
import { honourRoll, verifyCertificate } from '$lib/server/awards';
import { getPublicCampaign, listPublicCampaigns } from '$lib/server/campaigns';
import { findRound, getLeaderboard, roundBoardPending } from '$lib/server/contests';
import { listPublicShortlist } from '$lib/server/judging';
import { getPublicPoll, listOpenPolls } from '$lib/server/voting';
import type { Ctx } from '../context';
import { notFound } from '../errors';

/** The anonymous visitor the API always answers: no session, no guest, so nothing of anyone's own. */
export interface ApiCtx extends Ctx {
	actor: null;
	/** The client's address, for the throttles the pages apply too. */
	address: string;
}

type Campaign = Awaited<ReturnType<typeof listPublicCampaigns>>[number];

function campaignView(c: Campaign) {
	return {
		id: c.id,
		title: c.title,
		description: c.description,
		organizingUnitName: c.organizingUnitName,
		year: c.year,
		status: c.status,
		phases: c.phases.map((p) => ({ kind: p.kind, startsAt: p.startsAt, endsAt: p.endsAt })),
		categories: c.categories.map((k) => ({ name: k.name, kind: k.kind, field: k.field ?? null }))
	};
}

/** Published campaigns, as /dot lists them. */
export async function campaigns(ctx: ApiCtx) {
	return (await listPublicCampaigns(ctx.db)).map(campaignView);
}

/** One published campaign and its shortlist, as /dot/{id} shows them. */
export async function campaign(ctx: ApiCtx, id: number) {
	const found = await getPublicCampaign(ctx, id);
	const shortlist = found.status === 'draft' ? [] : await listPublicShortlist(ctx, id);
	return {
		...campaignView(found),
		shortlist: shortlist.map((f) => ({
			nominationId: f.nominationId,
			name: f.name,
			categoryName: f.categoryName,
			unitName: f.unitName,
			summary: f.summary,
			url: `/dot/${id}/ung-vien/${f.nominationId}`
		}))
	};
}

/** Polls open now, as the home page lists them. */
export async function openPolls(ctx: ApiCtx) {
	return (await listOpenPolls(ctx.db, ctx.now)).map((p) => ({
		id: p.id,
		title: p.title,
		closesAt: p.closesAt
	}));
}

/** A poll, with its results only when its visibility rule shows them to the public now. */
export async function poll(ctx: ApiCtx, id: number) {
	const view = await getPublicPoll(ctx, id, { token: null, address: ctx.address });
	const p = view.poll;
	return {
		id: p.id,
		title: p.title,
		description: p.description,
		unitName: p.unitName,
		opensAt: p.opensAt,
		closesAt: p.closesAt,
		phase: p.phase,
		maxChoices: p.maxChoices,
		dailyVoting: p.dailyVoting,
		audience: p.audience,
		resultsVisibility: p.resultsVisibility,
		options: view.options.map((o) => ({ id: o.id, title: o.title, summary: o.summary })),
		results: view.results && {
			counted: view.results.counted,
			provisional: view.results.standing.provisional,
			rows: view.results.rows.map((r) => ({
				rank: r.rank,
				optionId: r.optionId,
				title: r.title,
				votes: r.votes,
				percent: r.percent
			}))
		}
	};
}

/** A round's leaderboard, once the round has closed (before that: 409, as the page says). */
export async function leaderboard(
	ctx: ApiCtx,
	contestId: number,
	roundId: number,
	query: URLSearchParams
) {
	// The round must be this contest's (the id pair is the address), and not a draft (404).
	const found = await findRound(ctx.db, roundId);
	if (!found || found.contestId !== contestId) throw notFound('Không tìm thấy tuần thi.');
	await roundBoardPending(ctx, roundId);
	// `don-vi`: one unit's subtree, as the page's unit filter.
	const unit = Number(query.get('don-vi'));
	const withinUnitId = Number.isInteger(unit) && unit > 0 ? unit : undefined;
	const board = await getLeaderboard(ctx, roundId, { withinUnitId });
	const { round } = board;
	return {
		contestId,
		round: {
			id: round.id,
			number: round.number,
			title: round.title,
			opensAt: round.opensAt,
			closesAt: round.closesAt,
			phase: round.phase,
			winnersPublished: round.winnersPublished
		},
		unitName: board.unitName,
		actual: board.actual,
		rows: board.rows.map((r) => ({
			rank: r.rank,
			fullName: r.fullName,
			unitName: r.unitName,
			correct: r.correct,
			prediction: r.prediction,
			durationMs: r.durationMs
		})),
		winners: board.winners.map((w) => ({
			rank: w.rank,
			tier: w.tier,
			fullName: w.fullName,
			unitName: w.unitName
		}))
	};
}

/** The honour roll with the page's filters (`q`, `year`, `unit`, `field`, `kind`, `page`). */
export async function honour(ctx: ApiCtx, query: URLSearchParams) {
	const filter = honourFilterSchema.parse(Object.fromEntries(query));
	const roll = await honourRoll(ctx.db, filter);
	return {
		page: filter.page,
		hasMore: roll.hasMore,
		rows: roll.rows.map((m) => ({
			slug: m.slug,
			name: m.name,
			type: m.type,
			unitName: m.unitName,
			awardLabel: m.awardLabel,
			kind: m.kind,
			year: m.year,
			field: m.field ?? null,
			summary: m.summary || m.achievement || null,
			decision: { number: m.number, decidedOn: m.decidedOn, issuer: m.issuer },
			url: `/vinh-danh/${m.slug}`,
			photoUrl: m.hasPhoto ? `/vinh-danh/${m.slug}/anh` : null
		})),
		facets: {
			years: roll.facets.years,
			fields: roll.facets.fields,
			units: roll.facets.units.map((u) => ({ id: u.id, name: u.name }))
		}
	};
}

/** A certificate by its code, throttled per address as the page is; unknown is 404. */
export async function certificate(ctx: ApiCtx, code: string) {
	const shown = code.slice(0, 40);
	const result = await verifyCertificate(ctx, { code: shown, address: ctx.address });
	if (result.status === 'unknown')
		throw notFound(`Không tồn tại giấy chứng nhận nào có mã “${shown}”.`);
	return {
		status: result.status,
		code: result.code,
		name: result.name,
		unitName: result.unitName,
		awardLabel: result.awardLabel,
		position: result.position,
		citation: result.citation,
		field: result.field,
		revokedAt: result.revokedAt,
		revokedReason: result.revokedReason,
		decision: result.decision,
		url: result.status === 'valid' ? `/vinh-danh/${result.slug}` : null
	};
}
