/**
 * Personal data under Nghị định 13/2023/NĐ-CP (docs/privacy.md): the retention job, a person's
 * data download, requests about one's data (with an account, or as a guest player) and the
 * administrators' queue that carries them out. Each area owns the erasure of its own columns
 * (`personal-data.ts` in contests, campaigns, nominations, awards, users, voting); this area
 * decides when and for whom, and audits it.
 */
import { z } from 'zod';
import {
	accountRequestSchema,
	myDataFormatSchema,
	handleRequestSchema,
	refuseRequestSchema
} from '$lib/schemas/privacy';
import { privacyRequestKindLabels } from '$lib/shared/privacy';
import { deleteUserSessions, revokeAccountTokens } from '../auth';
import { awardsOfPlayers, eraseRecipientEmails } from '../awards';
import { campaignsDueForErasure, markCampaignErased } from '../campaigns';
import {
	contestDataOf,
	contestsDueForErasure,
	eraseContestPlayerData,
	erasePlayers,
	playersOf
} from '../contests';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { PrivacyRequest } from '../db/schema';
import { conflict, notFound } from '../errors';
import { livePlayersOf } from '../live';
import { dossierIdsOf, eraseNomineeContacts } from '../nominations';
import { enqueueMail } from '../notifications';
import { accountDataOf, eraseAccount } from '../users';
import { authorizeRead, defineUseCase, type Check, type Scope } from '../usecase';
import { ballotsOf, detachBallots } from '../voting';
import * as repo from './repo';
import { erases, ranOnSomething, retentionTotals, type RetentionRun } from './rules';

const ADMIN_AREA = { action: 'privacy.manage', resource: { kind: 'area' } } as const;

/** One's own account, as the policy reads it: only its owner may act on it here. */
const ownAccount = (actor: Actor): Check => ({
	action: 'account.update',
	resource: { kind: 'user', id: actor.id, unitPath: actor.unitPath, rolePaths: [] }
});
const signedIn = ({ actor }: Scope<Actor>) => Promise.resolve(actor);

/**
 * The retention job's turn at `now`: every contest and campaign past its period has its
 * contact data erased and is marked, so the next turn skips it. Rankings, winners, dossiers,
 * decisions and certificates keep names and units. One audit entry per run that erased. One
 * node at a time: a run that finds another running does nothing.
 */
export const runRetention = defineUseCase({
	name: 'privacy.retention',
	public:
		'the scheduled retention job acts for the installation at its own time; no route offers it',
	input: z.object({}),
	run: async ({ db, now }): Promise<RetentionRun> => {
		const run: RetentionRun = { contests: [], campaigns: [] };
		// Another node's run holds the lock: it erases and audits what is due, once.
		if (!(await repo.tryLockRetention(db))) return run;
		for (const contest of await contestsDueForErasure(db, now)) {
			const playerIds = await eraseContestPlayerData(db, contest.id, now);
			const awards = await eraseRecipientEmails(db, { playerIds });
			run.contests.push({ ...contest, players: playerIds.length, awards });
		}
		for (const campaign of await campaignsDueForErasure(db, now)) {
			const dossiers = await eraseNomineeContacts(db, campaign.id);
			const awards = await eraseRecipientEmails(db, {
				nominationIds: await dossierIdsOf(db, campaign.id)
			});
			await markCampaignErased(db, campaign.id, now);
			run.campaigns.push({ ...campaign, dossiers: dossiers.length, awards });
		}
		return run;
	},
	audit: (run) =>
		ranOnSomething(run)
			? {
					entityType: 'privacy',
					after: {
						...retentionTotals(run),
						contestIds: run.contests.map((c) => c.id),
						campaignIds: run.campaigns.map((c) => c.id)
					}
				}
			: null
});

/** Everything held about the signed-in person, gathered from each area. */
async function dataOf(db: Db, userId: number) {
	const account = await accountDataOf(db, userId);
	if (!account) throw notFound();
	const contests = await contestDataOf(db, userId);
	return {
		...account,
		contestRegistrations: contests.registrations,
		contestAttempts: contests.attempts,
		awards: await awardsOfPlayers(
			db,
			contests.registrations.map((r) => r.id)
		),
		ballots: await ballotsOf(db, userId),
		liveGames: await livePlayersOf(db, userId),
		requests: await repo.requestsOf(db, userId)
	};
}
export type MyData = Awaited<ReturnType<typeof dataOf>>;

