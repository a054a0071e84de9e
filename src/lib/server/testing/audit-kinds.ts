import { and, eq, gt, isNotNull } from 'drizzle-orm';
import { loadActor } from '../auth';
import { revokeRecipient } from '../awards';
import type { Database } from '../db/client';
import {
	awardDecisions,
	awardRecipients,
	contests,
	liveGames,
	pollOptions,
	polls,
	questions,
	roleAssignments,
	units,
	users
} from '../db/schema';
import { hostAct, joinGame } from '../live';
import { retireQuestion } from '../questions';
import { prepareCampaignArchive } from '../reports';
import {
	archiveUnit,
	createUnit,
	moveUnit,
	restoreUnit,
	updateEmbedOrigins,
	updateUnit
} from '../units';
import { assignRole, deactivateUser, reactivateUser, revokeRole, updateUser } from '../users';
import { copyContest, publishContest } from '../contests';
import { copyPoll, removePollOption, updatePollRules } from '../voting';
import { ctxFor, TEST_NOW } from './factories';

/**
 * On top of the demo data, acts the kinds of change the demo does not make (a unit edited,
 * moved, archived; a live game played through; an award revoked...), each through its use case,
 * so the audit describer is tested on what the services really write.
 */
export async function produceMoreAuditKinds(database: Database): Promise<void> {
	const { db } = database;
	const [admin] = await db.select().from(users).where(eq(users.email, 'quantri@guongsang.vn'));
	const ctx = ctxFor(database, await loadActor(db, admin!.id), TEST_NOW);
	const all = await db.select().from(units);
	const root = all.find((u) => u.parentId === null)!;
	const district = all.find((u) => u.parentId === root.id)!;
	const leaf = await createUnit(ctx, {
		name: 'Chi đoàn Nhật ký',
		code: 'CD-NHATKY',
		kind: 'grassroots',
		memberCount: 20,
		parentId: district.id
	});
	await updateUnit(ctx, {
		id: leaf.id,
		name: `${leaf.name} (mới)`,
		code: leaf.code,
		kind: 'branch',
		memberCount: leaf.memberCount + 1
	});
	await moveUnit(ctx, { id: leaf.id, parentId: root.id });
	await updateEmbedOrigins(ctx, { id: leaf.id, embedOrigins: 'https://cong.example.vn' });
	await archiveUnit(ctx, { id: leaf.id });
	await restoreUnit(ctx, { id: leaf.id });

	const [member] = await db.select().from(users).where(eq(users.email, 'doanvien@guongsang.vn'));
	await deactivateUser(ctx, { id: member!.id });
	await reactivateUser(ctx, { id: member!.id });
	await updateUser(ctx, {
		id: member!.id,
		fullName: member!.fullName,
		email: member!.email,
		phone: '0912345678',
		unitId: leaf.id
	});
	await assignRole(ctx, { id: member!.id, role: 'judge', unitId: root.id });
	const [judgeRole] = await db
		.select()
		.from(roleAssignments)
		.where(and(eq(roleAssignments.userId, member!.id), eq(roleAssignments.role, 'judge')));
	await revokeRole(ctx, { id: member!.id, roleId: judgeRole!.id });

	// A poll that has not opened yet takes a rule change and loses an option.
	const [poll] = await db.select().from(polls).where(gt(polls.opensAt, TEST_NOW)).limit(1);
	if (poll) {
		await updatePollRules(ctx, { ...poll, maxChoices: poll.maxChoices + 1 });
		const [option] = await db.select().from(pollOptions).where(eq(pollOptions.pollId, poll.id));
		if (option) await removePollOption(ctx, { id: poll.id, optionId: option.id });
	}
	// Next year's poll and contest, the contest published from its draft.
	const [lastPoll] = await db.select().from(polls).limit(1);
	await copyPoll(ctx, { pollId: lastPoll!.id });
	const [contest] = await db.select().from(contests).limit(1);
	const copy = await copyContest(ctx, { contestId: contest!.id });
	await publishContest(ctx, { contestId: copy.id });

	const [question] = await db.select().from(questions).limit(1);
	await retireQuestion(ctx, { id: question!.id }).catch(() => undefined);

	// Last year's campaign, awarded: its archive taken (the download's audit entry).
	const [awarded] = await db
		.select({ campaignId: awardDecisions.campaignId })
		.from(awardDecisions)
		.where(isNotNull(awardDecisions.campaignId))
		.limit(1);
	await prepareCampaignArchive(ctx, { campaignId: awarded!.campaignId! });

	const [recipient] = await db.select().from(awardRecipients).limit(1);
	if (recipient) {
		await revokeRecipient(ctx, { recipientId: recipient.id, reason: 'Trao nhầm người.' });
	}

	const [game] = await db.select().from(liveGames).limit(1);
	await joinGame(ctxFor(database, null, TEST_NOW), { code: game!.code, displayName: 'Lan' });
	for (const action of ['start', 'pause', 'resume', 'close', 'reveal'] as const) {
		await hostAct(ctx, game!.code, { action });
	}
	// The one player missed the first question: bring them back, play on, end.
	await hostAct(ctx, game!.code, { action: 'rescue', sinceIndex: 0 });
	for (const action of ['open', 'end'] as const) await hostAct(ctx, game!.code, { action });
}
