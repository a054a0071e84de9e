import type { ParsedMail } from 'mailparser';
import { mintAccountLink } from '../auth';
import type { Database } from '../db/client';
import { createMailer, smtpTransport } from '../notifications';
import { linksIn, type SmtpSink } from './smtp';

export const TEST_ORIGIN = 'https://guongsang.example.vn';

/**
 * Sends what the outbox holds to the sink as the server's sender does at `now` (minting the
 * messages' single-use links then), and returns every message the sink holds for `to`.
 */
export async function deliverTo(
	database: Database,
	sink: SmtpSink,
	to: string,
	now: Date
): Promise<ParsedMail[]> {
	const mailer = createMailer({
		db: database.db,
		transport: smtpTransport(sink.url),
		origin: TEST_ORIGIN,
		from: 'Gương Sáng <no-reply@guongsang.example.vn>',
		clock: () => now,
		mintLink: mintAccountLink
	});
	// The sink keeps a message before it answers, so each one is there once its send returns.
	while ((await mailer.deliverDue()) > 0);
	await mailer.stop();
	return sink.received.filter((m) =>
		(Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((a) =>
			a.value.some((v) => v.address?.toLowerCase() === to.toLowerCase())
		)
	);
}

/** The token of the message's link to `path` (as a person's click would bring it). */
export function tokenIn(mail: ParsedMail, path: '/mat-khau-moi/' | '/xac-nhan-email/'): string {
	const link = linksIn(mail).find((l) => new URL(l).pathname.startsWith(path));
	if (!link) throw new Error(`no link to ${path} in “${mail.subject}”:\n${mail.text}`);
	const url = new URL(link);
	if (url.origin !== TEST_ORIGIN) throw new Error(`the link leads elsewhere: ${link}`);
	return url.pathname.slice(path.length);
}
