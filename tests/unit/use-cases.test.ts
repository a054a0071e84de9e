import { describe, expect, it } from 'vitest';
import { auditActionLabels } from '../../src/lib/shared/labels';
import { AREAS } from '../../eslint/seals.js';
import { registeredUseCases } from '../../src/lib/server/usecase';

// Every use case declares, by type and at definition, how it is authorised or why it is public;
// this pins the declarations themselves: a public reason says something, an audited change has
// its Vietnamese label.

const entries = import.meta.glob('../../src/lib/server/*/index.ts');
await Promise.all(Object.values(entries).map((load) => load()));
const useCases = [...registeredUseCases().values()];

describe('use cases', () => {
	it('are found in every area that writes', () => {
		expect(Object.keys(entries).length).toBeGreaterThanOrEqual(AREAS.length - 2);
		expect(useCases.length).toBeGreaterThan(5);
	});

	for (const useCase of useCases) {
		const { name, authorize, public: reason } = useCase.spec;
		it(`${name} declares its authorisation or a public reason`, () => {
			expect(typeof authorize === 'function' || (reason?.trim().length ?? 0) > 20).toBe(true);
			expect(authorize && reason).toBeFalsy();
		});
		it(`${name} has an audit label`, () => {
			expect(auditActionLabels[name as keyof typeof auditActionLabels], name).toBeTruthy();
		});
	}
});
