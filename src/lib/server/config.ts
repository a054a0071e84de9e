import { resolve } from 'node:path';

/** Settings read from the environment, the way adapter-node users expect. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	return {
		databaseUrl,
		dataDir: resolve(env.DATA_DIR?.trim() || 'data'),
		/** Demo data: always on first start of the embedded database, on a server only when asked. */
		seedDemo: env.SEED_DEMO
			? env.SEED_DEMO === '1' || env.SEED_DEMO === 'true'
			: databaseUrl === null,
		poolSize: Number(env.DATABASE_POOL_SIZE) || 10
	};
}
export type Config = ReturnType<typeof readConfig>;
