import { mintAccountLink } from '../auth';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { warnJudgesOfClosingRound } from '../judging';
import { createMailer, keptTransport, smtpTransport, type Mailer } from '../notifications';

let mailer: Mailer | null = null;

/**
 * Starts this node's sender. Every node may run one: they claim messages under row locks, so
 * each message goes once. Without SMTP_URL messages are kept in the outbox (and printed, so a
 * demo shows every message).
 */
export function startMailer(database: Database, config: Config, print = true): Mailer {
	mailer = createMailer({
		db: database.db,
		transport: config.smtpUrl
			? smtpTransport(config.smtpUrl)
			: keptTransport(print ? (line) => console.log(line) : undefined),
		origin: config.origin,
		from: config.mailFrom,
		clock: () => new Date(),
		mintLink: mintAccountLink,
		// Work that comes due with time, run by every node's sender at most once a minute.
		jobs: [
			async (db, now) => {
				await warnJudgesOfClosingRound(db, now);
			}
		],
		onError: (error) => console.error('Gửi thư:', error)
	});
	mailer.start();
	return mailer;
}

export async function stopMailer() {
	await mailer?.stop();
	mailer = null;
}
