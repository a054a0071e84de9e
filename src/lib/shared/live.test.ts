import { describe, expect, it } from 'vitest';
import { phoneMe } from './live';

describe("a phone's own status across frames", () => {
	const page = { status: 'active' };

	it('comes with the first frame, and a frame without it keeps the last one', () => {
		const eliminated = { status: 'eliminated' };
		const first = { me: phoneMe({ me: eliminated }, null, page) };
		expect(first.me).toBe(eliminated);
		expect(phoneMe({}, first, page)).toBe(eliminated);
		expect(phoneMe({}, null, page)).toBe(page);
	});

	it('stays out once kicked: an unchanged null is not the page’s old status', () => {
		const kicked = { me: phoneMe<{ status: string }>({ me: null }, { me: page }, page) };
		expect(kicked.me).toBeNull();
		expect(phoneMe({}, kicked, page)).toBeNull();
	});
});
