import { eq, sql } from 'drizzle-orm';
import { loadActor } from '../auth/repo';
import type { Ctx } from '../context';
import { createUnit } from '../units/service';
import { createFirstAdministrator, createUser } from '../users/service';
import type { Db } from './client';
import { seedDemoContest } from './demo-contest';
import { users } from './schema';
import type { RoleKind } from '$lib/shared/labels';
import type { UnitKind } from '$lib/shared/labels';

export const DEMO_PASSWORD = 'GuongSang@2026';

export const demoAccounts = [
	{ email: 'quantri@guongsang.vn', fullName: 'Nguyễn Quản Trị', role: 'admin', unit: null },
	{ email: 'tochuc@guongsang.vn', fullName: 'Trần Thị Tổ Chức', role: 'organizer', unit: 'TDGS' },
	{
		email: 'huyendoan@guongsang.vn',
		fullName: 'Lê Văn Huyện',
		role: 'organizer',
		unit: 'HD-DONGANH'
	},
	{
		email: 'canbo@guongsang.vn',
		fullName: 'Phạm Minh Cán Bộ',
		role: 'officer',
		unit: 'XD-XUANNON'
	},
	{ email: 'giamkhao@guongsang.vn', fullName: 'Hoàng Thị Giám Khảo', role: 'judge', unit: 'TDGS' },
	{ email: 'doanvien@guongsang.vn', fullName: 'Đỗ Văn Đoàn Viên', role: 'member', unit: 'CD-THON1' }
] as const satisfies readonly {
	email: string;
	fullName: string;
	role: RoleKind;
	unit: string | null;
}[];

// [code, name, kind, members, parent code]: a province with a district, a block and grassroots units.
const demoUnits: [string, string, UnitKind, number, string | null][] = [
	['TDGS', 'Tỉnh đoàn Gương Sáng', 'province', 153860, null],
	['HD-DONGANH', 'Huyện đoàn Đông Anh', 'district', 12480, 'TDGS'],
	['HD-SOCSON', 'Huyện đoàn Sóc Sơn', 'district', 10950, 'TDGS'],
	['DK-CQT', 'Đoàn Khối các cơ quan tỉnh', 'block', 8420, 'TDGS'],
	['XD-XUANNON', 'Đoàn xã Xuân Nộn', 'grassroots', 640, 'HD-DONGANH'],
	['XD-UYNO', 'Đoàn xã Uy Nỗ', 'grassroots', 580, 'HD-DONGANH'],
	['CD-THON1', 'Chi đoàn thôn Đường Nhạn', 'branch', 45, 'XD-XUANNON'],
	['XD-PHUMINH', 'Đoàn xã Phù Linh', 'grassroots', 720, 'HD-SOCSON'],
	['CD-SOYT', 'Đoàn Thanh niên Sở Y tế', 'grassroots', 310, 'DK-CQT'],
	['CD-SOGD', 'Đoàn Thanh niên Sở Giáo dục và Đào tạo', 'grassroots', 420, 'DK-CQT']
];

/** Demo data goes in through the same services a person would use. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
	const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
	if (n > 0) return false;
	const [admin, ...others] = demoAccounts;
	const adminId = await createFirstAdministrator(db, {
		email: admin.email,
		fullName: admin.fullName,
		password: DEMO_PASSWORD
	});
	const ctx: Ctx = { db, actor: await loadActor(db, adminId), now: new Date() };
	const unitIds = new Map<string, number>();
	for (const [code, name, kind, memberCount, parent] of demoUnits) {
		const unit = await createUnit(ctx, {
			code,
			name,
			kind,
			memberCount,
			parentId: parent ? unitIds.get(parent) : undefined
		});
		unitIds.set(code, unit.id);
	}
	for (const account of others) {
		await createUser(ctx, {
			email: account.email,
			fullName: account.fullName,
			password: DEMO_PASSWORD,
			unitId: unitIds.get(account.unit)!,
			role: account.role,
			phone: undefined
		});
	}
	// The province's organizer keeps the bank and runs the demo contest.
	const organizer = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.email, 'tochuc@guongsang.vn'));
	await seedDemoContest(
		{ db, actor: await loadActor(db, organizer[0]!.id), now: new Date() },
		unitIds.get('TDGS')!
	);
	return true;
}

export function announceDemoAccounts(): void {
	console.log('\nTài khoản dùng thử (mật khẩu chung: %s):', DEMO_PASSWORD);
	for (const account of demoAccounts) console.log(`  ${account.role.padEnd(10)} ${account.email}`);
	console.log('');
}
