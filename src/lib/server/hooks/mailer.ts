import { mintAccountLink } from '../auth';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { warnJudgesOfClosingRound } from '../judging';
import { log } from '../log';
import { createMailer, keptTransport, smtpTransport, type Mailer } from '../notifications';

let mailer: Mailer | null = null;

/**
 * Starts this node's sender. Every node may run one: they claim messages under row locks, so
 * each message goes once. Without SMTP_URL messages are kept in the outbox; a demo (SEED_DEMO)
 * also prints them for the person trying it. Elsewhere they are not printed: a message may hold
 * a sign-in or reset link, which must not reach the logs.
 */
export function startMailer(database: Database, config: Config, print = config.seedDemo): Mailer {
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
		onError: (error) => log().error({ err: error }, 'mail sender failed')
	});
	mailer.start();
	return mailer;
}

export async function stopMailer() {
	await mailer?.stop();
	mailer = null;
}
