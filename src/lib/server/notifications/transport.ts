import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

/** A message as it leaves us. */
export interface OutgoingMail {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
}

/** Where messages go: an SMTP server, or (none configured) the outbox itself. */
export interface MailTransport {
	readonly mode: 'smtp' | 'kept';
	/** Resolves with the server's reply; rejects with nodemailer's error (with `responseCode`). */
	send(mail: OutgoingMail): Promise<string>;
	close(): void;
}

/**
 * SMTP through nodemailer. Short timeouts: a server that does not answer costs a sender a few
 * seconds per message, never a user's request (users only write to the outbox).
 */
export function smtpTransport(url: string): MailTransport {
	const transporter = nodemailer.createTransport({
		...parseConnectionUrl(url),
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 20_000
	});
	return {
		mode: 'smtp',
		async send(mail) {
			const info = await transporter.sendMail({ ...mail, headers: mail.headers });
			return String(info.response ?? '');
		},
		close: () => transporter.close()
	};
}

/** No mail server: a message is kept in the outbox (and printed, in a demo) for an administrator. */
export function keptTransport(print?: (line: string) => void): MailTransport {
	return {
		mode: 'kept',
		async send(mail) {
			print?.(
				`\n── Thư (chưa cấu hình SMTP_URL, lưu tại trang Thư đi) ──\nTới: ${mail.to}\nTiêu đề: ${mail.subject}\n\n${mail.text}\n`
			);
			return 'Lưu tại máy: chưa cấu hình máy chủ thư (SMTP_URL).';
		},
		close: () => {}
	};
}
