import { describe, expect, it } from 'vitest';
import { formRecord } from '$lib/schemas/form';
import { askFirst, takeConfirmed } from './adapters';
import type { Ctx } from './context';
import type { UseCase } from './usecase';

/** A use case that only answers its confirmation (the step never runs the write). */
const asking = (summary: string | null) =>
	({
		confirmation: async () => (summary ? { title: 'Xác nhận?', summary } : null)
	}) as unknown as UseCase<unknown, unknown>;

const ctx = {} as Ctx;

function submitted(entries: [string, string][]) {
	const form = new FormData();
	for (const [key, value] of entries) form.append(key, value);
	return formRecord(form);
}

describe('the confirmation step of a form action', () => {
	it('posts every field again to the same action, and Huỷ returns to the page as it was', async () => {
		const fields = submitted([
			['nominationIds', '3'],
			['nominationIds', '5'],
			['reason', 'Khai sai'],
			['newPassword', 'bí mật']
		]);
		const url = new URL('http://localhost/quan-tri/khen-thuong/moi?dot=3&/campaign');
		const asked = await askFirst(asking('Ba người.'), ctx, {}, { url }, fields);
		expect(asked!.status).toBe(409);
		expect(asked!.data.confirm).toEqual({
			title: 'Xác nhận?',
			summary: 'Ba người.',
			action: '?dot=3&/campaign',
			cancel: '/quan-tri/khen-thuong/moi?dot=3',
			// Repeated fields stay repeated; a password is never written into the page.
			fields: [
				['nominationIds', '3'],
				['nominationIds', '5'],
				['reason', 'Khai sai']
			]
		});
	});

	it('asks nothing when the input needs no step', async () => {
		const url = new URL('http://localhost/cham-diem/4?/score');
		expect(await askFirst(asking(null), ctx, {}, { url }, submitted([]))).toBeNull();
	});

	it('takes the confirmation out of the fields, so no schema sees it', () => {
		const { raw } = submitted([
			['id', '7'],
			['confirmed', '1']
		]);
		expect(takeConfirmed(raw)).toBe(true);
		expect(raw).toEqual({ id: '7' });
		expect(takeConfirmed(submitted([['confirmed', 'yes']]).raw)).toBe(false);
	});
});
