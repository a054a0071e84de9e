import type { AccountTokenPurpose, MailTopic } from '$lib/shared/mail';
import { antiAbuseKey } from '../antiabuse/repo';
import type { Db } from '../db/client';
import type { OutboxRow } from '../db/schema';
import { renderBody, type Rendered } from './layout';
import { claimDue, recordFailure, recordSent, releaseClaim } from './outbox';
import { isPermanent, LEASE_MS, MAX_ATTEMPTS, optOutCode, retryDelayMs } from './rules';
import { templates } from './templates';
import type { MailTransport } from './transport';

/** Mints a single-use link for an account (auth's job); returns its path on this server. */
export type MintLink = (
	db: Db,
	request: { userId: number; purpose: AccountTokenPurpose; address: string },
	now: Date
) => Promise<string>;

export interface MailerOptions {
	db: Db;
	transport: MailTransport;
	/** The app's public origin (ORIGIN): every link in a message starts with it. */
	origin: string;
	from: string;
	clock: () => Date;
	mintLink: MintLink;
	batchSize?: number;
	leaseMs?: number;
	/** Idle wait between looks at the outbox. */
	intervalMs?: number;
	/** Work that comes due with time (a round closing soon), run at most once a minute. */
	jobs?: ((db: Db, now: Date) => Promise<void>)[];
	onError?: (error: unknown) => void;
}

const MASKED = '[liên kết riêng: chỉ có trong thư đã gửi tới người nhận]';
export const OPT_OUT_PATH = '/thu/ngung-nhan';

/**
 * The sender: claims due messages, renders and sends each, records what the server said. A
 * message is claimed before it is sent and recorded right after, so a sender that dies loses
 * nothing (the claim lapses and another sender takes it) and repeats at most the one message it
 * was sending when it died (with the same Message-ID).
 */
export function createMailer(options: MailerOptions) {
	const { db, transport, clock } = options;
	const batchSize = options.batchSize ?? 20;
	const leaseMs = options.leaseMs ?? LEASE_MS;
	let stopping = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running: Promise<unknown> = Promise.resolve();
	let jobsRanAt = 0;

	async function compose(row: OutboxRow, now: Date) {
		const template = templates[row.kind];
		if (!template) throw new Error(`Không có mẫu thư “${row.kind}”.`);
		let secretUrl: string | null = null;
		if (template.secret) {
			if (!row.userId) throw new Error('Tài khoản nhận thư không còn tồn tại.');
			const path = await options.mintLink(
				db,
				{ userId: row.userId, purpose: template.secret, address: row.toAddress },
				now
			);
			secretUrl = new URL(path, options.origin).toString();
		}
		const url = (path: string) => new URL(path, options.origin).toString();
		const body = template.render(row.data, { url, secretUrl });
		const topic = row.data.topic as MailTopic | undefined;
		const optOut = topic
			? url(`${OPT_OUT_PATH}?ma=${optOutCode(await antiAbuseKey(db), row.toAddress, topic)}`)
			: null;
		const footer = optOut
			? [
					{ text: 'Ngừng nhận loại thư này', href: optOut },
					{ text: 'Chọn loại thư muốn nhận', href: url('/tai-khoan#thu') }
				]
			: [{ text: 'Thư tự động, vui lòng không trả lời thư này.' }];
		const rendered = renderBody(body, footer);
		const headers: Record<string, string> = optOut
			? { 'List-Unsubscribe': `<${optOut}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
			: {};
		return { rendered, headers, secretUrl };
	}

	/** What the outbox keeps of a sent message: its single-use link masked, unless it is the delivery. */
	function kept(rendered: Rendered, secretUrl: string | null): Rendered {
		if (!secretUrl || transport.mode === 'kept') return rendered;
		const mask = (s: string) => s.replaceAll(secretUrl, MASKED);
		return { subject: rendered.subject, text: mask(rendered.text), html: mask(rendered.html) };
	}

	async function deliver(row: OutboxRow) {
		const now = clock();
		try {
			const { rendered, headers, secretUrl } = await compose(row, now);
			const reply = await transport.send({
				from: options.from,
				to: row.toAddress,
				messageId: row.messageId,
				headers,
				...rendered
			});
			await recordSent(
				db,
				row,
				{
					status: transport.mode === 'smtp' ? 'delivered' : 'kept',
					reply,
					...kept(rendered, secretUrl)
				},
				clock()
			);
		} catch (error) {
			const failure = error as Error & { responseCode?: number; code?: string; response?: string };
			const permanent = isPermanent(failure) || row.attempts >= MAX_ATTEMPTS;
			const reply = [failure.code, failure.response ?? failure.message].filter(Boolean).join(': ');
			await recordFailure(
				db,
				row,
				{ reply, retryAt: permanent ? null : new Date(now.getTime() + retryDelayMs(row.attempts)) },
				now
			);
		}
	}

	async function runJobs(now: Date) {
		if (!options.jobs?.length || now.getTime() - jobsRanAt < 60_000) return;
		jobsRanAt = now.getTime();
		for (const job of options.jobs) {
			try {
				await job(db, now);
			} catch (error) {
				options.onError?.(error);
			}
		}
	}

	/** One pass: claims a batch and sends it. Returns how many messages it handled. */
	async function deliverDue(): Promise<number> {
		const now = clock();
		await runJobs(now);
		const rows = await claimDue(db, now, leaseMs, batchSize);
		let handled = 0;
		for (const row of rows) {
			// A stop between messages hands the rest back at once instead of after the lease.
			if (stopping) {
				await releaseClaim(db, row);
				continue;
			}
			await deliver(row);
			handled++;
		}
		return handled;
	}

	async function loop() {
		timer = null;
		let full = false;
		try {
			full = (await deliverDue()) >= batchSize;
		} catch (error) {
			options.onError?.(error);
		}
		if (!stopping)
			timer = setTimeout(
				() => {
					running = loop();
				},
				full ? 0 : (options.intervalMs ?? 2000)
			);
	}

	return {
		deliverDue,
		start() {
			stopping = false;
			running = loop();
		},
		/** Finishes the message in hand, hands the rest of the batch back, and stops. */
		async stop() {
			stopping = true;
			if (timer) clearTimeout(timer);
			await running;
			transport.close();
		}
	};
}

export type Mailer = ReturnType<typeof createMailer>;