/** The number of rows the download holds (what its audit entry records). */
function rowsIn(data: MyData): number {
	return (
		1 +
		data.roles.length +
		data.contestRegistrations.length +
		data.contestAttempts.length +
		data.awards.length +
		data.ballots.length +
		data.liveGames.length +
		data.requests.length
	);
}

/** "Dữ liệu của tôi": what the page lists, read by its owner only. */
export async function myData(ctx: Ctx) {
	const actor = authorizeRead(ctx, ownAccount);
	return dataOf(ctx.db, actor.id);
}

/** The person downloads their data (JSON or Excel): recorded like every export of personal data. */
export const downloadMyData = defineUseCase({
	name: 'privacy.download',
	input: z.object({ format: myDataFormatSchema }),
	load: signedIn,
	authorize: ownAccount,
	run: ({ db, actor }) => dataOf(db, actor.id),
	audit: (data, { format }, actor) => ({
		entityType: 'user',
		entityId: actor.id,
		unitPath: actor.unitPath,
		after: { format, rows: rowsIn(data) }
	})
});

/** A signed-in person asks for deletion (or a copy, a correction, withdrawing consent). */
export const requestAboutMyData = defineUseCase({
	name: 'privacy.request',
	input: accountRequestSchema,
	load: signedIn,
	authorize: ownAccount,
	run: ({ db, actor, now }, input) =>
		repo.insertRequest(db, {
			kind: input.kind,
			userId: actor.id,
			fullName: actor.fullName,
			email: actor.email,
			message: input.message,
			createdAt: now
		}),
	audit: (request) => ({
		entityType: 'privacy_request',
		entityId: request.id,
		after: { kind: request.kind }
	})
});

/** The administrators' queue, with the registrations each request concerns. */
export async function listPrivacyRequests(ctx: Ctx) {
	authorizeRead(ctx, () => ADMIN_AREA);
	const rows = await repo.listRequests(ctx.db);
	const targets = await targetsOfEach(
		ctx.db,
		rows.filter((r) => r.status === 'pending')
	);
	return rows.map((r) => ({ ...r, registrations: targets.get(r) ?? [] }));
}

async function loadPending(db: Db, requestId: number) {
	const request = await repo.findRequest(db, requestId);
	if (!request) throw notFound('Không tìm thấy yêu cầu.');
	if (request.status !== 'pending') throw conflict('Yêu cầu này đã được xử lý.');
	return request;
}

type Concerned = Pick<PrivacyRequest, 'userId' | 'phone'>;

/** What a request is matched by: its account, or else the guest's phone. */
const targetKey = (r: Concerned) => (r.userId ? `u:${r.userId}` : r.phone ? `p:${r.phone}` : '');

/**
 * The registrations each request concerns (the account's, or every one with the guest's
 * phone), read in one query whatever the number of requests: the queue lists many.
 */
async function targetsOfEach<R extends Concerned>(db: Db, requests: readonly R[]) {
	const players = await playersOf(db, {
		userIds: requests.flatMap((r) => (r.userId ? [r.userId] : [])),
		phones: requests.flatMap((r) => (!r.userId && r.phone ? [r.phone] : []))
	});
	const byKey = new Map<string, Omit<(typeof players)[number], 'userId' | 'phone'>[]>();
	for (const { userId, phone, ...player } of players) {
		// A registration may be both an account's and a guest phone's: it is listed under each.
		const keys = [
			userId && targetKey({ userId, phone: null }),
			phone && targetKey({ userId: null, phone })
		];
		for (const key of keys) if (key) byKey.set(key, [...(byKey.get(key) ?? []), player]);
	}
	return new Map(requests.map((r) => [r, byKey.get(targetKey(r)) ?? []]));
}

/** The registrations one request concerns. */
async function targetsOf(db: Db, request: Concerned) {
	return (await targetsOfEach(db, [request])).get(request)!;
}

