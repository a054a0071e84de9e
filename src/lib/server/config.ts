import { resolve } from 'node:path';

/** Settings read from the environment, the way adapter-node users expect. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	const origin = env.ORIGIN?.trim() || `http://localhost:${env.PORT?.trim() || 3000}`;
	return {
		databaseUrl,
		dataDir: resolve(env.DATA_DIR?.trim() || 'data'),
		/** Demo data: always on first start of the embedded database, on a server only when asked. */
		seedDemo: env.SEED_DEMO
			? env.SEED_DEMO === '1' || env.SEED_DEMO === 'true'
			: databaseUrl === null,
		poolSize: Number(env.DATABASE_POOL_SIZE) || 10,
		/** The public address every link in an e-mail starts with (adapter-node's ORIGIN). */
		origin,
		/**
		 * Every address people reach this server at: ORIGIN and EXTRA_ORIGINS (a proxy's other
		 * names; hall mode's other LAN addresses). Writes from any other origin are refused.
		 */
		origins: [origin, ...extraOrigins(env.EXTRA_ORIGINS)],
		/** SMTP server, e.g. smtps://user:password@mail.example.vn:465; none: messages are kept. */
		smtpUrl: env.SMTP_URL?.trim() || null,
		mailFrom: env.MAIL_FROM?.trim() || 'Gương Sáng <no-reply@localhost>',
		/** Where backups are written; outside the data folder, which a restore replaces. */
		backupDir: resolve(env.BACKUP_DIR?.trim() || 'backups'),
		/**
		 * Hours between the app's own backups (0: none). The embedded database can only be
		 * copied by the app that holds it, so it backs itself up daily; a server's backups are the
		 * operator's (`npm run backup` from cron), since every node would otherwise dump it.
		 */
		backupIntervalHours: wholeNumber(
			'BACKUP_INTERVAL_HOURS',
			env.BACKUP_INTERVAL_HOURS,
			databaseUrl === null ? 24 : 0
		),
		/** How many backups are kept; older ones are deleted after each scheduled backup. */
		backupKeep: Math.max(1, wholeNumber('BACKUP_KEEP', env.BACKUP_KEEP, 14)),
		/** The least severe log lines written (pino's levels); `info` writes a line per request. */
		logLevel: logLevel(env.LOG_LEVEL),
		/** The bearer token Prometheus scrapes `/metrics` with; without it `/metrics` is not found. */
		metricsToken: env.METRICS_TOKEN?.trim() || null,
		/**
		 * Who answers for personal data, as the privacy page names them (the organizing body:
		 * its name, address, e-mail, phone). Unset: the page says to contact the organizing unit.
		 */
		privacyContact: env.PRIVACY_CONTACT?.trim() || null
	};
}
export type Config = ReturnType<typeof readConfig>;

/** A whole number setting, or its default when unset; anything else stops the start. */
function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
	const text = raw?.trim();
	if (!text) return fallback;
	if (!/^\d+$/.test(text)) throw new Error(`${name} phải là số nguyên không âm: '${text}'`);
	return Number(text);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL, `info` when unset; a name pino does not know stops the start. */
function logLevel(raw: string | undefined): LogLevel {
	const text = raw?.trim().toLowerCase();
	if (!text) return 'info';
	const level = LOG_LEVELS.find((l) => l === text);
	if (!level) throw new Error(`LOG_LEVEL phải là một trong ${LOG_LEVELS.join(', ')}: '${raw}'`);
	return level;
}

/** EXTRA_ORIGINS, comma-separated, each reduced to its origin; a malformed one stops the start. */
export function extraOrigins(list: string | undefined): string[] {
	return (list ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map((entry) => {
			const url = URL.canParse(entry) ? new URL(entry) : null;
			if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
				throw new Error(`EXTRA_ORIGINS: '${entry}' không phải địa chỉ http(s)://máy[:cổng]`);
			return url.origin;
		});
}
