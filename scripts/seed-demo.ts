// Loads the demo data into an empty database: `DATABASE_URL=postgres://… npm run seed:demo`.
// (The embedded database seeds itself on first start.)
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/client';
import { announceDemoAccounts, seedDemoIfEmpty } from '../src/lib/server/demo';

const config = readConfig();
const database = config.databaseUrl
	? await openDatabase({ engine: 'postgres', url: config.databaseUrl, max: 1 })
	: await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
try {
	await database.migrate();
	console.log(
		(await seedDemoIfEmpty(database.db))
			? 'Đã tạo dữ liệu mẫu.'
			: 'Cơ sở dữ liệu đã có người dùng: không tạo dữ liệu mẫu.'
	);
	announceDemoAccounts();
} finally {
	await database.close();
}
