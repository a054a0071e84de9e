// Structured logs: one JSON object per line on stdout (pino), for journald, Loki or any shipper.
// Every line written while a request is served carries its request id (`reqId`), wherever in
// the code it is written: the id rides in an AsyncLocalStorage that the request's handle opens.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';
import { readConfig, type LogLevel } from './config';
import { coalescedStdout } from './log-stream';

/**
 * Field names whose values never reach a log: secrets, session material and personal numbers.
 * Each is censored at the top level and up to three levels down (`{ user: { phone } }`,
 * `{ input: { player: { idNumber } } }`).
 */
const SECRET_KEYS = [
	'password',
	'passwords',
	'passwordConfirm',
	'currentPassword',
	'newPassword',
	'passwordHash',
	'token',
	'tokenHash',
	'guestTokenHash',
	'secret',
	'cookie',
	'cookies',
	'authorization',
	'set-cookie',
	'phone',
	'idNumber',
	'databaseUrl',
	'smtpUrl',
	'metricsToken'
];

const path = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [
	path(key).replace(/^\./, ''),
	`*${path(key)}`,
	`*.*${path(key)}`,
	`*.*.*${path(key)}`
]);

interface RequestContext {
	reqId: string;
}
const requestContext = new AsyncLocalStorage<RequestContext>();

/** A logger writing to `destination` (stdout when not given). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
	return pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			redact: { paths: REDACTED_PATHS },
			// The request being served, if any: every line of one request shares its id.
			mixin: () => {
				const context = requestContext.getStore();
				return context ? { reqId: context.reqId } : {};
			}
		},
		destination
	);
}

let shared: Logger | null = null;

/** The process's logger, at LOG_LEVEL. */
export function log(): Logger {
	// One system call per turn of the event loop for a burst of lines, not one per request.
	return (shared ??= createLogger(readConfig().logLevel, coalescedStdout()));
}

/** Tests swap the process's logger for one writing where they read. */
export function setLogger(logger: Logger | null) {
	shared = logger;
	lean.clear();
}

const lean = new Map<Logger, Logger>();

/**
 * The same logger without redaction, for the one line every request writes, whose fields are
 * fixed and hold no secret: walking the redaction's wildcard paths cost about 70 µs a line, a
 * tenth of a vote's server time (measured with `npm run bench:voting`).
 */
export function requestLog(): Logger {
	const logger = log();
	let child = lean.get(logger);
	if (!child) lean.set(logger, (child = logger.child({}, { redact: [] })));
	return child;
}

/**
 * The incoming `x-request-id` when a proxy set a sane one (nginx's `$request_id` is 32 hex
 * digits), else a new one: a header cannot put a line break or a kilobyte into every line.
 */
export function requestIdFrom(incoming: string | null | undefined): string {
	return incoming && /^[\w.:-]{8,64}$/.test(incoming) ? incoming : randomUUID();
}

/** Runs `work` with `reqId` on every line it logs, through awaits and callbacks alike. */
export function withRequestId<T>(reqId: string, work: () => T): T {
	return requestContext.run({ reqId }, work);
}

/** The request id of the request being served, if any. */
export function currentRequestId(): string | undefined {
	return requestContext.getStore()?.reqId;
}
