// One dossier: what its page shows and may do, and its photo and evidence files.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { can, requireActor } from '../auth/policy';
import { isOpen, phaseOf, screeningWindow } from '../campaigns';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, invalid, notFound } from '../errors';
import {
	evidenceHeaders,
	readEvidenceLimits,
	safeFileName,
	sniffEvidence
} from '../files/evidence';
import { authorizeRead, defineUseCase } from '../usecase';
import {
	dossierId,
	loadCampaign,
	loadDossier,
	loadLockedDossier,
	ownChecks,
	readCheck,
	requireTransition,
	type LoadedDossier
} from './access';
import * as repo from './repo';
import { canTransition, canWithdraw } from './rules';

const evidenceFile = z.custom<{ name: string; bytes: Uint8Array }>(
	(v) => typeof v === 'object' && v !== null && 'bytes' in v && 'name' in v,
	'Vui lòng chọn tệp.'
);

/** A dossier the actor may read; any other is "not found", so nothing leaks. */
async function readable(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const loaded = await loadDossier(ctx.db, id);
	authorizeRead(ctx, () => readCheck(loaded));
	return { actor, dossier: loaded.dossier };
}

export async function getDossier(ctx: Ctx, id: number) {
	const { actor, dossier } = await readable(ctx, id);
	const [events, files, campaignInfo] = await Promise.all([
		repo.listEvents(ctx.db, id),
		repo.listFiles(ctx.db, id),
		loadCampaign(ctx.db, dossier.campaignId)
	]);
	const { campaign, phases } = campaignInfo;
	const own = can(actor, 'nomination.create', { kind: 'unit', path: dossier.nominatingUnitPath });
	const screens =
		dossier.levelUnitPath !== null &&
		can(actor, 'nomination.screen', { kind: 'unit', path: dossier.levelUnitPath });
	const atTop = dossier.levelUnitPath === campaign.organizingUnitPath;
	const screeningOpen = isOpen(screeningWindow(phases), ctx.now);
	return {
		dossier,
		campaign: {
			id: campaign.id,
			title: campaign.title,
			organizingUnitName: campaign.organizingUnitName
		},
		events,
		files,
		returnReason:
			dossier.status === 'returned' ? await repo.lastReason(ctx.db, id, 'return') : null,
		may: {
			edit: own && canTransition(dossier.status, 'edit'),
			delete: own && canTransition(dossier.status, 'delete'),
			submit: own && dossier.status === 'draft' && isOpen(phaseOf(phases, 'nomination'), ctx.now),
			resubmit: own && dossier.status === 'returned' && screeningOpen,
			withdraw: own && canWithdraw(dossier.status, dossier.forwardedBy),
			forward: screens && dossier.status === 'submitted' && !atTop && screeningOpen,
			accept: screens && dossier.status === 'submitted' && atTop && screeningOpen,
			decide: screens && dossier.status === 'submitted' && screeningOpen
		}
	};
}

export const addDossierFile = defineUseCase({
	name: 'nomination.file_add',
	input: z.object({
		id: dossierId,
		role: z.enum(['photo', 'evidence'], { error: 'Loại tệp không hợp lệ.' }),
		file: evidenceFile
	}),
	load: loadLockedDossier,
	authorize: ownChecks,
	run: async ({ db }, { role, file }, { dossier }) => {
		const limits = readEvidenceLimits();
		const id = dossier.id;
		requireTransition(dossier.status, 'edit');
		if (file.bytes.length > limits.maxBytes) {
			const message = `Tệp quá lớn: tối đa ${Math.round(limits.maxBytes / 1024 / 1024)} MB mỗi tệp.`;
			throw invalid(message, { file: [message] });
		}
		const type = sniffEvidence(file.bytes);
		const allowed = role === 'photo' ? type && type.mime !== 'application/pdf' : type;
		if (!type || !allowed) {
			const message =
				role === 'photo'
					? 'Ảnh phải là tệp JPEG, PNG hoặc WebP.'
					: 'Minh chứng phải là ảnh (JPEG, PNG, WebP) hoặc PDF.';
			throw invalid(message, { file: [message] });
		}
		const existing = await repo.listFiles(db, id);
		if (
			role === 'evidence' &&
			existing.filter((f) => f.role === 'evidence').length >= limits.maxFiles
		) {
			const message = `Mỗi hồ sơ có tối đa ${limits.maxFiles} tệp minh chứng.`;
			throw conflict(message, { file: [message] });
		}
		if (role === 'photo') await repo.deletePhotos(db, id);
		const fileName = safeFileName(file.name, type.extension);
		await repo.insertFile(db, {
			id: crypto.randomUUID(),
			nominationId: id,
			role,
			fileName,
			mimeType: type.mime,
			size: file.bytes.length,
			sha256: createHash('sha256').update(file.bytes).digest('hex'),
			bytes: file.bytes
		});
		return fileName;
	},
	audit: (fileName, { role, file }, { dossier }) => ({
		entityType: 'nomination',
		entityId: dossier.id,
		unitPath: dossier.nominatingUnitPath,
		after: { file: fileName, role, size: file.bytes.length }
	}),
	present: () => undefined
});

/** A file of a dossier still being edited, or the reason it cannot be removed. */
async function removableFile(db: Db, dossier: LoadedDossier['dossier'], fileId: string) {
	requireTransition(dossier.status, 'edit');
	const file = await repo.findFile(db, dossier.id, fileId);
	if (!file) throw notFound('Không tìm thấy tệp.');
	return file;
}

export const removeDossierFile = defineUseCase({
	name: 'nomination.file_remove',
	input: z.object({ id: dossierId, fileId: z.uuid('Tệp không hợp lệ.') }),
	load: loadLockedDossier,
	authorize: ownChecks,
	confirm: async ({ db }, { fileId }, { dossier }) => {
		const file = await removableFile(db, dossier, fileId);
		return {
			title: 'Xoá tệp?',
			summary: `Tệp “${file.fileName}” sẽ bị xoá khỏi hồ sơ “${dossier.nomineeName}” và không khôi phục được.`
		};
	},
	run: async ({ db }, { fileId }, { dossier }) => {
		const file = await removableFile(db, dossier, fileId);
		await repo.deleteFile(db, dossier.id, fileId);
		return file.fileName;
	},
	audit: (fileName, _input, { dossier }) => ({
		entityType: 'nomination',
		entityId: dossier.id,
		unitPath: dossier.nominatingUnitPath,
		before: { file: fileName }
	}),
	present: () => undefined
});

/** A file of a dossier the actor may read, with the headers to serve it safely. */
export async function readDossierFile(ctx: Ctx, id: number, fileId: string) {
	await readable(ctx, id);
	const file = await repo.findFile(ctx.db, id, fileId);
	if (!file) throw notFound('Không tìm thấy tệp.');
	return { bytes: file.bytes, headers: evidenceHeaders(file) };
}
