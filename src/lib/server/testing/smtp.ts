import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (the `smtp-server` package) that keeps every message it
 * accepts, parsed by `mailparser` the way a mail client reads it. `refuse` makes it answer the
 * next messages with an error code, as a real server refusing an address does.
 */
export async function startSmtpSink(host = '127.0.0.1') {
	const received: ParsedMail[] = [];
	const waiters: (() => void)[] = [];
	let refusals: { code: number; message: string }[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, done) {
			const refusal = refusals.shift();
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (refusal) {
					done(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
					return;
				}
				simpleParser(Buffer.concat(chunks))
					.then((mail) => {
						received.push(mail);
						for (const wake of waiters.splice(0)) wake();
						done();
					})
					.catch(done);
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://${host}:${port}`,
		port,
		received,
		refuse(count: number, code = 550, message = 'Không có hộp thư này') {
			refusals = Array.from({ length: count }, () => ({ code, message }));
		},
		/** Resolves once `n` messages have arrived (or rejects after `ms`). */
		async waitFor(n: number, ms = 10_000) {
			const deadline = Date.now() + ms;
			while (received.length < n) {
				if (Date.now() > deadline)
					throw new Error(`expected ${n} messages, got ${received.length}`);
				await new Promise<void>((resolve) => {
					waiters.push(resolve);
					setTimeout(resolve, 100);
				});
			}
			return received;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** Links in a message's plain text (the part every client shows). */
export function linksIn(mail: ParsedMail): string[] {
	return [...(mail.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
}
