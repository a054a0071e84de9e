import { describe, expect, it } from 'vitest';
import { shownRoles } from './labels';

describe('the roles an account shows', () => {
	it('leaves out the membership every staff account also holds', () => {
		expect(shownRoles(['organizer', 'member'])).toEqual(['organizer']);
		expect(
			shownRoles([
				{ role: 'member' as const, unit: 'A' },
				{ role: 'judge' as const, unit: 'B' }
			])
		).toEqual([{ role: 'judge', unit: 'B' }]);
	});
	it('shows a member as a member', () => {
		expect(shownRoles(['member'])).toEqual(['member']);
	});
});
