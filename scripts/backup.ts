// Backs the database up into BACKUP_DIR (docs/operations.md), then keeps the newest BACKUP_KEEP:
//   npm run backup                       the embedded database, while the app is stopped
//   DATABASE_URL=postgres://… npm run backup     a PostgreSQL server (pg_dump, custom format)
// A running app holds the embedded folder and backs it up itself (Quản trị → Sao lưu).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { backupSetupFor, pruneBackups, writeBackup } from '../src/lib/server/backups';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/client';
import { DataDirLockedError } from '../src/lib/server/db/lock';

const config = readConfig();
// Opening a missing folder would create an empty database and back that up.
if (!config.databaseUrl && !existsSync(join(config.dataDir, 'PG_VERSION'))) {
	console.error(`Không có cơ sở dữ liệu nhúng tại ${config.dataDir} (DATA_DIR).`);
	process.exit(2);
}
try {
	// Opened without migrating: a copy is of the database as it is.
	const database = config.databaseUrl
		? await openDatabase({ engine: 'postgres', url: config.databaseUrl, max: 1 })
		: await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
	try {
		const setup = backupSetupFor(database, {
			dir: config.backupDir,
			intervalHours: 0,
			keep: config.backupKeep
		});
		const written = await setup.exclusive(() => writeBackup(setup, new Date()));
		if (!written)
			throw new Error('Một nút đang sao lưu cơ sở dữ liệu này; hãy thử lại sau ít phút.');
		const file = written.value;
		if (!file) throw new Error('Vừa có một bản sao lưu cùng thời điểm; hãy thử lại sau ít giây.');
		console.log(`Đã sao lưu: ${config.backupDir}/${file.name} (${file.bytes} byte)`);
		for (const name of await pruneBackups(config.backupDir, config.backupKeep))
			console.log(`Đã xoá bản cũ (giữ ${config.backupKeep} bản): ${name}`);
	} finally {
		await database.close();
	}
} catch (error) {
	if (error instanceof DataDirLockedError)
		console.error(
			`${error.message}\nỨng dụng đang chạy tự sao lưu theo lịch; để sao lưu ngay, vào Quản trị → Sao lưu.`
		);
	else console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
}
