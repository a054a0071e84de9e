import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Ctx } from '../context';
import { conflict, notFound } from '../errors';
import { authorizeRead, defineUseCase } from '../usecase';
import { parseBackupName } from './rules';
import { backupSetup } from './setup';
import { listBackupFiles, writeBackup } from './store';

// The whole database, personal numbers included: administrators only.
const managing = { action: 'backup.manage', resource: { kind: 'area' } } as const;

/** The administrators' page: the folder, the schedule and every backup in it, newest first. */
export async function listBackups(ctx: Ctx) {
	authorizeRead(ctx, () => managing);
	const current = backupSetup();
	if (!current) return null;
	const { engine, dir, intervalHours, keep } = current;
	return { engine, dir, intervalHours, keep, files: await listBackupFiles(dir) };
}

/** An administrator's backup, now. Its file is in the list, and in the audit log by name. */
export const backupNow = defineUseCase({
	name: 'backup.create',
	input: z.object({}),
	authorize: () => managing,
	ownTransaction:
		'a backup copies the whole database from outside any transaction (the embedded engine waits for open ones to end)',
	run: async ({ now }) => {
		const current = backupSetup();
		if (!current) throw conflict('Máy chủ này chưa được cấu hình thư mục sao lưu.');
		const written = await current.exclusive(() => writeBackup(current, now));
		if (!written) throw conflict('Một bản sao lưu đang được tạo. Vui lòng thử lại sau ít phút.');
		if (!written.value)
			throw conflict('Vừa có một bản sao lưu được tạo. Vui lòng thử lại sau ít giây.');
		return written.value;
	},
	audit: (file) => ({ entityType: 'backup', after: { file: file.name, bytes: file.bytes } })
});

/** One backup to download: only a name of our shape inside the folder, never a path. */
export async function openBackup(ctx: Ctx, name: string) {
	authorizeRead(ctx, () => managing);
	const parsed = parseBackupName(name);
	const current = backupSetup();
	if (!current || !parsed) throw notFound('Không tìm thấy bản sao lưu.');
	const path = join(current.dir, parsed.name);
	const info = await stat(path).catch(() => null);
	if (!info?.isFile()) throw notFound('Không tìm thấy bản sao lưu.');
	return { ...parsed, path, bytes: info.size };
}
