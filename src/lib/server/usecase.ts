/**
 * A use case is one value: its name (the audit action), its input schema, what it loads, how it
 * is authorised against what it loaded (or why it is public), what it does, what it audits and
 * what it publishes after commit. `execute` is the one runner: routes, endpoints, node routes,
 * scripts and tests all go through it, so no use case writes its own transaction or audit entry.
 */
import type { z } from 'zod';
import { issuesByField } from '$lib/schemas/form';
import { writeAudit } from './audit/repo';
import type { Actor } from './auth/actor';
import { can, requireActor, type Action, type Resource } from './auth/policy';
import type { Ctx } from './context';
import type { Db } from './db/client';
import { forbidden, invalid, notFound } from './errors';
import { publishEvents, type DomainEvent } from './realtime/events';

/** One policy question: may the actor do `action` to `resource`? */
export interface Check {
	action: Action;
	resource: Resource;
	/** Refuse as "not found" with this message, so the resource's existence is not revealed. */
	hidden?: string;
}

/** What a use case's steps see: the context with `db` bound to the use case's transaction. */
export interface Scope<Who extends Actor | null = Actor | null> extends Ctx {
	actor: Who;
}

/** An audit entry without the parts the runner knows (who, which action). */
export interface AuditRecord {
	/** Who acted, when not the signed-in actor: a registration is acted by the account it made. */
	actorId?: number | null;
	entityType: string;
	entityId?: string | number | null;
	unitPath?: string | null;
	before?: unknown;
	after?: unknown;
}

/**
 * What a person is told before an irreversible or many-record write: a title and what will
 * happen (who, how many), read from the database when asked.
 */
export interface Confirmation {
	title: string;
	summary: string;
	/** Further lines (the names concerned, a consequence worth its own line). */
	details?: readonly string[];
}

interface Steps<I, L, R, O, Who extends Actor | null> {
	/** The audit action and the use case's name in logs and tests, e.g. `unit.create`. */
	name: string;
	/** Parses what any adapter passes in; it must accept its own output (tests pass typed input). */
	input: z.ZodType<I, unknown>;
	/** Reads what the use case acts on, inside its transaction. Throw `notFound` when absent. */
	load?: (scope: Scope<Who>, input: I) => Promise<L>;
	run: (scope: Scope<Who>, input: I, loaded: L) => Promise<R>;
	/** The audit entries of a successful run (written in the same transaction). */
	audit?: (result: R, input: I, loaded: L) => AuditRecord | readonly AuditRecord[] | null;
	/** Events published after commit, so listeners read committed state. */
	events?: (result: R, input: I, loaded: L) => readonly DomainEvent[];
	/**
	 * Form adapters ask this before running the write, and run it only once the person has
	 * confirmed (null: this input needs no confirmation, e.g. a draft saved). Reads only.
	 */
	confirm?: (scope: Scope<Who>, input: I, loaded: L) => Promise<Confirmation | null>;
	/** What callers get, when the run returns more for the audit than callers need. */
	present?: (result: R) => O;
	/**
	 * Hot paths that commit through their own batching (group commit) say why here; everything
	 * else runs in one transaction opened by the runner.
	 */
	ownTransaction?: string;
}

/** Authorised use cases need a signed-in actor; the policy answers against what was loaded. */
export interface AuthorisedSteps<I, L, R, O = R> extends Steps<I, L, R, O, Actor> {
	authorize: (actor: Actor, loaded: L, input: I) => Check | readonly Check[];
	public?: never;
}

/** Public use cases (a vote, a guest's answer) state why no policy check applies. */
export interface PublicSteps<I, L, R, O = R> extends Steps<I, L, R, O, Actor | null> {
	public: string;
	authorize?: never;
}

export type UseCaseSpec<I, L, R, O = R> = AuthorisedSteps<I, L, R, O> | PublicSteps<I, L, R, O>;

/** What a use case declares about access, for adapters and the authorization test. */
export interface Declared {
	name: string;
	public?: string;
	authorize?: unknown;
	confirm?: unknown;
}

/** A use case: callable as `useCase(ctx, input)`, with its declaration attached. */
export type UseCase<I, O, L = unknown> = ((
	ctx: Ctx,
	input: z.input<z.ZodType<I>> | I
) => Promise<O>) & {
	readonly spec: Declared;
	readonly useCaseName: string;
	/** What the person must confirm before this input is run, or null (see `confirmationOf`). */
	readonly confirmation: (ctx: Ctx, input: unknown) => Promise<Confirmation | null>;
	/** Phantom: what it loads, so adapters keep the type of the value they were given. */
	readonly loads?: L;
};