/** Tells the person, at the address they gave or their account's, what became of the request. */
async function tell(
	scope: Scope,
	request: PrivacyRequest,
	address: string | null,
	status: 'done' | 'rejected',
	note: string
) {
	if (!address) return;
	await enqueueMail(scope.db, scope.now, {
		kind: 'privacy_request',
		to: address,
		userId: null,
		data: {
			fullName: request.fullName,
			kind: privacyRequestKindLabels[request.kind],
			status,
			note
		}
	});
}

/**
 * An administrator carries out a request. Deletion (and withdrawn consent) erases the account's
 * identifying data and the contact data of every registration it concerns; award records keep
 * name and unit. Other kinds are done by hand and closed here with a note. The person is told.
 */
export const carryOutRequest = defineUseCase({
	name: 'privacy.erase',
	input: handleRequestSchema,
	load: ({ db }, input) => loadPending(db, input.requestId),
	authorize: () => ADMIN_AREA,
	confirm: async ({ db }, _input, request) => {
		if (!erases(request.kind))
			return {
				title: 'Đóng yêu cầu',
				summary: `Ghi nhận đã xử lý yêu cầu “${privacyRequestKindLabels[request.kind]}” của ${request.fullName}; người gửi sẽ nhận thư báo.`
			};
		const players = await targetsOf(db, request);
		return {
			title: 'Xoá dữ liệu cá nhân',
			summary: `Xoá dữ liệu cá nhân của ${request.fullName}: ${request.userId ? 'tài khoản (email, họ tên, số điện thoại, mật khẩu) và ' : ''}số điện thoại, số CCCD/CMND, ngày sinh, email của ${players.length} lượt đăng ký dự thi. Không thể hoàn tác.`,
			details: [
				...players.map((p) => `${p.fullName} — ${p.contestTitle}`),
				'Bảng xếp hạng, danh sách đạt giải và hồ sơ khen thưởng vẫn giữ họ tên và đơn vị.'
			]
		};
	},
	run: async (scope, input, request) => {
		const { db, now, actor } = scope;
		const account = request.userId ? await accountDataOf(db, request.userId) : null;
		const address = request.email ?? account?.account.email ?? null;
		let outcome: Record<string, unknown> = { note: input.note };
		if (erases(request.kind)) {
			const players = await targetsOf(db, request);
			const playerIds = players.map((p) => p.id);
			outcome = {
				...outcome,
				registrations: await erasePlayers(db, playerIds),
				awards: await eraseRecipientEmails(db, { playerIds }),
				ballots: request.userId ? await detachBallots(db, request.userId) : 0,
				account: request.userId ? (await eraseAccount(db, request.userId, now)) !== null : false
			};
			if (request.userId) {
				await deleteUserSessions(db, request.userId);
				await revokeAccountTokens(db, request.userId, ['invite', 'reset', 'verify']);
			}
		}
		await repo.closeRequest(
			db,
			request.id,
			{ status: 'done', handledById: actor.id, outcome },
			now
		);
		await tell(scope, request, address, 'done', input.note);
		return { request, outcome };
	},
	audit: ({ request, outcome }) => ({
		entityType: 'privacy_request',
		entityId: request.id,
		before: { status: 'pending', kind: request.kind },
		after: { status: 'done', ...outcome }
	})
});

/** An administrator refuses a request (the caller could not be verified, say), with the reason. */
export const refuseRequest = defineUseCase({
	name: 'privacy.refuse',
	input: refuseRequestSchema,
	load: ({ db }, input) => loadPending(db, input.requestId),
	authorize: () => ADMIN_AREA,
	run: async (scope, input, request) => {
		const account = request.userId ? await accountDataOf(scope.db, request.userId) : null;
		await repo.closeRequest(
			scope.db,
			request.id,
			{ status: 'rejected', handledById: scope.actor.id, outcome: { note: input.note } },
			scope.now
		);
		await tell(
			scope,
			request,
			request.email ?? account?.account.email ?? null,
			'rejected',
			input.note
		);
		return request;
	},
	audit: (request, input) => ({
		entityType: 'privacy_request',
		entityId: request.id,
		before: { status: 'pending' },
		after: { status: 'rejected', note: input.note }
	})
});
