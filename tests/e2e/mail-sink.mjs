#!/usr/bin/env node
// A real SMTP server for the e2e run: the app servers send to it (SMTP_URL), and tests read what
// it received, parsed as a mail client reads it, from a small JSON endpoint:
//   GET /messages?to=<address>  → [{ to, subject, text, html, messageId }], oldest first.
// Ports: MAIL_SINK_SMTP_PORT and MAIL_SINK_HTTP_PORT, on 127.0.0.1 only.
import { simpleParser } from 'mailparser';
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

const smtpPort = Number(process.env.MAIL_SINK_SMTP_PORT);
const httpPort = Number(process.env.MAIL_SINK_HTTP_PORT);
const received = [];

const smtp = new SMTPServer({
	authOptional: true,
	disabledCommands: ['STARTTLS'],
	logger: false,
	onData(stream, _session, done) {
		simpleParser(stream)
			.then((mail) => {
				received.push({
					to: (mail.to && !Array.isArray(mail.to) ? mail.to.value : []).map((a) =>
						(a.address ?? '').toLowerCase()
					),
					subject: mail.subject ?? '',
					text: mail.text ?? '',
					html: typeof mail.html === 'string' ? mail.html : '',
					messageId: mail.messageId ?? ''
				});
				done();
			})
			.catch(done);
	}
});
smtp.listen(smtpPort, '127.0.0.1');

createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	if (url.pathname === '/healthz') return res.end('ok');
	if (url.pathname !== '/messages') {
		res.statusCode = 404;
		return res.end();
	}
	const to = url.searchParams.get('to')?.toLowerCase();
	res.setHeader('content-type', 'application/json');
	res.end(JSON.stringify(to ? received.filter((m) => m.to.includes(to)) : received));
}).listen(httpPort, '127.0.0.1', () =>
	console.log(
		`mail-sink: SMTP 127.0.0.1:${smtpPort}, messages at http://127.0.0.1:${httpPort}/messages`
	)
);

const stop = () => {
	smtp.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
