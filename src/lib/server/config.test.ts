import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('the origins a server answers at', () => {
	it('is ORIGIN first, then EXTRA_ORIGINS reduced to their origins', () => {
		const config = readConfig({
			ORIGIN: 'https://guongsang.vn',
			EXTRA_ORIGINS: ' https://www.guongsang.vn/ , http://192.168.1.23:3000/choi,'
		});
		expect(config.origin).toBe('https://guongsang.vn');
		expect(config.origins).toEqual([
			'https://guongsang.vn',
			'https://www.guongsang.vn',
			'http://192.168.1.23:3000'
		]);
		expect(readConfig({ PORT: '8080' }).origins).toEqual(['http://localhost:8080']);
	});

	it('stops the start on an address that is not http(s)', () => {
		expect(() => readConfig({ EXTRA_ORIGINS: 'guongsang.vn' })).toThrow(
			"EXTRA_ORIGINS: 'guongsang.vn' không phải địa chỉ http(s)://máy[:cổng]"
		);
		expect(() => readConfig({ EXTRA_ORIGINS: 'ftp://guongsang.vn' })).toThrow('EXTRA_ORIGINS');
	});
});
