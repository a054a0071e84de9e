import { describe, expect, it } from 'vitest';
import { canTransition, canWithdraw, firstLevel, nextLevel, statusAfter } from './rules';

describe('dossier state machine', () => {
	it('allows only the listed transitions', () => {
		expect(canTransition('draft', 'submit')).toBe(true);
		expect(canTransition('draft', 'accept')).toBe(false);
		expect(canTransition('draft', 'forward')).toBe(false);
		expect(canTransition('accepted', 'edit')).toBe(false);
		expect(canTransition('submitted', 'edit')).toBe(false);
		expect(canTransition('returned', 'edit')).toBe(true);
		expect(canTransition('returned', 'resubmit')).toBe(true);
		expect(canTransition('rejected', 'resubmit')).toBe(false);
		expect(canTransition('withdrawn', 'submit')).toBe(false);
		expect(canTransition('accepted', 'reject')).toBe(false);
	});

	it('leads each action to its status', () => {
		expect(statusAfter('submit', 'draft')).toBe('submitted');
		expect(statusAfter('forward', 'submitted')).toBe('submitted');
		expect(statusAfter('return', 'submitted')).toBe('returned');
		expect(statusAfter('resubmit', 'returned')).toBe('submitted');
		expect(statusAfter('edit', 'returned')).toBe('returned');
	});

	it('lets a unit withdraw only before anyone screened the dossier', () => {
		expect(canWithdraw('submitted', [])).toBe(true);
		expect(canWithdraw('submitted', [5])).toBe(false);
		expect(canWithdraw('returned', [])).toBe(false);
	});
});

describe('climbing the tree', () => {
	// Province 1 organises; district 2 under it; commune 5 under 2; branch 9 under 5.
	it('goes first to the unit above, never past the organizing unit', () => {
		expect(firstLevel('/1/2/5/9/', '/1/')).toBe(5);
		expect(firstLevel('/1/2/5/', '/1/')).toBe(2);
		expect(firstLevel('/1/2/', '/1/')).toBe(1);
		expect(firstLevel('/1/', '/1/')).toBe(1);
		expect(firstLevel('/1/2/5/', '/1/2/')).toBe(2);
	});

	it('refuses units outside the campaign', () => {
		expect(firstLevel('/1/3/', '/1/2/')).toBeNull();
		expect(firstLevel('/1/22/', '/1/2/')).toBeNull();
	});

	it('forwards one level at a time and stops at the organizing unit', () => {
		expect(nextLevel('/1/2/5/', '/1/')).toBe(2);
		expect(nextLevel('/1/2/', '/1/')).toBe(1);
		expect(nextLevel('/1/', '/1/')).toBeNull();
	});
});
