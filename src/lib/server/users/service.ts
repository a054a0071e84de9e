import { z } from 'zod';
import type { AssignRoleInput, CreateUserInput, UpdateUserInput } from '$lib/schemas/users';
import { createUserSchema } from '$lib/schemas/users';
import { roleKinds, roleLabels, type RoleKind } from '$lib/shared/labels';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth';
import { administeredPaths, authorize, can, requireActor, type Resource } from '../auth/policy';
import { deleteUserSessions } from '../auth';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../errors';
import {
	RowErrors,
	columnNamesOf,
	parseRowFields,
	readImportRows,
	type ImportSpec
} from '../files/import-reader';
import type { RowError } from '../units';
import { findActiveUnit, findUnitsByCodes } from '../units';
import * as repo from './repo';

const PAGE_SIZE = 50;

function asResource(user: repo.ManagedUser): Resource {
	return {
		kind: 'user',
		id: user.id,
		unitPath: user.unitPath,
		rolePaths: user.roles.map((r) => r.unitPath)
	};
}

/** Loads a user the actor may see; others are "not found", so their existence is not revealed. */
async function loadVisibleUser(db: Db, actor: Actor, id: number) {
	const user = await repo.findManagedUser(db, id);
	if (!user || !can(actor, 'user.read', asResource(user)))
		throw notFound('Không tìm thấy người dùng.');
	return user;
}

async function loadManageableUser(db: Db, actor: Actor, id: number) {
	const user = await loadVisibleUser(db, actor, id);
	authorize(actor, 'user.manage', asResource(user));
	return user;
}

async function loadTargetUnit(db: Db, unitId: number) {
	const unit = await findActiveUnit(db, unitId);
	if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
	return unit;
}

const EMAIL_TAKEN = 'Email này đã được dùng cho tài khoản khác.';

async function withUniqueEmail<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
		throw error;
	}
}

export async function listUsers(ctx: Ctx, options: { q: string; page: number }) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const { rows, total } = await repo.listUsers(ctx.db, {
		withinPaths: administeredPaths(actor),
		search: options.q,
		limit: PAGE_SIZE,
		offset: (options.page - 1) * PAGE_SIZE
	});
	return { rows, total, page: options.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function getUser(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const user = await loadVisibleUser(ctx.db, actor, id);
	return { ...user, manageable: can(actor, 'user.manage', asResource(user)) };
}

export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await loadTargetUnit(tx, input.unitId);
		authorize(actor, 'user.manage', {
			kind: 'user',
			id: 0,
			unitPath: unit.path,
			rolePaths: [unit.path]
		});
		if (input.role)
			authorize(actor, 'role.assign', { kind: 'role', role: input.role, unitPath: unit.path });
		const passwordHash = await hashPassword(input.password);
		const id = await withUniqueEmail(() =>
			repo.insertUser(tx, {
				email: input.email,
				fullName: input.fullName,
				phone: input.phone ?? null,
				unitId: unit.id,
				passwordHash
			})
		);
		await repo.insertRole(tx, id, 'member', unit.id);
		if (input.role && input.role !== 'member') await repo.insertRole(tx, id, input.role, unit.id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'user.create',
			entityType: 'user',
			entityId: id,
			unitPath: unit.path,
			after: {
				email: input.email,
				fullName: input.fullName,
				unitId: unit.id,
				role: input.role ?? 'member'
			}
		});
		return id;
	});
}

export async function updateUser(ctx: Ctx, id: number, input: UpdateUserInput): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const before = await loadManageableUser(tx, actor, id);
		const unit = await loadTargetUnit(tx, input.unitId);
		authorize(actor, 'user.manage', { kind: 'user', id, unitPath: unit.path, rolePaths: [] });
		await withUniqueEmail(() =>
			repo.updateUserFields(
				tx,
				id,
				{
					email: input.email,
					fullName: input.fullName,
					phone: input.phone ?? null,
					unitId: unit.id
				},
				ctx.now
			)
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'user.update',
			entityType: 'user',
			entityId: id,
			unitPath: unit.path,
			before: {
				email: before.email,
				fullName: before.fullName,
				phone: before.phone,
				unitId: before.unitId
			},
			after: {
				email: input.email,
				fullName: input.fullName,
				phone: input.phone ?? null,
				unitId: unit.id
			}
		});
	});
}

