import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { endpoints, route } from './endpoints';
import { openApiDocument } from './openapi';

describe('the OpenAPI document', () => {
	it('is a valid OpenAPI 3.1 document', async () => {
		const result = await new Validator().validate(openApiDocument());
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
	});

	it('describes each endpoint of the table, and its parameters route to it', () => {
		const document = openApiDocument();
		expect(Object.keys(document.paths)).toEqual(endpoints.map((e) => `/api/v1${e.path}`));
		for (const e of endpoints) {
			const concrete = e.path.replace('{code}', 'ABCD-1234').replace(/\{\w+\}/g, '7');
			expect(route(concrete)?.endpoint).toBe(e);
		}
		expect(route('/dot/0')).toBeNull();
		expect(route('/dot/abc')).toBeNull();
		expect(route('/dot/1/2')).toBeNull();
	});
});
