import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './redirect';

describe('safeRedirectPath', () => {
	it('keeps same-site paths and refuses the rest', () => {
		expect(safeRedirectPath('/quan-tri/don-vi?q=a')).toBe('/quan-tri/don-vi?q=a');
		expect(safeRedirectPath('//evil.example/x')).toBe('/');
		expect(safeRedirectPath('/\\evil.example')).toBe('/');
		expect(safeRedirectPath('https://evil.example')).toBe('/');
		expect(safeRedirectPath(undefined, '/tai-khoan')).toBe('/tai-khoan');
		expect(safeRedirectPath('/a\r\nSet-Cookie: x=1')).toBe('/');
	});
});
