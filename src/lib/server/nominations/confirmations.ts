// What each irreversible dossier step tells the person before it is done: who receives the
// dossier, who is told, what can no longer be changed. Reads only; the step itself re-checks.
import { placesLeft } from '$lib/shared/campaigns';
import { conflict, invalid } from '../errors';
import { findUnit } from '../units';
import type { Confirmation, Scope } from '../usecase';
import { loadCampaign, requireTransition, type LoadedDossier } from './access';
import * as repo from './repo';
import { canWithdraw, firstLevel, nextLevel } from './rules';

type Dossier = LoadedDossier['dossier'];

/** A dossier can be withdrawn only while it waits at its first level, unscreened. */
export function requireWithdrawable(dossier: Dossier) {
	if (!canWithdraw(dossier.status, dossier.forwardedBy) || dossier.status !== 'submitted') {
		throw conflict('Hồ sơ đã được thẩm định nên không thể rút.');
	}
}

const named = (d: Dossier) => `“${d.nomineeName}” (${d.categoryName}, ${d.nominatingUnitName})`;
const people = (n: number) =>
	n ? `${n} cán bộ ở đó sẽ nhận thông báo` : 'chưa có cán bộ nào ở đó';

async function unitName(db: Scope['db'], unitId: number | null) {
	return (unitId && (await findUnit(db, unitId))?.name) || 'cấp trên';
}

export async function confirmSubmit(
	{ db }: Scope,
	_input: unknown,
	{ dossier }: LoadedDossier
): Promise<Confirmation> {
	requireTransition(dossier.status, 'submit');
	const { campaign } = await loadCampaign(db, dossier.campaignId);
	const level = firstLevel(dossier.nominatingUnitPath, campaign.organizingUnitPath);
	const staff = level ? await repo.staffOf(db, level, ['organizer', 'officer']) : [];
	const places = (await repo.placesFor(db, [dossier.categoryId], dossier.nominatingUnitId)).get(
		dossier.categoryId
	);
	return {
		title: 'Gửi hồ sơ lên cấp trên?',
		summary: `Hồ sơ ${named(dossier)} sẽ được gửi tới ${await unitName(db, level)} để thẩm định; ${people(staff.length)}.`,
		details: [
			'Hồ sơ đã gửi không sửa được nữa; chỉ rút lại được khi cấp trên chưa thẩm định.',
			`Hồ sơ được tính vào chỉ tiêu của đơn vị trong hạng mục này: đơn vị ${places ? placesLeft(places.quota, places.used) : 'chưa có chỉ tiêu'}.`
		]
	};
}

export async function confirmResubmit(
	{ db }: Scope,
	_input: unknown,
	{ dossier }: LoadedDossier
): Promise<Confirmation> {
	requireTransition(dossier.status, 'resubmit');
	const staff = dossier.levelUnitId
		? await repo.staffOf(db, dossier.levelUnitId, ['organizer', 'officer'])
		: [];
	return {
		title: 'Gửi lại hồ sơ?',
		summary: `Hồ sơ ${named(dossier)} sẽ được gửi lại tới ${dossier.levelUnitName ?? 'cấp trên'} để thẩm định; ${people(staff.length)}.`,
		details: ['Hồ sơ đã gửi lại không sửa được nữa.']
	};
}

export async function confirmWithdraw(
	_scope: Scope,
	_input: unknown,
	{ dossier }: LoadedDossier
): Promise<Confirmation> {
	requireWithdrawable(dossier);
	return {
		title: 'Rút hồ sơ?',
		summary: `Hồ sơ ${named(dossier)} sẽ được rút khỏi ${dossier.levelUnitName ?? 'cấp trên'} và không được thẩm định nữa.`,
		details: ['Hồ sơ đã rút không gửi lại được; muốn đề cử lại phải lập hồ sơ mới.']
	};
}

export async function confirmDelete(
	{ db }: Scope,
	_input: unknown,
	{ dossier }: LoadedDossier
): Promise<Confirmation> {
	requireTransition(dossier.status, 'delete');
	const files = await repo.listFiles(db, dossier.id);
	return {
		title: 'Xoá hồ sơ nháp?',
		summary: `Hồ sơ nháp ${named(dossier)} cùng ${files.length} tệp đính kèm sẽ bị xoá hẳn.`,
		details: ['Không khôi phục được hồ sơ đã xoá.']
	};
}

/** Forwarding, accepting or rejecting at a screening level (returning can be undone by resubmitting). */
export async function confirmScreening(
	{ db }: Scope,
	decision: 'forward' | 'accept' | 'reject',
	reason: string | null,
	{ dossier }: LoadedDossier
): Promise<Confirmation> {
	requireTransition(dossier.status, decision);
	if (decision === 'reject' && !reason) {
		throw invalid('Vui lòng nhập lý do.', { reason: ['Vui lòng nhập lý do.'] });
	}
	const officers = await repo.staffOf(db, dossier.nominatingUnitId, ['officer']);
	const told = `${officers.length} cán bộ của ${dossier.nominatingUnitName} sẽ nhận thông báo.`;
	if (decision === 'forward') {
		const { campaign } = await loadCampaign(db, dossier.campaignId);
		const next = dossier.levelUnitPath
			? nextLevel(dossier.levelUnitPath, campaign.organizingUnitPath)
			: null;
		const staff = next ? await repo.staffOf(db, next, ['organizer', 'officer']) : [];
		return {
			title: 'Chuyển hồ sơ lên cấp trên?',
			summary: `Hồ sơ ${named(dossier)} sẽ được chuyển lên ${await unitName(db, next)}; ${people(staff.length)}.`,
			details: [`Hồ sơ được tính vào chỉ tiêu chuyển lên của ${dossier.levelUnitName}.`, told]
		};
	}
	if (decision === 'accept') {
		return {
			title: 'Chấp nhận hồ sơ?',
			summary: `Hồ sơ ${named(dossier)} sẽ được chấp nhận và đưa vào chấm điểm. ${told}`,
			details: ['Quyết định chấp nhận không thay đổi được.']
		};
	}
	return {
		title: 'Không chấp nhận hồ sơ?',
		summary: `Hồ sơ ${named(dossier)} sẽ không được chấp nhận, với lý do: “${reason}”. ${told}`,
		details: ['Quyết định này không thay đổi được; hồ sơ không được gửi lại.']
	};
}
