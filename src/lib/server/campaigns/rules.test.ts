import { describe, expect, it } from 'vitest';
import {
	categoryChangeProblem,
	currentStage,
	isOpen,
	screeningWindow,
	timelineProblems,
	type Phase
} from './rules';

const d = (iso: string) => new Date(iso);
const phases: Phase[] = [
	{ kind: 'nomination', startsAt: d('2026-03-01T00:00:00Z'), endsAt: d('2026-04-01T00:00:00Z') },
	{ kind: 'screening', startsAt: d('2026-04-01T00:00:00Z'), endsAt: d('2026-04-15T00:00:00Z') },
	{ kind: 'results', startsAt: d('2026-05-01T00:00:00Z'), endsAt: d('2026-05-02T00:00:00Z') }
];

describe('phases', () => {
	it('is open from its start up to, not including, its end', () => {
		const nomination = phases[0];
		expect(isOpen(nomination, d('2026-02-28T23:59:59.999Z'))).toBe(false);
		expect(isOpen(nomination, d('2026-03-01T00:00:00Z'))).toBe(true);
		expect(isOpen(nomination, d('2026-03-31T23:59:59.999Z'))).toBe(true);
		expect(isOpen(nomination, d('2026-04-01T00:00:00Z'))).toBe(false);
		expect(isOpen(undefined, d('2026-03-10T00:00:00Z'))).toBe(false);
	});

	it('names the current stage', () => {
		expect(currentStage(phases, d('2026-01-01T00:00:00Z')).kind).toBe('before');
		expect(currentStage(phases, d('2026-03-10T00:00:00Z')).kind).toBe('nomination');
		expect(currentStage(phases, d('2026-04-20T00:00:00Z')).kind).toBe('between');
		expect(currentStage(phases, d('2026-06-01T00:00:00Z')).kind).toBe('after');
	});

	it('screens from the opening of nominations to the end of screening', () => {
		expect(screeningWindow(phases)).toEqual({
			startsAt: phases[0]!.startsAt,
			endsAt: phases[1]!.endsAt
		});
		expect(screeningWindow([phases[0]!])).toEqual({
			startsAt: phases[0]!.startsAt,
			endsAt: phases[0]!.endsAt
		});
	});

	it('requires a nomination phase, forward time and order', () => {
		expect(timelineProblems(phases)).toEqual([]);
		expect(timelineProblems([phases[1]!]).map((p) => p.kind)).toContain('nomination');
		const backwards = { ...phases[0]!, endsAt: phases[0]!.startsAt };
		expect(timelineProblems([backwards]).map((p) => p.kind)).toEqual(['nomination']);
		const overlapping = { ...phases[1]!, startsAt: d('2026-03-20T00:00:00Z') };
		expect(timelineProblems([phases[0]!, overlapping]).map((p) => p.kind)).toEqual(['screening']);
	});
});

describe('changing a published category', () => {
	it('is free while it has no dossiers', () => {
		expect(
			categoryChangeProblem('remove', { kind: 'individual' }, { dossiers: 0, highestUnitUse: 0 })
		).toBeNull();
	});

	it('keeps dossiers valid once they exist', () => {
		const used = { dossiers: 3, highestUnitUse: 2 };
		expect(categoryChangeProblem('remove', { kind: 'individual' }, used)).toContain(
			'không thể xoá'
		);
		expect(
			categoryChangeProblem({ kind: 'collective', quotaPerUnit: 5 }, { kind: 'individual' }, used)
		).toContain('đổi loại');
		expect(
			categoryChangeProblem({ kind: 'individual', quotaPerUnit: 1 }, { kind: 'individual' }, used)
		).toContain('2 hồ sơ');
		expect(
			categoryChangeProblem({ kind: 'individual', quotaPerUnit: 2 }, { kind: 'individual' }, used)
		).toBeNull();
	});
});
