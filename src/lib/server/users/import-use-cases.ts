import { z } from 'zod';
import { importModeSchema } from '$lib/schemas/units';
import { createUserSchema } from '$lib/schemas/users';
import { roleKinds, roleLabels, type RoleKind } from '$lib/shared/labels';
import { foldVietnamese } from '$lib/shared/text';
import { can } from '../auth/policy';
import {
	RowErrors,
	columnNamesOf,
	parseRowFields,
	readImportRows,
	type ImportSpec,
	uploadedFile
} from '../files/import-reader';
import { findUnitsByCodes, type RowError } from '../units';
import { defineUseCase } from '../usecase';
import { invite, newAccountAt } from './access';
import * as repo from './repo';

export const userImportSpec: ImportSpec<'fullName' | 'email' | 'phone' | 'unitCode' | 'role'> = {
	columns: {
		fullName: {
			name: 'Họ và tên',
			aliases: ['ho va ten', 'ho ten', 'ten', 'full name'],
			required: true
		},
		email: {
			name: 'Email',
			aliases: ['email', 'e mail', 'dia chi email', 'thu dien tu'],
			required: true
		},
		phone: {
			name: 'Số điện thoại',
			aliases: ['so dien thoai', 'dien thoai', 'sdt', 'so dt', 'di dong', 'phone']
		},
		unitCode: { name: 'Mã đơn vị', aliases: ['ma don vi', 'don vi', 'unit code'], required: true },
		role: { name: 'Vai trò', aliases: ['vai tro', 'role'] }
	},
	maxRows: 5000,
	tooMany: 'Mỗi lần nhập tối đa 5.000 dòng.'
};
export const userImportHeaders = Object.values(userImportSpec.columns).map((c) => c.name);
const columnNames = columnNamesOf(userImportSpec.columns);

const roleByName = new Map<string, RoleKind>([
	...roleKinds.flatMap((r) => [
		[r, r] as [string, RoleKind],
		[foldVietnamese(roleLabels[r]), r] as [string, RoleKind]
	]),
	// The member label is "Đoàn viên / thành viên"; a file may hold either half of it.
	['thanh vien', 'member'],
	['doan vien', 'member']
]);

const importFields = {
	...createUserSchema.pick({ fullName: true, email: true, phone: true }).shape,
	unitCode: z.string().normalize('NFC').trim().toUpperCase().min(1, 'Vui lòng nhập mã đơn vị.'),
	role: z.preprocess(
		(v) => (v === '' ? 'member' : (roleByName.get(foldVietnamese(String(v))) ?? v)),
		z.enum(['organizer', 'officer', 'judge', 'member'], {
			error: 'Vai trò không hợp lệ (thành viên, cán bộ đơn vị, giám khảo, cán bộ tổ chức).'
		})
	)
};
type ImportedUser = { [K in keyof typeof importFields]: z.output<(typeof importFields)[K]> };

export interface UserImportReport {
	total: number;
	imported: number;
	errors: RowError[];
	/** Invitations written, one per created account: each person sets their own password. */
	invited: number;
}

const importInput = importModeSchema.extend({ file: uploadedFile });

interface CreatedUser {
	id: number;
	data: ImportedUser;
	unit: { id: number; path: string; name: string };
}

/**
 * Creates accounts from a spreadsheet. With mode "all-or-nothing" any bad row stops the import;
 * with "good-rows" the good rows go in and the report lists the rest, every problem of a row.
 */
export const importUsers = defineUseCase({
	name: 'user.import',
	input: importInput,
	authorize: () => ({ action: 'admin.enter', resource: { kind: 'area' } }),
	run: async ({ db, actor, now }, { file, mode }) => {
		const { rows: sheet } = await readImportRows(file, userImportSpec);

		// Each check runs on whatever cells of a row are good, so a row's problems come all at once.
		const errors = new RowErrors();
		const rows: { rowNumber: number; values: Partial<ImportedUser> }[] = [];
		const seenEmails = new Map<string, number>();
		for (const row of sheet) {
			const { values, messages } = parseRowFields(importFields, row.cells, columnNames);
			errors.add(row.rowNumber, ...messages);
			const earlier = values.email ? seenEmails.get(values.email) : undefined;
			if (earlier) errors.add(row.rowNumber, `Email trùng với dòng ${earlier}.`);
			else if (values.email) seenEmails.set(values.email, row.rowNumber);
			rows.push({ rowNumber: row.rowNumber, values });
		}

		const codes = [...new Set(rows.flatMap((r) => r.values.unitCode ?? []))];
		const unitsByCode = new Map((await findUnitsByCodes(db, codes)).map((u) => [u.code, u]));
		const taken = await repo.takenEmails(
			db,
			rows.flatMap((r) => r.values.email ?? [])
		);
		const toCreate: Omit<CreatedUser, 'id'>[] = [];
		for (const { rowNumber, values } of rows) {
			const { unitCode, role, email } = values;
			const unit = unitCode ? unitsByCode.get(unitCode) : undefined;
			if (unitCode && (!unit || unit.archivedAt))
				errors.add(rowNumber, `Không tìm thấy đơn vị có mã "${unitCode}".`);
			else if (
				unit &&
				(!can(actor, 'user.manage', newAccountAt(unit.path)) ||
					(role && !can(actor, 'role.assign', { kind: 'role', role, unitPath: unit.path })))
			)
				errors.add(rowNumber, `Bạn không có quyền thêm người dùng vào đơn vị "${unit.code}".`);
			if (email && taken.has(email))
				errors.add(rowNumber, 'Email này đã được dùng cho tài khoản khác.');
			if (!errors.has(rowNumber) && unit) toCreate.push({ data: values as ImportedUser, unit });
		}
		const report = (created: CreatedUser[]) => ({
			report: {
				total: sheet.length,
				imported: created.length,
				errors: errors.list(),
				invited: created.length
			},
			created
		});
		if (errors.size > 0 && mode === 'all-or-nothing') return report([]);

		// No passwords: each account is invited to set its own (and no hashing, so a big list is quick).
		const created: CreatedUser[] = [];
		for (const { data, unit } of toCreate) {
			const id = await repo.insertUser(db, {
				email: data.email,
				fullName: data.fullName,
				phone: data.phone ?? null,
				unitId: unit.id
			});
			await repo.insertRole(db, id, 'member', unit.id);
			if (data.role !== 'member') await repo.insertRole(db, id, data.role, unit.id);
			await invite(
				db,
				now,
				{ id, email: data.email, fullName: data.fullName },
				{ invitedBy: actor.fullName, unitName: unit.name }
			);
			created.push({ id, data, unit });
		}
		return report(created);
	},
	audit: ({ created }, { file }) =>
		created.map(({ id, data, unit }) => ({
			entityType: 'user',
			entityId: id,
			unitPath: unit.path,
			after: {
				email: data.email,
				fullName: data.fullName,
				unitId: unit.id,
				role: data.role,
				file: file.name
			}
		})),
	present: ({ report }): UserImportReport => report
});
