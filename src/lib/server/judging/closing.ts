// Telling the judges still behind that their round closes within a day: a job the mail sender
// runs with the clock, at most once a minute on every node, each round told once.
import { z } from 'zod';
import { formatAtDateTime } from '$lib/shared/format';
import * as campaignRepo from '../campaigns';
import { phaseOf } from '../campaigns';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import { notify } from '../notifications';
import { defineUseCase } from '../usecase';
import { findCampaign, panelAudit } from './access';
import * as repo from './repo';
import { CLOSING_WARNING_MS, closesSoon, dossiersLeftByJudge } from './closing-rules';

/**
 * Warns one round's judges who have dossiers left, and marks the round warned, under the panel's
 * row lock: a second node's run waits for the first and then finds it warned. Returns how many
 * judges were told (0 when the round no longer qualifies).
 */
export const warnClosingRound = defineUseCase({
	name: 'judging.closing_warn',
	public:
		'Run by the server clock, not by a person: it tells the judges still behind that the round closes within a day, once per round, under the round’s lock.',
	input: z.object({ panelId: z.number().int().positive() }),
	load: async ({ db }, { panelId }) => {
		const panel = await repo.lockPanel(db, panelId, 'update');
		if (!panel) throw notFound('Không tìm thấy hội đồng chấm.');
		const campaign = await findCampaign(db, panel.campaignId);
		const phases = await campaignRepo.listPhases(db, [campaign.id]);
		return { panel, campaign, endsAt: phaseOf(phases, 'judging')?.endsAt ?? null };
	},
	run: async ({ db, now }, _input, { panel, campaign, endsAt }) => {
		if (panel.status !== 'open' || panel.closingWarnedAt || !endsAt || !closesSoon(endsAt, now))
			return null;
		const left = dossiersLeftByJudge(await repo.listAssignments(db, panel.id));
		for (const [judgeId, count] of left) {
			await notify(db, {
				to: [judgeId],
				message: `Vòng chấm “${campaign.title}” đóng ${formatAtDateTime(endsAt)}; bạn còn ${count} hồ sơ chưa nộp điểm.`,
				link: '/cham-diem',
				at: now,
				topic: 'judging'
			});
		}
		await repo.updatePanel(db, panel.id, { closingWarnedAt: now }, now);
		return { campaign, panel, endsAt, judgeIds: [...left.keys()] };
	},
	audit: (warned) =>
		warned
			? panelAudit(warned, { after: { closesAt: warned.endsAt, judgeIds: warned.judgeIds } })
			: null,
	present: (warned) => warned?.judgeIds.length ?? 0
});

/**
 * The job: every open round whose judging phase ends within the next 24 hours and whose judges
 * were not warned yet. Returns how many judges were told.
 */
export async function warnJudgesOfClosingRound(db: Db, now: Date): Promise<number> {
	const until = new Date(now.getTime() + CLOSING_WARNING_MS);
	let told = 0;
	for (const { panelId } of await repo.listRoundsClosingBetween(db, now, until))
		told += await warnClosingRound({ db, actor: null, now }, { panelId });
	return told;
}
