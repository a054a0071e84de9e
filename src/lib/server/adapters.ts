/**
 * Use cases over HTTP. A form action and a JSON endpoint are thin adapters of the same use case
 * value: they gather its input from the request and map its refusals, one helper per transport.
 */
import { fail, json, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { formRecord } from '$lib/schemas/form';
import { DomainError } from './errors';
import type { Ctx } from './context';
import { ctxOf, type FormFailure } from './http';
import type { Confirmation, UseCase } from './usecase';

/** Any route's request event: adapters read only what every event has. */
type Event = Omit<RequestEvent, 'params' | 'route'> & { params: Record<string, string> };

export interface FormAdapter<R, E extends Event, D = unknown> {
	/** The use case's input from the form's fields and the route (default: the fields alone). */
	input?: (fields: Record<string, unknown>, event: E) => unknown | Promise<unknown>;
	/** What the action answers on success: `redirect(…)` here, or data for the page. */
	done?: (result: R, event: E, values: Record<string, string>, raw: Record<string, unknown>) => D;
	/** Extra data merged into a refusal (which form on the page failed, say). */
	failure?: (event: E, raw: Record<string, unknown>) => object;
	/** The use case's context (default `ctxOf`): contest play adds the guest's cookie token. */
	ctx?: (event: E) => Ctx;
}

/** The usual input: the form's fields and the route's parameters (`[id=id]` gives `id`). */
export const fieldsAndParams = (fields: Record<string, unknown>, event: Event) => ({
	...fields,
	...event.params
});

/** A form action that runs one use case and shows its refusal field by field. */
export function formAction<I, R, L, E extends Event = Event, D = { ok: true }>(
	useCase: UseCase<I, R, L>,
	adapter: FormAdapter<R, E, D> = {}
) {
	// Typed by what `done` answers, so a page's `form` sees its success data and the refusal.
	return async (event: E): Promise<ActionFailure<FormFailure> | Awaited<D>> => {
		let fields: { raw: Record<string, unknown>; values: Record<string, string> };
		try {
			fields = await readFields(await event.request.formData());
		} catch {
			return fail(400, {
				message: 'Dữ liệu gửi lên không hợp lệ.',
				errors: {},
				values: {},
				...adapter.failure?.(event, {})
			} satisfies FormFailure);
		}
		let result: R;
		try {
			const confirmed = takeConfirmed(fields.raw);
			const input = adapter.input ? await adapter.input(fields.raw, event) : fields.raw;
			const ctx = (adapter.ctx ?? ctxOf)(event);
			if (!confirmed) {
				const asked = await askFirst(useCase, ctx, input, event, fields);
				if (asked) return asked;
			}
			result = await useCase(ctx, input as I);
		} catch (error) {
			if (!(error instanceof DomainError)) throw error;
			return fail(error.status, {
				message: error.message,
				errors: error.fieldErrors,
				values: fields.values,
				...adapter.failure?.(event, fields.raw)
			} satisfies FormFailure);
		}
		return adapter.done
			? await adapter.done(result, event, fields.values, fields.raw)
			: ({ ok: true } as Awaited<D>);
	};
}

/** The hidden field the confirmation step adds to the fields it posts again. */
export const CONFIRMED_FIELD = 'confirmed';

/** Whether the form carries the confirmation; the field is removed so no schema sees it. */
export function takeConfirmed(raw: Record<string, unknown>): boolean {
	const confirmed = [raw[CONFIRMED_FIELD]].flat().includes('1');
	delete raw[CONFIRMED_FIELD];
	return confirmed;
}

/** What the page's confirmation step shows and posts again (see `ConfirmStep.svelte`). */
export interface ConfirmRequest extends Confirmation {
	/** The action's address as posted (`?/open`), so the step posts to the same action. */
	action: string;
	/** Where "Huỷ" leads: the same page, without the action. */
	cancel: string;
	/** The submitted text fields, repeated ones too, to be posted again. */
	fields: [string, string][];
}

/** The submission's text fields as sent, repeated ones too (never a password). */
export function submittedFields(raw: Record<string, unknown>, skip: readonly string[] = []) {
	return Object.entries(raw).flatMap(([key, value]) =>
		skip.includes(key) || /password/i.test(key)
			? []
			: [value].flat().flatMap((v) => (typeof v === 'string' ? [[key, v] as [string, string]] : []))
	);
}

/**
 * Before an irreversible write: a 409 carrying what will happen, so the page shows the
 * confirmation step instead of writing; null when this input needs none. Refusals throw as the
 * write's would (a confirmation is not an authorisation: the write checks again).
 */
export async function askFirst(
	useCase: UseCase<unknown, unknown>,
	ctx: Ctx,
	input: unknown,
	event: Pick<Event, 'url'>,
	fields: { raw: Record<string, unknown>; values: Record<string, string> }
): Promise<ActionFailure<FormFailure & { confirm: ConfirmRequest }> | null> {
	const confirmation = await useCase.confirmation(ctx, input);
	if (!confirmation) return null;
	const cancel = new URLSearchParams(event.url.search);
	for (const key of [...cancel.keys()]) if (key.startsWith('/')) cancel.delete(key);
	const query = cancel.toString();
	return fail(409, {
		message: '',
		errors: {},
		values: fields.values,
		confirm: {
			...confirmation,
			action: event.url.search,
			cancel: event.url.pathname + (query ? `?${query}` : ''),
			fields: submittedFields(fields.raw)
		}
	});
}

/** The form's fields; a chosen file arrives as its name and bytes, an empty file input as absent. */
async function readFields(form: FormData) {
	const fields = formRecord(form);
	for (const [key, value] of Object.entries(fields.raw)) {
		if (!(value instanceof File)) continue;
		if (value.size === 0) delete fields.raw[key];
		else fields.raw[key] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
	}
	return fields;
}

export interface JsonAdapter<R, E extends Event> {
	/** The use case's input from the request (its body is read here, once). */
	input: (event: E) => unknown | Promise<unknown>;
	/** The success reply (default: the result as JSON, 200). */
	done?: (result: R, event: E) => Response;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** A JSON endpoint that runs one use case; a refusal is `{ message, errors }` with its status. */
export function jsonAction<I, R, L, E extends Event = Event>(
	useCase: UseCase<I, R, L>,
	adapter: JsonAdapter<R, E>
) {
	return async (event: E): Promise<Response> => {
		try {
			const result = await useCase(ctxOf(event), (await adapter.input(event)) as I);
			return adapter.done ? adapter.done(result, event) : json(result, { headers: NO_STORE });
		} catch (error) {
			if (!(error instanceof DomainError)) throw error;
			return json(
				{ message: error.message, errors: error.fieldErrors },
				{ status: error.status, headers: NO_STORE }
			);
		}
	};
}

/** A JSON body, or a 400 refusal in Vietnamese when it is not JSON. */
export async function jsonBody(event: Pick<RequestEvent, 'request'>): Promise<unknown> {
	try {
		return await event.request.json();
	} catch {
		throw new DomainError(400, 'Dữ liệu gửi lên không hợp lệ.');
	}
}
