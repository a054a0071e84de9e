import { describe, expect, it } from 'vitest';
import { auditActionLabels } from '../../src/lib/shared/labels';
import { AREAS } from '../../eslint/seals.js';
import { registeredUseCases } from '../../src/lib/server/usecase';

// Every use case declares, by type and at definition, how it is authorised or why it is public;
// this pins the declarations themselves: a public reason says something, an audited change has
// its Vietnamese label.

const entries = import.meta.glob('../../src/lib/server/*/index.ts');
await Promise.all(Object.values(entries).map((load) => load()));
const useCases = registeredUseCases();

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

// The runner is the one place that opens a use case's transaction and writes its audit entry.
// The transactions left in areas are savepoints and group commits, each explained where it is.
describe('transactions and audit entries are written once', () => {
	const areaSources = Object.entries(
		import.meta.glob('../../src/lib/server/*/*.ts', {
			query: '?raw',
			import: 'default',
			eager: true
		})
	).filter(
		([path]) => !path.endsWith('.test.ts') && AREAS.some((a) => path.includes(`/server/${a}/`))
	);
	const OWN_TRANSACTIONS = [
		'auth/account-link-use-cases.ts',
		'auth/service.ts',
		'contests/access.ts',
		'contests/registration.ts',
		'contests/submit-batcher.ts',
		'live/players.ts',
		'voting/ballot-writes.ts'
	];

	it('reads the areas', () => expect(areaSources.length).toBeGreaterThan(50));

	for (const [path, text] of areaSources) {
		const name = path.split('/server/')[1]!;
		it(`${name} leaves audit and transaction to the runner`, () => {
			if (!name.startsWith('audit/')) expect(String(text)).not.toMatch(/writeAudit\(/);
			if (!OWN_TRANSACTIONS.includes(name)) expect(String(text)).not.toMatch(/\.transaction\(/);
		});
	}

	// Issue 18's irreversible steps: each asks first, saying who and how many (award decisions
	// have their own preview step, pinned in awards' confirm tests).
	it.each([
		'judging.submit',
		'nomination.submit',
		'nomination.forward',
		'nomination.accept',
		'nomination.reject',
		'judging.open',
		'contest.winners_publish',
		'live.end'
	])('%s asks for a confirmation before it writes', (name) => {
		const useCase = useCases.find((u) => u.spec.name === name);
		expect(useCase, name).toBeDefined();
		expect(typeof useCase!.spec.confirm).toBe('function');
	});
});
