// Over 400 lines: every users use case is tested here against one database and unit tree, built once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import type { CreateUserInput } from '$lib/schemas/users';
import { verifyPassword } from '../auth';
import { insertSession } from '../auth';
import type { Database } from '../db/client';
import { auditLog, mailOutbox, roleAssignments, sessions, users } from '../db/schema';
import { DomainError } from '../errors';
import { createTestDatabase } from '../testing/database';
import { statusOf } from '../testing/status';
import { TEST_NOW, ctxFor, makeTree, makeUser } from '../testing/factories';
import { workbookFile, zipBombXlsx } from '../testing/spreadsheets';
import {
	assignRole,
	createFirstAdministrator,
	createUser,
	getMyAccount,
	getUser,
	importUsers,
	listUsers,
	revokeRole,
	sendPasswordReset,
	deactivateUser,
	reactivateUser,
	updateUser
} from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let firstAdminId: number;

beforeAll(async () => {
	database = await createTestDatabase();
	// A fresh installation has no administrator: bootstrap one before anything else exists.
	firstAdminId = await createFirstAdministrator(ctxFor(database, null), {
		email: 'quan-tri@example.vn',
		fullName: 'Quản Trị Viên',
		password: 'Mat-khau-quan-tri-1'
	});
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;

async function failureOf(work: Promise<unknown>): Promise<DomainError> {
	try {
		await work;
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a DomainError, but the call succeeded');
}

async function auditCount() {
	const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
	return row!.n;
}

/** The audit rows written by `work`, which must be the newest rows of the log. */
async function auditOf(work: () => Promise<unknown>) {
	const [last] = await database.db
		.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::int` })
		.from(auditLog);
	await work();
	return database.db
		.select()
		.from(auditLog)
		.where(sql`${auditLog.id} > ${last!.id}`)
		.orderBy(auditLog.id);
}

async function userRow(id: number) {
	const [row] = await database.db.select().from(users).where(eq(users.id, id));
	return row!;
}

/** The messages written for an account, oldest first. */
async function mailTo(userId: number) {
	return database.db
		.select({ kind: mailOutbox.kind, toAddress: mailOutbox.toAddress, data: mailOutbox.data })
		.from(mailOutbox)
		.where(eq(mailOutbox.userId, userId))
		.orderBy(mailOutbox.id);
}

async function rolesOf(id: number) {
	return database.db
		.select({ role: roleAssignments.role, unitId: roleAssignments.unitId })
		.from(roleAssignments)
		.where(eq(roleAssignments.userId, id))
		.orderBy(roleAssignments.id);
}

let counter = 0;
const uniqueEmail = () => `can-bo${++counter}-${Date.now()}@example.vn`;

function newUser(unitId: number, overrides: Partial<CreateUserInput> = {}): CreateUserInput {
	return {
		fullName: 'Lê Thị Hồng',
		email: uniqueEmail(),
		phone: '0912345678',
		unitId,
		role: undefined,
		...overrides
	};
}

const memberOf = (unit: typeof tree.grassroots) =>
	makeUser(database, { unit, roles: [{ role: 'member', unit }] });

describe('what an organizer may do', () => {
	it('creates a user in their subtree with one audit row', async () => {
		const input = newUser(tree.grassroots.id, { role: 'officer' });
		let id = 0;
		const rows = await auditOf(async () => {
			id = await createUser(ctxFor(database, tree.organizer), input);
		});
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorId: tree.organizer.id,
			action: 'user.create',
			entityType: 'user',
			entityId: String(id),
			unitPath: tree.grassroots.path,
			before: null,
			after: {
				email: input.email,
				fullName: input.fullName,
				unitId: tree.grassroots.id,
				role: 'officer'
			}
		});
		expect(await rolesOf(id)).toEqual([
			{ role: 'member', unitId: tree.grassroots.id },
			{ role: 'officer', unitId: tree.grassroots.id }
		]);
		const row = await userRow(id);
		expect(row.nameFolded).toBe('le thi hong');
		// No password: the person is invited to set their own.
		expect(row.passwordHash).toBeNull();
		expect(await mailTo(id)).toEqual([
			{
				kind: 'invitation',
				toAddress: input.email,
				data: {
					fullName: input.fullName,
					invitedBy: tree.organizer.fullName,
					unitName: tree.grassroots.name
				}
			}
		]);
	});

	it('cannot create users outside the subtree, nor administrators, and writes nothing', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const before = await auditCount();
		const emails: string[] = [];
		const attempt = (input: CreateUserInput) => {
			emails.push(input.email);
			return statusOf(createUser(ctx, input));
		};
		expect(await attempt(newUser(tree.sibling.id))).toBe(403);
		expect(await attempt(newUser(tree.province.id))).toBe(403);
		// The schema never offers "admin" here, but the service must not rely on that.
		expect(
			await attempt(newUser(tree.grassroots.id, { role: 'admin' as CreateUserInput['role'] }))
		).toBe(403);
		expect(await attempt(newUser(999_999))).toBe(400);
		expect(
			await statusOf(createUser(ctxFor(database, tree.member), newUser(tree.grassroots.id)))
		).toBe(403);
		expect(await statusOf(createUser(ctxFor(database, null), newUser(tree.grassroots.id)))).toBe(
			401
		);
		expect(await auditCount()).toBe(before);
		expect(await database.db.select().from(users).where(inArray(users.email, emails))).toHaveLength(
			0
		);
	});

	it('refuses an email already in use (any case) on the email field', async () => {
		const first = newUser(tree.grassroots.id);
		await createUser(ctxFor(database, tree.organizer), first);
		const before = await auditCount();
		const failure = await failureOf(
			createUser(
				ctxFor(database, tree.organizer),
				newUser(tree.grassroots.id, { email: first.email.toUpperCase() })
			)
		);
		expect(failure.status).toBe(409);
		expect(failure.fieldErrors.email?.[0]).toMatch(VIETNAMESE);
		expect(await auditCount()).toBe(before);
	});

	it('updates a user of the subtree, recording before and after', async () => {
		const target = await memberOf(tree.grassroots);
		const old = await userRow(target.id);
		const change = {
			fullName: 'Phạm Minh Đức',
			email: uniqueEmail(),
			phone: '0987654321',
			unitId: tree.district.id
		};
		const rows = await auditOf(() =>
			updateUser(ctxFor(database, tree.organizer), { id: target.id, ...change })
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorId: tree.organizer.id,
			action: 'user.update',
			entityId: String(target.id),
			unitPath: tree.district.path,
			before: { email: old.email, fullName: old.fullName, phone: null, unitId: tree.grassroots.id },
			after: change
		});
		const row = await userRow(target.id);
		expect(row).toMatchObject(change);
		expect(row.nameFolded).toBe('pham minh duc');
	});

	it('cannot move a user of the subtree out of it', async () => {
		const target = await memberOf(tree.grassroots);
		const old = await userRow(target.id);
		const before = await auditCount();
		const status = await statusOf(
			updateUser(ctxFor(database, tree.organizer), {
				id: target.id,
				fullName: old.fullName,
				email: old.email,
				phone: undefined,
				unitId: tree.sibling.id
			})
		);
		expect(status).toBe(403);
		expect((await userRow(target.id)).unitId).toBe(tree.grassroots.id);
		expect(await auditCount()).toBe(before);
	});

	it('does not even see users of a sibling district: 404 on every call, nothing written', async () => {
		const stranger = await memberOf(tree.sibling);
		const ctx = ctxFor(database, tree.organizer);
		const before = await auditCount();
		const old = await userRow(stranger.id);
		const failure = await failureOf(getUser(ctx, stranger.id));
		expect(failure.status).toBe(404);
		expect(failure.message).toMatch(VIETNAMESE);
		expect(
			await statusOf(
				updateUser(ctx, {
					id: stranger.id,
					fullName: 'Đổi Tên',
					email: old.email,
					phone: undefined,
					unitId: tree.grassroots.id
				})
			)
		).toBe(404);
		expect(await statusOf(deactivateUser(ctx, { id: stranger.id }))).toBe(404);
		expect(await statusOf(sendPasswordReset(ctx, { id: stranger.id }))).toBe(404);
		expect(
			await statusOf(
				assignRole(ctx, { id: stranger.id, role: 'judge', unitId: tree.grassroots.id })
			)
		).toBe(404);
		// An id that does not exist looks exactly the same.
		expect(await statusOf(getUser(ctx, 999_999))).toBe(404);
		expect(await userRow(stranger.id)).toEqual(old);
		expect(await auditCount()).toBe(before);

		const listed = await listUsers(ctx, { q: '', page: 1 });
		const ids = listed.rows.map((r) => r.id);
		expect(ids).toContain(tree.member.id);
		expect(ids).not.toContain(stranger.id);
		expect(ids).not.toContain(tree.siblingOrganizer.id);
		expect(ids).not.toContain(tree.admin.id);
	});

	it('cannot manage anyone holding a role above the subtree, even if their unit is inside', async () => {
		const provinceOrganizer = await makeUser(database, {
			unit: tree.grassroots,
			roles: [
				{ role: 'member', unit: tree.grassroots },
				{ role: 'organizer', unit: tree.province }
			]
		});
		const localAdmin = await makeUser(database, {
			unit: tree.grassroots,
			roles: [{ role: 'admin', unit: null }]
		});
		const ctx = ctxFor(database, tree.organizer);
		const before = await auditCount();
		for (const target of [provinceOrganizer, localAdmin]) {
			// Visible as a member of the subtree, but read-only.
			expect((await getUser(ctx, target.id)).manageable).toBe(false);
			expect(await statusOf(deactivateUser(ctx, { id: target.id }))).toBe(403);
			expect(await statusOf(sendPasswordReset(ctx, { id: target.id }))).toBe(403);
			expect((await userRow(target.id)).active).toBe(true);
		}
		expect(await auditCount()).toBe(before);
	});

	it('cannot manage their own account from the admin area', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const before = await auditCount();
		expect(await statusOf(deactivateUser(ctx, { id: tree.organizer.id }))).toBe(403);
		expect(
			await statusOf(
				assignRole(ctx, { id: tree.organizer.id, role: 'organizer', unitId: tree.province.id })
			)
		).toBe(403);
		expect(await auditCount()).toBe(before);
		const mine = await getUser(ctx, tree.organizer.id);
		expect(mine.manageable).toBe(false);
	});

	it('deactivates and reactivates a user, ending their sessions at once', async () => {
		const target = await memberOf(tree.grassroots);
		await insertSession(
			database.db,
			`phien-${target.id}`,
			target.id,
			new Date(TEST_NOW.getTime() + 86_400_000)
		);
		const ctx = ctxFor(database, tree.organizer);

		const off = await auditOf(() => deactivateUser(ctx, { id: target.id }));
		expect(off).toHaveLength(1);
		expect(off[0]).toMatchObject({
			actorId: tree.organizer.id,
			action: 'user.deactivate',
			entityId: String(target.id),
			unitPath: tree.grassroots.path,
			before: { active: true },
			after: { active: false }
		});
		expect((await userRow(target.id)).active).toBe(false);
		expect(
			await database.db.select().from(sessions).where(eq(sessions.userId, target.id))
		).toHaveLength(0);

		// Doing it twice is a conflict and records nothing.
		const before = await auditCount();
		expect(await statusOf(deactivateUser(ctx, { id: target.id }))).toBe(409);
		expect(await auditCount()).toBe(before);

		const on = await auditOf(() => reactivateUser(ctx, { id: target.id }));
		expect(on).toHaveLength(1);
		expect(on[0]).toMatchObject({
			action: 'user.reactivate',
			before: { active: false },
			after: { active: true }
		});
		expect((await userRow(target.id)).active).toBe(true);
	});

	it('sends a reset message instead of typing a password, and changes nothing else', async () => {
		const target = await memberOf(tree.grassroots);
		await insertSession(
			database.db,
			`phien-reset-${target.id}`,
			target.id,
			new Date(TEST_NOW.getTime() + 86_400_000)
		);
		const hash = (await userRow(target.id)).passwordHash;
		const rows = await auditOf(() =>
			sendPasswordReset(ctxFor(database, tree.organizer), { id: target.id })
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'user.password_reset_send',
			entityId: String(target.id),
			after: { to: target.email }
		});
		expect(await mailTo(target.id)).toEqual([
			{ kind: 'password_reset', toAddress: target.email, data: { fullName: target.fullName } }
		]);
		// The password changes when the person sets a new one through the link, not before.
		expect((await userRow(target.id)).passwordHash).toBe(hash);
		expect(
			await database.db.select().from(sessions).where(eq(sessions.userId, target.id))
		).toHaveLength(1);
	});

	it('assigns roles inside the subtree, never "admin" and never outside', async () => {
		const target = await memberOf(tree.grassroots);
		const ctx = ctxFor(database, tree.organizer);

		const rows = await auditOf(() =>
			assignRole(ctx, { id: target.id, role: 'judge', unitId: tree.district.id })
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorId: tree.organizer.id,
			action: 'role.assign',
			entityId: String(target.id),
			unitPath: tree.district.path,
			after: { role: 'judge', unitId: tree.district.id }
		});

		const before = await auditCount();
		expect(
			await statusOf(assignRole(ctx, { id: target.id, role: 'admin', unitId: undefined }))
		).toBe(403);
		expect(
			await statusOf(assignRole(ctx, { id: target.id, role: 'admin', unitId: tree.district.id }))
		).toBe(403);
		expect(
			await statusOf(assignRole(ctx, { id: target.id, role: 'organizer', unitId: tree.sibling.id }))
		).toBe(403);
		expect(
			await statusOf(
				assignRole(ctx, { id: target.id, role: 'organizer', unitId: tree.province.id })
			)
		).toBe(403);
		expect(
			await statusOf(assignRole(ctx, { id: target.id, role: 'judge', unitId: undefined }))
		).toBe(400);
		// The same role at the same unit twice is a conflict.
		expect(
			await statusOf(assignRole(ctx, { id: target.id, role: 'judge', unitId: tree.district.id }))
		).toBe(409);
		expect(await auditCount()).toBe(before);
		expect(await rolesOf(target.id)).toEqual([
			{ role: 'member', unitId: tree.grassroots.id },
			{ role: 'judge', unitId: tree.district.id }
		]);
	});

	it('revokes a role with the old value in the log', async () => {
		const target = await makeUser(database, {
			unit: tree.grassroots,
			roles: [
				{ role: 'member', unit: tree.grassroots },
				{ role: 'officer', unit: tree.grassroots }
			]
		});
		const managed = await getUser(ctxFor(database, tree.organizer), target.id);
		const officer = managed.roles.find((r) => r.role === 'officer')!;
		const rows = await auditOf(() =>
			revokeRole(ctxFor(database, tree.organizer), { id: target.id, roleId: officer.id })
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'role.revoke',
			before: { role: 'officer', unitId: tree.grassroots.id },
			after: null
		});
		expect(await rolesOf(target.id)).toEqual([{ role: 'member', unitId: tree.grassroots.id }]);
		const before = await auditCount();
		expect(
			await statusOf(
				revokeRole(ctxFor(database, tree.organizer), { id: target.id, roleId: officer.id })
			)
		).toBe(404);
		expect(await auditCount()).toBe(before);
	});
});

describe('what an administrator may do', () => {
	it('manages users anywhere, including organizers and administrators', async () => {
		const ctx = ctxFor(database, tree.admin);
		const created = await auditOf(() =>
			createUser(ctx, newUser(tree.sibling.id, { role: 'organizer' }))
		);
		expect(created).toHaveLength(1);
		const id = Number(created[0]!.entityId);
		expect(await rolesOf(id)).toEqual([
			{ role: 'member', unitId: tree.sibling.id },
			{ role: 'organizer', unitId: tree.sibling.id }
		]);

		const promoted = await auditOf(() => assignRole(ctx, { id, role: 'admin', unitId: undefined }));
		expect(promoted).toHaveLength(1);
		expect(promoted[0]).toMatchObject({
			action: 'role.assign',
			after: { role: 'admin', unitId: null }
		});

		const deactivated = await auditOf(() => deactivateUser(ctx, { id: tree.siblingOrganizer.id }));
		expect(deactivated).toHaveLength(1);
		expect((await userRow(tree.siblingOrganizer.id)).active).toBe(false);
		await reactivateUser(ctx, { id: tree.siblingOrganizer.id });

		const listed = await listUsers(ctx, { q: '', page: 1 });
		expect(listed.total).toBe((await database.db.select().from(users)).length);
	});

	it('cannot drop their own administrator role', async () => {
		const ctx = ctxFor(database, tree.admin);
		// An administrator manages themselves through the account page, not the admin area.
		const own = await getUser(ctx, tree.admin.id);
		const adminRole = own.roles.find((r) => r.role === 'admin')!;
		const before = await auditCount();
		expect(await statusOf(revokeRole(ctx, { id: tree.admin.id, roleId: adminRole.id }))).toBe(403);
		expect(await auditCount()).toBe(before);
		expect(await rolesOf(tree.admin.id)).toContainEqual({ role: 'admin', unitId: null });
	});

	it('creates the first administrator only while there is none', async () => {
		expect(await rolesOf(firstAdminId)).toEqual([{ role: 'admin', unitId: null }]);
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'user.create_admin'));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: null, entityId: String(firstAdminId) });
		expect(JSON.stringify(audit[0])).not.toContain('Mat-khau-quan-tri-1');

		const usersBefore = (await database.db.select().from(users)).length;
		const auditBefore = await auditCount();
		const failure = await failureOf(
			createFirstAdministrator(ctxFor(database, null), {
				email: 'quan-tri-2@example.vn',
				fullName: 'Người Thứ Hai',
				password: 'Mat-khau-quan-tri-2'
			})
		);
		expect(failure.status).toBe(409);
		expect(failure.message).toMatch(VIETNAMESE);
		expect((await database.db.select().from(users)).length).toBe(usersBefore);
		expect(await auditCount()).toBe(auditBefore);
	});
});

describe('who may enter the user admin area', () => {
	it('refuses members and anonymous visitors, but lets everyone read their own account', async () => {
		expect(await statusOf(listUsers(ctxFor(database, tree.member), { q: '', page: 1 }))).toBe(403);
		expect(await statusOf(getUser(ctxFor(database, tree.member), tree.member.id))).toBe(403);
		expect(await statusOf(listUsers(ctxFor(database, null), { q: '', page: 1 }))).toBe(401);

		const mine = await getMyAccount(ctxFor(database, tree.member));
		expect(mine.email).toBe(tree.member.email);
		expect(mine.unitName).toBe(tree.grassroots.name);
		expect(mine.roles).toEqual([{ role: 'member', unitName: tree.grassroots.name }]);
		expect(mine).not.toHaveProperty('passwordHash');
		expect(await statusOf(getMyAccount(ctxFor(database, null)))).toBe(401);
	});

	it('finds people by name without diacritics', async () => {
		const person = await makeUser(database, {
			unit: tree.grassroots,
			fullName: 'Nguyễn Thị Đào Tìm Thấy',
			roles: [{ role: 'member', unit: tree.grassroots }]
		});
		const found = await listUsers(ctxFor(database, tree.organizer), { q: 'dao tim thay', page: 1 });
		expect(found.rows.map((r) => r.id)).toEqual([person.id]);
		expect(found.total).toBe(1);
	});
});

describe('user import', () => {
	const header = 'Họ và tên,Email,Số điện thoại,Mã đơn vị,Vai trò\n';
	const csv = (body: string, name = 'nguoi-dung.csv') => ({
		name,
		bytes: new TextEncoder().encode(header + body)
	});
	const importedUsers = (emails: string[]) =>
		database.db.select().from(users).where(inArray(users.email, emails));

	it('imports nothing when one row is bad, and says which row', async () => {
		const good1 = uniqueEmail();
		const good2 = uniqueEmail();
		const file = csv(
			`Hoàng Văn Một,${good1},0912000001,${tree.grassroots.code},Cán bộ đơn vị\n` +
				`Hoàng Văn Hai,khong-phai-email,,${tree.grassroots.code},\n` +
				`Hoàng Văn Ba,${good2},,${tree.district.code},\n`
		);
		const before = await auditCount();
		const report = await importUsers(ctxFor(database, tree.organizer), {
			file,
			mode: 'all-or-nothing'
		});
		expect(report).toMatchObject({ total: 3, imported: 0, invited: 0 });
		expect(report.errors).toHaveLength(1);
		expect(report.errors[0]!.rowNumber).toBe(3);
		expect(report.errors[0]!.messages.join(' ')).toContain('Email');
		expect(await importedUsers([good1, good2])).toHaveLength(0);
		expect(await auditCount()).toBe(before);
	});

	it('keeps the good rows when asked, inviting each new account, with one audit row each', async () => {
		const good1 = uniqueEmail();
		const good2 = uniqueEmail();
		const file = csv(
			`Hoàng Văn Một,${good1},0912000001,${tree.grassroots.code},Cán bộ đơn vị\n` +
				`Hoàng Văn Hai,khong-phai-email,,${tree.grassroots.code},\n` +
				`Hoàng Văn Ba,${good2.toUpperCase()},,${tree.district.code.toLowerCase()},\n`
		);
		const rows = await auditOf(async () => {
			const report = await importUsers(ctxFor(database, tree.organizer), {
				file,
				mode: 'good-rows'
			});
			expect(report.total).toBe(3);
			expect(report.imported).toBe(2);
			expect(report.errors.map((e) => e.rowNumber)).toEqual([3]);
			expect(report.invited).toBe(2);
			const created = await importedUsers([good1, good2]);
			expect(created).toHaveLength(2);
			for (const user of created) {
				expect(user.passwordHash).toBeNull();
				expect(await mailTo(user.id)).toEqual([
					{
						kind: 'invitation',
						toAddress: user.email,
						data: {
							fullName: user.fullName,
							invitedBy: tree.organizer.fullName,
							unitName: user.email === good1 ? tree.grassroots.name : tree.district.name
						}
					}
				]);
			}
			const one = created.find((u) => u.email === good1)!;
			expect(one.fullName).toBe('Hoàng Văn Một');
			expect(one.phone).toBe('0912000001');
			expect(await rolesOf(one.id)).toEqual([
				{ role: 'member', unitId: tree.grassroots.id },
				{ role: 'officer', unitId: tree.grassroots.id }
			]);
			const three = created.find((u) => u.email === good2)!;
			expect(three.unitId).toBe(tree.district.id);
			expect(await rolesOf(three.id)).toEqual([{ role: 'member', unitId: tree.district.id }]);
		});
		expect(rows).toHaveLength(2);
		expect(rows.every((r) => r.action === 'user.import' && r.actorId === tree.organizer.id)).toBe(
			true
		);
		expect(JSON.stringify(rows)).not.toMatch(/password/i);
	});

	it('makes no password for anyone: the report counts invitations, the page has nothing to hand out', async () => {
		const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail()];
		const file = csv(
			emails.map((e, i) => `Đặng Thị ${i},${e},,${tree.grassroots.code},`).join('\n')
		);
		const report = await importUsers(ctxFor(database, tree.organizer), { file, mode: 'good-rows' });
		expect(report).toEqual({ total: 3, imported: 3, errors: [], invited: 3 });
		const created = await importedUsers(emails);
		expect(created.map((u) => u.passwordHash)).toEqual([null, null, null]);
		const invitations = await database.db
			.select()
			.from(mailOutbox)
			.where(inArray(mailOutbox.toAddress, emails));
		expect(invitations.map((m) => m.kind)).toEqual(['invitation', 'invitation', 'invitation']);
		// Nobody can sign in until they have set a password through their invitation.
		for (const user of created) expect(await verifyPassword(user.passwordHash, '')).toBe(false);
	});

	it('reports duplicates inside the file and emails already taken', async () => {
		const fresh = uniqueEmail();
		const file = csv(
			`Người Một,${fresh},,${tree.grassroots.code},\n` +
				`Người Hai,${fresh.toUpperCase()},,${tree.grassroots.code},\n` +
				`Người Ba,${tree.member.email},,${tree.grassroots.code},\n`
		);
		const report = await importUsers(ctxFor(database, tree.organizer), {
			file,
			mode: 'all-or-nothing'
		});
		expect(report.imported).toBe(0);
		expect(report.errors.map((e) => e.rowNumber)).toEqual([3, 4]);
		expect(report.errors[0]!.messages.join(' ')).toContain('dòng 2');
		expect(report.errors[1]!.messages.join(' ')).toMatch(VIETNAMESE);
		expect(await importedUsers([fresh])).toHaveLength(0);
	});

	it('refuses rows outside the subtree, administrator roles, and markup in names', async () => {
		const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail(), uniqueEmail()];
		const file = csv(
			`Ngoài Phạm Vi,${emails[0]},,${tree.sibling.code},\n` +
				`Muốn Làm Quản Trị,${emails[1]},,${tree.grassroots.code},Quản trị hệ thống\n` +
				`<script>alert(1)</script>,${emails[2]},,${tree.grassroots.code},\n` +
				`Không Có Đơn Vị,${emails[3]},,KHONG-CO-MA,\n`
		);
		const before = await auditCount();
		const report = await importUsers(ctxFor(database, tree.organizer), { file, mode: 'good-rows' });
		expect(report.imported).toBe(0);
		expect(report.errors.map((e) => e.rowNumber)).toEqual([2, 3, 4, 5]);
		expect(report.errors[0]!.messages.join(' ')).toContain('không có quyền');
		expect(report.errors[1]!.messages.join(' ')).toContain('Vai trò');
		expect(report.errors[2]!.messages.join(' ')).toContain('Họ và tên');
		expect(report.errors[3]!.messages.join(' ')).toContain('KHONG-CO-MA');
		expect(await importedUsers(emails)).toHaveLength(0);
		expect(await auditCount()).toBe(before);
	});

	it('accepts the role names the error message offers', async () => {
		const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail(), uniqueEmail()];
		const file = csv(
			`Người Một,${emails[0]},,${tree.grassroots.code},Thành viên\n` +
				`Người Hai,${emails[1]},,${tree.grassroots.code},cán bộ đơn vị\n` +
				`Người Ba,${emails[2]},,${tree.grassroots.code},Giám khảo\n` +
				`Người Bốn,${emails[3]},,${tree.grassroots.code},Cán bộ tổ chức\n`
		);
		const report = await importUsers(ctxFor(database, tree.organizer), {
			file,
			mode: 'all-or-nothing'
		});
		expect(report.errors).toEqual([]);
		expect(report.imported).toBe(4);
		const created = await importedUsers(emails);
		const roleOf = async (email: string) => {
			const user = created.find((u) => u.email === email)!;
			return (await rolesOf(user.id)).map((r) => r.role);
		};
		expect(await roleOf(emails[0]!)).toEqual(['member']);
		expect(await roleOf(emails[1]!)).toEqual(['member', 'officer']);
		expect(await roleOf(emails[2]!)).toEqual(['member', 'judge']);
		expect(await roleOf(emails[3]!)).toEqual(['member', 'organizer']);
	});

	it('refuses a file that is not a spreadsheet, whatever its name', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const before = await auditCount();
		const png = new Uint8Array([
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d
		]);
		const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]);
		for (const file of [
			{ name: 'nguoi-dung.csv', bytes: png },
			{ name: 'nguoi-dung.csv', bytes: elf },
			{ name: 'nguoi-dung.xlsx', bytes: elf },
			{ name: 'nguoi-dung.png', bytes: new TextEncoder().encode(header) }
		]) {
			const failure = await failureOf(importUsers(ctx, { file, mode: 'good-rows' }));
			expect(failure.status).toBe(400);
			expect(failure.fieldErrors.file?.[0]).toMatch(VIETNAMESE);
		}
		expect(await auditCount()).toBe(before);
	});

	it('refuses an empty file and members', async () => {
		expect(
			await statusOf(
				importUsers(ctxFor(database, tree.organizer), { file: csv(''), mode: 'good-rows' })
			)
		).toBe(400);
		expect(
			await statusOf(
				importUsers(ctxFor(database, tree.member), {
					file: csv(`A,${uniqueEmail()},,${tree.grassroots.code},\n`),
					mode: 'good-rows'
				})
			)
		).toBe(403);
	});

	it('imports a list with title rows, a merged header and STT, normalising phones however typed', async () => {
		const emails = Array.from({ length: 6 }, () => uniqueEmail());
		const file = await workbookFile((sheet) => {
			sheet.addRow(['ĐOÀN XÃ A1']);
			sheet.addRow(['DANH SÁCH ĐOÀN VIÊN ĐĂNG KÝ TÀI KHOẢN']);
			sheet.addRow([]);
			sheet.addRow(['STT', 'Họ và tên', 'Liên hệ', '', 'Mã đơn vị', 'Vai trò']);
			sheet.addRow(['', '', 'Email', 'Số điện thoại', '', '']);
			for (const range of ['A4:A5', 'B4:B5', 'C4:D4', 'E4:E5', 'F4:F5']) sheet.mergeCells(range);
			const phones: (string | number)[] = [
				'0912 345 601',
				'0912.345.602',
				'+84 912 345 603',
				912345604,
				912345605,
				'84912345606'
			];
			phones.forEach((phone, i) =>
				sheet.addRow([
					i + 1,
					`Đoàn Viên Số ${i + 1}`.normalize('NFD'),
					emails[i],
					phone,
					tree.grassroots.code,
					''
				])
			);
			// A phone kept as a number but shown with its zero by a custom format.
			sheet.getCell('D13').numFmt = '0000000000';
		});
		const report = await importUsers(ctxFor(database, tree.organizer), {
			file,
			mode: 'all-or-nothing'
		});
		expect(report.errors).toEqual([]);
		expect(report.imported).toBe(6);
		const created = await importedUsers(emails);
		const byEmail = new Map(created.map((u) => [u.email, u]));
		expect(emails.map((e) => byEmail.get(e)!.phone)).toEqual([
			'0912345601',
			'0912345602',
			'0912345603',
			'0912345604',
			'0912345605',
			'0912345606'
		]);
		expect(byEmail.get(emails[0]!)!.fullName).toBe('Đoàn Viên Số 1'.normalize('NFC'));
	});

	it('reports every problem of a row at once', async () => {
		const report = await importUsers(ctxFor(database, tree.organizer), {
			file: csv(`Người Nhiều Lỗi,${tree.member.email},12345,KHONG-CO-MA,Phó chủ tịch\n`),
			mode: 'good-rows'
		});
		expect(report.imported).toBe(0);
		const messages = report.errors[0]!.messages.join(' ');
		expect(messages).toContain('Số điện thoại');
		expect(messages).toContain('Vai trò');
		expect(messages).toContain('KHONG-CO-MA');
		expect(messages).toContain('Email này đã được dùng');
	});

	it('refuses a zip bomb with a clear message', async () => {
		const bomb = zipBombXlsx(['Họ và tên'], 'nd.xlsx');
		const refused = await failureOf(
			importUsers(ctxFor(database, tree.organizer), { file: bomb, mode: 'good-rows' })
		);
		expect(refused.fieldErrors.file?.[0]).toMatch(/bung ra quá lớn/);
	}, 30_000);
});
