/**
 * The notifications area's public entry: telling people what changed for them, in the app and
 * by e-mail. Other areas call `notify` or `enqueueMail` inside their use case's transaction and
 * never a mailer: the outbox row exists exactly when the change does, and the sender (started by
 * the server) delivers it after commit.
 */
export * from './service';
export * from './outbox-use-cases';
export * from './preferences';
export { notify, type Notice } from './notices';
export { lastMailQueuedAt, withdrawPendingMail } from './account-mail';
export {
	enqueueMail,
	normalAddress,
	outboxBacklog,
	setTopicOff,
	topicsTurnedOff,
	type NewMail
} from './outbox';
export { createMailer, OPT_OUT_PATH, type Mailer, type MintLink } from './sender';
export { keptTransport, smtpTransport, type MailTransport } from './transport';
export { DIGEST_HOLD_MS, readOptOutCode } from './rules';
