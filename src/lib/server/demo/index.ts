/**
 * Demo data: a small province with units, accounts, a campaign at every stage, a contest and a
 * live game, made through the areas' own use cases. It sits above the database layer.
 */
import type { Database } from '../db/client';
import { announceDemoAccounts, seedDemoIfEmpty } from './seed';

export { announceDemoAccounts, seedDemoIfEmpty };

/** Seeds an empty database when the configuration asks for demo data, and says how to sign in. */
export async function prepareDemo(database: Database, config: { seedDemo: boolean }) {
	if (!config.seedDemo) return;
	if (await seedDemoIfEmpty(database.db)) console.log('Đã tạo dữ liệu mẫu.');
	announceDemoAccounts();
}
