import type { Actor } from '../auth/actor';
import { loadActor } from '../auth/repo';
import type { Ctx } from '../context';
import type { Database } from '../db/client';
import { nominations, roleAssignments, users, type Unit } from '../db/schema';
import { insertUnit } from '../units/repo';
import type { RoleKind } from '$lib/shared/labels';
import { foldVietnamese } from '$lib/shared/text';

// A fixed, cheap hash: factories make many users and never sign in with them.
// (Tests that sign in create users through the real service.)
const UNUSABLE_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$unusable';

let counter = 0;
const next = () => ++counter;

export async function makeUnit(
	database: Database,
	parent: Unit | null,
	overrides: Partial<{ name: string; code: string; memberCount: number; kind: string }> = {}
) {
	const n = next();
	return insertUnit(
		database.db,
		{
			name: overrides.name ?? `Đơn vị ${n}`,
			code: overrides.code ?? `U${n}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
			kind: overrides.kind ?? 'grassroots',
			memberCount: overrides.memberCount ?? 100
		},
		parent
	);
}

export async function makeUser(
	database: Database,
	options: {
		unit?: Unit | null;
		roles?: { role: RoleKind; unit: Unit | null }[];
		fullName?: string;
		email?: string;
		passwordHash?: string;
		/** When the account was made; the database's clock otherwise. */
		createdAt?: Date;
	} = {}
): Promise<Actor> {
	const n = next();
	const fullName = options.fullName ?? `Người dùng ${n}`;
	const [user] = await database.db
		.insert(users)
		.values({
			email: options.email ?? `user${n}-${Math.random().toString(36).slice(2, 8)}@example.vn`,
			fullName,
			nameFolded: foldVietnamese(fullName),
			unitId: options.unit?.id ?? null,
			passwordHash: options.passwordHash ?? UNUSABLE_HASH,
			...(options.createdAt ? { createdAt: options.createdAt } : {})
		})
		.returning({ id: users.id });
	for (const grant of options.roles ?? []) {
		await database.db
			.insert(roleAssignments)
			.values({ userId: user!.id, role: grant.role, unitId: grant.unit?.id ?? null });
	}
	return (await loadActor(database.db, user!.id))!;
}

/**
 * The test clock: tests that do not set a time act at this one, never at the wall clock's, so
 * the suite reads the same on any day it runs.
 */
export const TEST_NOW = new Date('2026-12-01T03:00:00Z');

export function ctxFor(database: Database, actor: Actor | null, now = TEST_NOW): Ctx {
	return { db: database.db, actor, now };
}

/**
 * The tree most tests need: a province with two districts, a grassroots unit under the first,
 * and an organizer of the first district.
 */
export async function makeTree(database: Database) {
	const province = await makeUnit(database, null, { name: 'Tỉnh đoàn Thử nghiệm' });
	const district = await makeUnit(database, province, { name: 'Huyện đoàn A' });
	const sibling = await makeUnit(database, province, { name: 'Huyện đoàn B' });
	const grassroots = await makeUnit(database, district, { name: 'Đoàn xã A1' });
	const admin = await makeUser(database, { roles: [{ role: 'admin', unit: null }] });
	const organizer = await makeUser(database, {
		unit: district,
		roles: [{ role: 'organizer', unit: district }]
	});
	const siblingOrganizer = await makeUser(database, {
		unit: sibling,
		roles: [{ role: 'organizer', unit: sibling }]
	});
	const member = await makeUser(database, {
		unit: grassroots,
		roles: [{ role: 'member', unit: grassroots }]
	});
	return { province, district, sibling, grassroots, admin, organizer, siblingOrganizer, member };
}

/**
 * A published campaign organised by `unit`, with an individual category (quota 1 unless
 * given) and a nomination window open around `now`.
 */
export async function makeCampaign(
	database: Database,
	admin: Actor,
	unit: Unit,
	options: {
		now?: Date;
		quota?: number;
		nominationDays?: [number, number];
		screeningDays?: number;
	} = {}
) {
	const now = options.now ?? TEST_NOW;
	const day = 86_400_000;
	const ctx = ctxFor(database, admin, now);
	const campaigns = await import('../campaigns/service');
	const id = await campaigns.createCampaign(ctx, {
		organizingUnitId: unit.id,
		title: 'Đợt tôn vinh thử nghiệm',
		description: '',
		year: 2026
	});
	await campaigns.addCategory(ctx, {
		campaignId: id,
		kind: 'individual',
		name: 'Cá nhân tiêu biểu',
		quotaPerUnit: options.quota ?? 1,
		field: undefined
	});
	await campaigns.addCategory(ctx, {
		campaignId: id,
		kind: 'collective',
		name: 'Tập thể tiêu biểu',
		quotaPerUnit: options.quota ?? 1,
		field: undefined
	});
	const [from, to] = options.nominationDays ?? [-1, 10];
	const nominationEnd = new Date(now.getTime() + to * day);
	await campaigns.setPhases(ctx, {
		campaignId: id,
		phases: [
			{ kind: 'nomination', startsAt: new Date(now.getTime() + from * day), endsAt: nominationEnd },
			{
				kind: 'screening',
				startsAt: nominationEnd,
				endsAt: new Date(nominationEnd.getTime() + (options.screeningDays ?? 10) * day)
			}
		]
	});
	await campaigns.publishCampaign(ctx, { campaignId: id });
	const detail = await campaigns.getManagedCampaign(ctx, id);
	const individual = detail.categories.find((c) => c.kind === 'individual')!;
	const collective = detail.categories.find((c) => c.kind === 'collective')!;
	return { id, individual, collective, phases: detail.phases };
}

export function individualDossier(fullName = 'Nguyễn Văn An') {
	return {
		nominee: {
			kind: 'individual' as const,
			fullName,
			gender: 'male' as const,
			birthYear: 1995,
			ethnicity: 'Kinh',
			position: 'Bí thư chi đoàn',
			workplace: 'Xã Xuân Nộn'
		},
		summary: 'Gương mặt trẻ tiêu biểu.',
		narrative: 'Nhiều năm liền hoàn thành xuất sắc nhiệm vụ.',
		achievements: [{ date: '2025-03-26', text: 'Giấy khen của Huyện đoàn' }]
	};
}

/**
 * A dossier already accepted by the organizing unit, written straight to the table: judging
 * tests start where screening ends (the screening path has tests of its own).
 */
export async function makeAcceptedDossier(
	database: Database,
	options: { campaignId: number; categoryId: number; unit: Unit; name: string; top: Unit }
) {
	const [row] = await database.db
		.insert(nominations)
		.values({
			campaignId: options.campaignId,
			categoryId: options.categoryId,
			nominatingUnitId: options.unit.id,
			levelUnitId: options.top.id,
			status: 'accepted',
			nominee: { ...individualDossier(options.name).nominee },
			nomineeName: options.name,
			nomineeNameFolded: foldVietnamese(options.name),
			summary: `Tóm tắt về ${options.name}.`,
			submittedAt: TEST_NOW
		})
		.returning({ id: nominations.id });
	return row!.id;
}