// Several use cases may share a name: it is the audit action they write (approving one question
// or many is `question.approve`).
const registry: UseCase<unknown, unknown>[] = [];

/** Every use case defined so far, by name (the authorization test walks them). */
export function registeredUseCases(): readonly UseCase<unknown, unknown>[] {
	return registry;
}

export function defineUseCase<I, L = undefined, R = void, O = R>(
	spec: UseCaseSpec<I, L, R, O>
): UseCase<I, O, L> {
	if (!('authorize' in spec && spec.authorize) && !('public' in spec && spec.public?.trim())) {
		throw new Error(`Use case ${spec.name} declares neither its authorisation nor a public reason`);
	}
	const useCase = Object.assign((ctx: Ctx, input: unknown) => execute(spec, ctx, input), {
		spec,
		useCaseName: spec.name,
		confirmation: (ctx: Ctx, input: unknown) => confirmationOf(spec, ctx, input)
	}) as UseCase<I, O, L>;
	registry.push(useCase as UseCase<unknown, unknown>);
	return useCase;
}

export const CHECK_FIELDS = 'Vui lòng kiểm tra lại các trường được đánh dấu.';

function parseInput<I>(schema: z.ZodType<I, unknown>, raw: unknown): I {
	const parsed = schema.safeParse(raw);
	if (!parsed.success) throw invalid(CHECK_FIELDS, issuesByField(parsed.error.issues));
	return parsed.data;
}

function enforce(actor: Actor, checks: Check | readonly Check[]) {
	for (const check of Array.isArray(checks) ? checks : [checks as Check]) {
		if (can(actor, check.action, check.resource)) continue;
		throw check.hidden ? notFound(check.hidden) : forbidden();
	}
}

/** The runner: parse, transaction, load, authorise, run, audit; then publish after commit. */
export async function execute<I, L, R, O>(
	spec: UseCaseSpec<I, L, R, O>,
	ctx: Ctx,
	raw: unknown
): Promise<O> {
	// Sign-in is asked before anything is read, as every service did by hand.
	const actor = spec.authorize ? requireActor(ctx) : ctx.actor;
	const input = parseInput(spec.input, raw);
	const body = async (db: Db) => {
		const scope = { ...ctx, db, actor } as Scope<Actor>;
		const loaded = (spec.load ? await spec.load(scope, input) : undefined) as L;
		if (spec.authorize) enforce(actor!, spec.authorize(actor!, loaded, input));
		const result = await spec.run(scope, input, loaded);
		const entries = spec.audit?.(result, input, loaded);
		for (const entry of entries == null ? [] : Array.isArray(entries) ? entries : [entries]) {
			await writeAudit(db, {
				actorId: actor?.id ?? null,
				action: spec.name,
				...(entry as AuditRecord)
			});
		}
		return { result, events: spec.events?.(result, input, loaded) ?? [] };
	};
	const { result, events } = spec.ownTransaction
		? await body(ctx.db)
		: await ctx.db.transaction(body);
	await publishEvents(ctx.db, events);
	return spec.present ? spec.present(result) : (result as unknown as O);
}

/**
 * The confirmation a write needs, asked as the write would be (sign-in, input, load, policy),
 * so nobody learns counts they could not act on; the step itself only reads.
 */
export async function confirmationOf<I, L, R, O>(
	spec: UseCaseSpec<I, L, R, O>,
	ctx: Ctx,
	raw: unknown
): Promise<Confirmation | null> {
	if (!spec.confirm) return null;
	const actor = spec.authorize ? requireActor(ctx) : ctx.actor;
	const input = parseInput(spec.input, raw);
	const ask = async (db: Db) => {
		const scope = { ...ctx, db, actor } as Scope<Actor>;
		const loaded = (spec.load ? await spec.load(scope, input) : undefined) as L;
		if (spec.authorize) enforce(actor!, spec.authorize(actor!, loaded, input));
		return spec.confirm!(scope, input, loaded);
	};
	return spec.ownTransaction ? ask(ctx.db) : ctx.db.transaction(ask);
}

/** For reads: the same policy check a use case declares, for a query that writes nothing. */
export function authorizeRead(ctx: Ctx, checks: (actor: Actor) => Check | readonly Check[]): Actor {
	const actor = requireActor(ctx);
	enforce(actor, checks(actor));
	return actor;
}