export async function assignRole(ctx: Ctx, userId: number, input: AssignRoleInput): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const user = await loadManageableUser(tx, actor, userId);
		const unit = input.unitId ? await loadTargetUnit(tx, input.unitId) : null;
		if (input.role !== 'admin' && !unit)
			throw invalid('Vui lòng chọn đơn vị.', { unitId: ['Vui lòng chọn đơn vị.'] });
		authorize(actor, 'role.assign', {
			kind: 'role',
			role: input.role,
			unitPath: unit?.path ?? null
		});
		const unitId = input.role === 'admin' ? null : unit!.id;
		const roleId = await repo.insertRole(tx, userId, input.role, unitId);
		if (!roleId) throw conflict('Người dùng đã có vai trò này tại đơn vị này.');
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'role.assign',
			entityType: 'user',
			entityId: userId,
			unitPath: unit?.path ?? user.unitPath,
			after: { role: input.role, unitId }
		});
	});
}

export async function revokeRole(ctx: Ctx, userId: number, roleId: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const user = await loadManageableUser(tx, actor, userId);
		const role = user.roles.find((r) => r.id === roleId);
		if (!role) throw notFound('Không tìm thấy vai trò.');
		authorize(actor, 'role.assign', { kind: 'role', role: role.role, unitPath: role.unitPath });
		if (role.role === 'admin' && actor.id === userId)
			throw forbidden('Bạn không thể tự bỏ quyền quản trị của mình.');
		await repo.deleteRole(tx, userId, roleId);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'role.revoke',
			entityType: 'user',
			entityId: userId,
			unitPath: role.unitPath ?? user.unitPath,
			before: { role: role.role, unitId: role.unitId }
		});
	});
}

/** Deactivation ends the user's sessions in the same transaction: it takes effect at once. */
export async function setUserActive(ctx: Ctx, id: number, active: boolean): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const user = await loadManageableUser(tx, actor, id);
		if (user.active === active)
			throw conflict(
				active ? 'Tài khoản đang hoạt động.' : 'Tài khoản đã bị vô hiệu hoá trước đó.'
			);
		await repo.setUserActive(tx, id, active, ctx.now);
		if (!active) await deleteUserSessions(tx, id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: active ? 'user.reactivate' : 'user.deactivate',
			entityType: 'user',
			entityId: id,
			unitPath: user.unitPath,
			before: { active: user.active },
			after: { active }
		});
	});
}

export async function resetPassword(ctx: Ctx, id: number, password: string): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const user = await loadManageableUser(tx, actor, id);
		await repo.setPasswordHash(tx, id, await hashPassword(password), ctx.now);
		await deleteUserSessions(tx, id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'user.password_reset',
			entityType: 'user',
			entityId: id,
			unitPath: user.unitPath
		});
	});
}

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
	/** Temporary passwords of created accounts, shown once to hand out. */
	credentials: { email: string; fullName: string; password: string }[];
}

function temporaryPassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const bytes = crypto.getRandomValues(new Uint8Array(10));
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export async function importUsers(
	ctx: Ctx,
	file: { name: string; bytes: Uint8Array },
	mode: 'all-or-nothing' | 'good-rows'
): Promise<UserImportReport> {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
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

	return ctx.db.transaction(async (tx) => {
		const codes = [...new Set(rows.flatMap((r) => r.values.unitCode ?? []))];
		const unitsByCode = new Map((await findUnitsByCodes(tx, codes)).map((u) => [u.code, u]));
		const emails = rows.flatMap((r) => r.values.email ?? []);
		const existing = await tx.query.users.findMany({
			columns: { email: true },
			where: (u, { inArray, sql }) => inArray(sql`lower(${u.email})`, emails)
		});
		const taken = new Set(existing.map((u) => u.email.toLowerCase()));
		const toCreate: { data: ImportedUser; unit: { id: number; path: string } }[] = [];
		for (const { rowNumber, values } of rows) {
			const { unitCode, role, email } = values;
			const unit = unitCode ? unitsByCode.get(unitCode) : undefined;
			if (unitCode && (!unit || unit.archivedAt))
				errors.add(rowNumber, `Không tìm thấy đơn vị có mã "${unitCode}".`);
			else if (
				unit &&
				(!can(actor, 'user.manage', {
					kind: 'user',
					id: 0,
					unitPath: unit.path,
					rolePaths: [unit.path]
				}) ||
					(role && !can(actor, 'role.assign', { kind: 'role', role, unitPath: unit.path })))
			)
				errors.add(rowNumber, `Bạn không có quyền thêm người dùng vào đơn vị "${unit.code}".`);
			if (email && taken.has(email))
				errors.add(rowNumber, 'Email này đã được dùng cho tài khoản khác.');
			if (!errors.has(rowNumber) && unit) toCreate.push({ data: values as ImportedUser, unit });
		}
		if (errors.size > 0 && mode === 'all-or-nothing')
			return { total: sheet.length, imported: 0, errors: errors.list(), credentials: [] };

		const credentials: UserImportReport['credentials'] = [];
		for (const { data, unit } of toCreate) {
			const password = temporaryPassword();
			const id = await repo.insertUser(tx, {
				email: data.email,
				fullName: data.fullName,
				phone: data.phone ?? null,
				unitId: unit.id,
				passwordHash: await hashPassword(password)
			});
			await repo.insertRole(tx, id, 'member', unit.id);
			if (data.role !== 'member') await repo.insertRole(tx, id, data.role, unit.id);
			await writeAudit(tx, {
				actorId: actor.id,
				action: 'user.import',
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
			});
			credentials.push({ email: data.email, fullName: data.fullName, password });
		}
		return {
			total: sheet.length,
			imported: credentials.length,
			errors: errors.list(),
			credentials
		};
	});
}

/**
 * @public Bootstraps a server installation: creates the first administrator, and only while
 * there is none (run from the command line, never from a page).
 */
export async function createFirstAdministrator(
	db: Db,
	input: { email: string; fullName: string; password: string }
): Promise<number> {
	return db.transaction(async (tx) => {
		if (await repo.anyAdministrator(tx))
			throw conflict('Hệ thống đã có quản trị viên. Hãy đăng nhập bằng tài khoản đó để tạo thêm.');
		const id = await withUniqueEmail(async () =>
			tx
				.insert(users)
				.values({
					email: input.email,
					fullName: input.fullName,
					nameFolded: foldVietnamese(input.fullName),
					passwordHash: await hashPassword(input.password)
				})
				.returning({ id: users.id })
				.then(([row]) => row!.id)
		);
		await repo.insertRole(tx, id, 'admin', null);
		await writeAudit(tx, {
			actorId: null,
			action: 'user.create_admin',
			entityType: 'user',
			entityId: id,
			after: { email: input.email, fullName: input.fullName }
		});
		return id;
	});
}

/** The signed-in user's own account, with the units of their roles. */
export async function getMyAccount(ctx: Ctx) {
	const actor = requireActor(ctx);
	const user = await loadVisibleUser(ctx.db, actor, actor.id);
	return {
		fullName: user.fullName,
		email: user.email,
		phone: user.phone,
		unitName: user.unitName,
		roles: user.roles.map((r) => ({ role: r.role, unitName: r.unitName }))
	};
}
