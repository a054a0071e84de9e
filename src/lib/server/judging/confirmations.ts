// What each irreversible step of a panel tells the organizer or judge before it is done: how
// many dossiers, judges and sheets it touches. Reads only; each step re-checks when it runs.
import { weightedTotal } from '$lib/shared/judging';
import { formatNumber } from '$lib/shared/format';
import type { CampaignRow } from '../campaigns';
import { conflict, invalid, notFound } from '../errors';
import { acceptScreenedDossier, findDossier } from '../nominations';
import type { Confirmation, Scope } from '../usecase';
import { NO_JUDGES, planOpening, requireStatus } from './access';
import { dossiersLeftByJudge } from './closing-rules';
import * as repo from './repo';
import { checkScoreSheet, type ScoreEntry } from './rules';

const NOT_OPEN = 'Vòng chấm không ở trạng thái đang chấm.';

/** The assignments of a round that is open (refused otherwise, as closing and reminding are). */
async function openAssignments(db: Scope['db'], campaignId: number) {
	const panel = await repo.findPanelByCampaign(db, campaignId);
	if (!panel) throw notFound('Đợt này chưa lập hội đồng chấm.');
	requireStatus(panel, 'open', NOT_OPEN);
	return repo.listAssignments(db, panel.id);
}

export async function confirmOpenRound(
	{ db }: Scope,
	_input: unknown,
	campaign: CampaignRow
): Promise<Confirmation> {
	const panel = await repo.findPanelByCampaign(db, campaign.id);
	if (!panel) throw conflict(NO_JUDGES);
	const { state, plan } = await planOpening(db, campaign, panel);
	const judges = new Set(plan.pairs.map((p) => p.judgeId)).size;
	return {
		title: 'Mở vòng chấm?',
		summary: `Mở vòng chấm cho ${state.accepted.length} hồ sơ; ${judges} giám khảo sẽ nhận thông báo (${plan.pairs.length} lượt chấm được phân công).`,
		details: [
			'Tiêu chí, thang điểm, hội đồng và cách phân công được khoá từ lúc mở.',
			...(plan.gaps.length ? [`${plan.gaps.length} hồ sơ chưa đủ giám khảo theo quy tắc.`] : [])
		]
	};
}

export async function confirmCloseRound(
	{ db }: Scope,
	_input: unknown,
	campaign: CampaignRow
): Promise<Confirmation> {
	const assignments = (await openAssignments(db, campaign.id)).filter(
		(a) => a.status !== 'conflict'
	);
	const submitted = assignments.filter((a) => a.status === 'submitted').length;
	const left = assignments.length - submitted;
	return {
		title: 'Kết thúc vòng chấm?',
		summary: `Kết thúc vòng chấm của “${campaign.title}”: ${submitted}/${assignments.length} phiếu đã nộp được tính; ${left} phiếu chưa nộp sẽ không được tính.`,
		details: [
			`${dossiersLeftByJudge(assignments).size} giám khảo còn phiếu chưa nộp sẽ không chấm tiếp được.`
		]
	};
}

export async function confirmRemind(
	{ db }: Scope,
	_input: unknown,
	campaign: CampaignRow
): Promise<Confirmation> {
	const left = dossiersLeftByJudge(await openAssignments(db, campaign.id));
	const dossiers = [...left.values()].reduce((a, b) => a + b, 0);
	return {
		title: 'Gửi nhắc việc?',
		summary: `Gửi nhắc việc tới ${left.size} giám khảo còn ${dossiers} lượt chấm chưa nộp điểm (thông báo và email theo cài đặt của từng người).`
	};
}

/** The rubric of an assignment's category, after checking the sheet against it (refusal field by field). */
export async function checkedRubric(
	db: Scope['db'],
	assignment: { panelId: number; categoryId: number },
	entries: readonly ScoreEntry[],
	intent: 'save' | 'submit'
) {
	const rubric = (await repo.listCriteria(db, assignment.panelId))
		.filter((c) => c.categoryId === assignment.categoryId)
		.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, weight: c.weight }));
	const errors = checkScoreSheet(rubric, entries, intent);
	if (Object.keys(errors).length) {
		throw invalid(errors._form?.[0] ?? 'Vui lòng kiểm tra lại điểm các tiêu chí.', errors);
	}
	return rubric;
}

/** The judge's own sheet: the total it will count with, checked as the submission checks it. */
export async function confirmSubmitScores(
	{ db }: Scope,
	{ entries }: { entries: readonly ScoreEntry[] },
	assignment: repo.AssignmentRow
): Promise<Confirmation> {
	const rubric = await checkedRubric(db, assignment, entries, 'submit');
	const total = weightedTotal(
		rubric,
		new Map(entries.flatMap((e) => (e.score === null ? [] : [[e.criterionId, e.score] as const])))
	);
	return {
		title: 'Nộp phiếu chấm?',
		summary: `Nộp phiếu chấm hồ sơ “${assignment.nomineeName}” (${assignment.categoryName}) với tổng điểm ${formatNumber(total)} theo ${rubric.length} tiêu chí.`,
		details: ['Điểm đã nộp không sửa được nữa.']
	};
}

/** Accepting: nominations' own confirmation, and what the round will do with the dossier. */
export async function confirmAccept(scope: Scope, input: { id: number }) {
	const asked = await acceptScreenedDossier.confirmation(scope, input);
	const dossier = await findDossier(scope.db, input.id);
	const panel = dossier && (await repo.findPanelByCampaign(scope.db, dossier.campaignId));
	const note =
		panel?.status === 'open'
			? 'Vòng chấm đang mở: hồ sơ được phân cho giám khảo ngay và họ sẽ nhận thông báo.'
			: panel?.status === 'closed'
				? 'Vòng chấm đã kết thúc: hồ sơ này sẽ không được chấm.'
				: null;
	return asked && { ...asked, details: [...(asked.details ?? []), ...(note ? [note] : [])] };
}
