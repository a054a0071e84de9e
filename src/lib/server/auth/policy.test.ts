import { describe, expect, it } from 'vitest';
import type { RoleKind } from '$lib/shared/labels';
import type { Actor } from './actor';
import { can, canTakeAsGuest, type Action, type Resource } from './policy';

// A province (/1/) with two districts (/1/2/ and its sibling /1/3/); /1/2/4/ is a child of /1/2/.
const OWN = '/1/2/';
const places = { own: OWN, child: '/1/2/4/', sibling: '/1/3/', parent: '/1/' } as const;
type Place = keyof typeof places;

function actorWith(role: RoleKind): Actor {
	return {
		id: 100,
		email: `${role}@example.vn`,
		fullName: role,
		unitId: 2,
		unitPath: OWN,
		roles: [{ role, unitId: role === 'admin' ? null : 2, unitPath: role === 'admin' ? null : OWN }]
	};
}

const unitActions: Action[] = [
	'unit.read',
	'unit.create',
	'unit.update',
	'unit.move',
	'unit.archive',
	'audit.read'
];

// Expected answers, row by row: which places each role may act on for each action.
const expected: Record<RoleKind, Record<string, Place[]>> = {
	admin: Object.fromEntries(unitActions.map((a) => [a, ['own', 'child', 'sibling', 'parent']])),
	organizer: {
		'unit.read': ['own', 'child'],
		'unit.create': ['own', 'child'],
		'unit.update': ['own', 'child'],
		'unit.move': ['child'],
		'unit.archive': ['child'],
		'audit.read': ['own', 'child']
	},
	officer: { 'unit.read': ['own'] },
	judge: { 'unit.read': ['own'] },
	member: { 'unit.read': ['own'] }
};

describe('policy matrix on units', () => {
	for (const role of Object.keys(expected) as RoleKind[]) {
		for (const action of unitActions) {
			for (const place of Object.keys(places) as Place[]) {
				const allowed = (expected[role][action] ?? []).includes(place);
				it(`${role} ${allowed ? 'may' : 'may not'} ${action} on ${place} unit`, () => {
					const resource: Resource = { kind: 'unit', path: places[place] };
					expect(can(actorWith(role), action, resource)).toBe(allowed);
				});
			}
		}
	}

	it('refuses everything to an anonymous visitor', () => {
		for (const action of unitActions) {
			expect(can(null, action, { kind: 'unit', path: OWN })).toBe(false);
		}
	});

	it('lets only administrators create a top-level unit', () => {
		expect(can(actorWith('admin'), 'unit.create', { kind: 'unit', path: null })).toBe(true);
		expect(can(actorWith('organizer'), 'unit.create', { kind: 'unit', path: null })).toBe(false);
	});

	it('never lets the organizer of one district touch a sibling district or its children', () => {
		const organizer = actorWith('organizer');
		for (const action of [...unitActions, 'admin.enter'] as Action[]) {
			if (action === 'admin.enter') continue;
			expect(can(organizer, action, { kind: 'unit', path: '/1/3/' })).toBe(false);
			expect(can(organizer, action, { kind: 'unit', path: '/1/3/9/' })).toBe(false);
		}
	});

	it('does not confuse /1/2/ with /1/22/ (prefix on whole ids)', () => {
		expect(can(actorWith('organizer'), 'unit.update', { kind: 'unit', path: '/1/22/' })).toBe(
			false
		);
	});
});

describe('policy on users and roles', () => {
	const user = (place: Place, rolePlaces: Place[] = []): Resource => ({
		kind: 'user',
		id: 7,
		unitPath: places[place],
		rolePaths: rolePlaces.map((p) => places[p])
	});

	it('lets an organizer manage users of their subtree only', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'user.manage', user('own'))).toBe(true);
		expect(can(organizer, 'user.manage', user('child'))).toBe(true);
		expect(can(organizer, 'user.manage', user('sibling'))).toBe(false);
		expect(can(organizer, 'user.manage', user('parent'))).toBe(false);
	});

	it('refuses to let an organizer manage someone who holds a role above them', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'user.manage', user('child', ['parent']))).toBe(false);
		// ...though they may still see them, as a member of their subtree.
		expect(can(organizer, 'user.read', user('child', ['parent']))).toBe(true);
		expect(can(organizer, 'user.read', user('sibling'))).toBe(false);
		expect(
			can(organizer, 'user.manage', { kind: 'user', id: 7, unitPath: OWN, rolePaths: [null] })
		).toBe(false);
	});

	it('keeps administration of oneself out of the admin area', () => {
		const organizer = actorWith('organizer');
		expect(
			can(organizer, 'user.manage', {
				kind: 'user',
				id: organizer.id,
				unitPath: OWN,
				rolePaths: [OWN]
			})
		).toBe(false);
	});

	it('lets organizers assign any role but administrator, inside their subtree', () => {
		const organizer = actorWith('organizer');
		expect(
			can(organizer, 'role.assign', { kind: 'role', role: 'officer', unitPath: places.child })
		).toBe(true);
		expect(can(organizer, 'role.assign', { kind: 'role', role: 'organizer', unitPath: OWN })).toBe(
			true
		);
		expect(can(organizer, 'role.assign', { kind: 'role', role: 'admin', unitPath: null })).toBe(
			false
		);
		expect(
			can(organizer, 'role.assign', { kind: 'role', role: 'officer', unitPath: places.sibling })
		).toBe(false);
		for (const role of ['officer', 'judge', 'member'] as RoleKind[]) {
			expect(
				can(actorWith(role), 'role.assign', { kind: 'role', role: 'member', unitPath: OWN })
			).toBe(false);
			expect(can(actorWith(role), 'user.manage', user('own'))).toBe(false);
			expect(can(actorWith(role), 'admin.enter', { kind: 'area' })).toBe(false);
		}
	});
});

describe('policy on campaigns and dossiers', () => {
	it('lets organizers manage campaigns in their subtree only', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'campaign.manage', { kind: 'unit', path: places.own })).toBe(true);
		expect(can(organizer, 'campaign.manage', { kind: 'unit', path: places.child })).toBe(true);
		expect(can(organizer, 'campaign.manage', { kind: 'unit', path: places.sibling })).toBe(false);
		expect(can(organizer, 'campaign.manage', { kind: 'unit', path: places.parent })).toBe(false);
		expect(can(actorWith('officer'), 'campaign.manage', { kind: 'unit', path: OWN })).toBe(false);
	});

	it('gives the archive of a campaign to the organizers of its subtree, not to judges or officers', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'campaign.archive', { kind: 'unit', path: places.own })).toBe(true);
		expect(can(organizer, 'campaign.archive', { kind: 'unit', path: places.child })).toBe(true);
		expect(can(organizer, 'campaign.archive', { kind: 'unit', path: places.parent })).toBe(false);
		expect(can(organizer, 'campaign.archive', { kind: 'unit', path: places.sibling })).toBe(false);
		for (const role of ['officer', 'judge', 'member'] as RoleKind[])
			expect(can(actorWith(role), 'campaign.archive', { kind: 'unit', path: OWN })).toBe(false);
	});

	it('lets only a unit’s own officers nominate for it', () => {
		expect(can(actorWith('officer'), 'nomination.create', { kind: 'unit', path: OWN })).toBe(true);
		expect(
			can(actorWith('officer'), 'nomination.create', { kind: 'unit', path: places.child })
		).toBe(false);
		expect(
			can(actorWith('officer'), 'nomination.create', { kind: 'unit', path: places.sibling })
		).toBe(false);
		expect(can(actorWith('member'), 'nomination.create', { kind: 'unit', path: OWN })).toBe(false);
		expect(
			can(actorWith('organizer'), 'nomination.create', { kind: 'unit', path: places.child })
		).toBe(false);
	});

	it('lets a level’s staff screen only what sits at that level', () => {
		for (const role of ['organizer', 'officer'] as RoleKind[]) {
			expect(can(actorWith(role), 'nomination.screen', { kind: 'unit', path: OWN })).toBe(true);
			expect(can(actorWith(role), 'nomination.screen', { kind: 'unit', path: places.child })).toBe(
				false
			);
			expect(can(actorWith(role), 'nomination.screen', { kind: 'unit', path: places.parent })).toBe(
				false
			);
		}
		expect(can(actorWith('judge'), 'nomination.screen', { kind: 'unit', path: OWN })).toBe(false);
	});

	it('shows a dossier to its unit and to the levels it reached, and to no one else', () => {
		const reachedOwn = {
			kind: 'nomination',
			nominatingUnitPath: places.child,
			reachedPaths: [OWN]
		} as const;
		const stillBelow = {
			kind: 'nomination',
			nominatingUnitPath: '/1/2/4/8/',
			reachedPaths: [places.child]
		} as const;
		const elsewhere = {
			kind: 'nomination',
			nominatingUnitPath: '/1/3/7/',
			reachedPaths: [places.sibling]
		} as const;
		const organizer = actorWith('organizer');
		expect(can(organizer, 'nomination.read', reachedOwn)).toBe(true);
		// The district sees nothing that has not reached it yet, even from inside its subtree.
		expect(can(organizer, 'nomination.read', stillBelow)).toBe(false);
		expect(can(organizer, 'nomination.read', elsewhere)).toBe(false);
		const officerOfNominator = {
			...actorWith('officer'),
			roles: [{ role: 'officer' as const, unitId: 4, unitPath: places.child }]
		};
		expect(can(officerOfNominator, 'nomination.read', reachedOwn)).toBe(true);
		expect(can(actorWith('member'), 'nomination.read', reachedOwn)).toBe(false);
		expect(can(actorWith('admin'), 'nomination.read', elsewhere)).toBe(true);
	});
});

describe('policy on polls', () => {
	const pollActions: Action[] = ['poll.manage', 'poll.results', 'vote.void'];
	const expectedPoll: Record<RoleKind, Place[]> = {
		admin: ['own', 'child', 'sibling', 'parent'],
		organizer: ['own', 'child'],
		officer: [],
		judge: [],
		member: []
	};
	for (const role of Object.keys(expectedPoll) as RoleKind[]) {
		for (const action of pollActions) {
			for (const place of Object.keys(places) as Place[]) {
				const allowed = expectedPoll[role].includes(place);
				it(`${role} ${allowed ? 'may' : 'may not'} ${action} on a poll of the ${place} unit`, () => {
					expect(can(actorWith(role), action, { kind: 'poll', unitPath: places[place] })).toBe(
						allowed
					);
					expect(can(actorWith(role), action, { kind: 'unit', path: places[place] })).toBe(allowed);
				});
			}
		}
	}

	it('refuses poll actions to an anonymous visitor', () => {
		for (const action of pollActions)
			expect(can(null, action, { kind: 'poll', unitPath: OWN })).toBe(false);
	});
});

describe('policy on the question bank and contests', () => {
	const contest = (place: Place, scope: 'members' | 'public'): Resource => ({
		kind: 'contest',
		unitPath: places[place],
		scope
	});

	it('lets organizers keep and approve the bank of their subtree only', () => {
		const organizer = actorWith('organizer');
		for (const action of ['question.manage', 'question.approve'] as Action[]) {
			expect(can(organizer, action, { kind: 'unit', path: places.own })).toBe(true);
			expect(can(organizer, action, { kind: 'unit', path: places.child })).toBe(true);
			expect(can(organizer, action, { kind: 'unit', path: places.sibling })).toBe(false);
			expect(can(organizer, action, { kind: 'unit', path: places.parent })).toBe(false);
			for (const role of ['officer', 'judge', 'member'] as RoleKind[]) {
				expect(can(actorWith(role), action, { kind: 'unit', path: places.own })).toBe(false);
			}
		}
	});

	it('lets organizers manage contests of their subtree only', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'contest.manage', contest('child', 'members'))).toBe(true);
		expect(can(organizer, 'contest.manage', contest('sibling', 'public'))).toBe(false);
		expect(can(organizer, 'contest.manage', contest('parent', 'members'))).toBe(false);
		expect(can(actorWith('member'), 'contest.manage', contest('own', 'members'))).toBe(false);
		expect(can(actorWith('admin'), 'contest.manage', contest('sibling', 'members'))).toBe(true);
	});

	it('admits people without an account to public contests only', () => {
		expect(canTakeAsGuest(contest('own', 'public'))).toBe(true);
		expect(canTakeAsGuest(contest('own', 'members'))).toBe(false);
		expect(can(null, 'contest.take', contest('own', 'public'))).toBe(false);
	});

	it('admits members of the subtree to a members contest, and anyone signed in to a public one', () => {
		const member = actorWith('member');
		expect(can(member, 'contest.take', contest('own', 'members'))).toBe(true);
		expect(can(member, 'contest.take', contest('parent', 'members'))).toBe(true);
		expect(can(member, 'contest.take', contest('sibling', 'members'))).toBe(false);
		expect(can(member, 'contest.take', contest('child', 'members'))).toBe(false);
		expect(can(member, 'contest.take', contest('sibling', 'public'))).toBe(true);
		expect(can(null, 'contest.take', contest('own', 'public'))).toBe(false);
	});

	it('lets organizers run the judging panels of their subtree only', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'judging.manage', { kind: 'unit', path: places.own })).toBe(true);
		expect(can(organizer, 'judging.manage', { kind: 'unit', path: places.child })).toBe(true);
		expect(can(organizer, 'judging.manage', { kind: 'unit', path: places.sibling })).toBe(false);
		expect(can(organizer, 'judging.manage', { kind: 'unit', path: places.parent })).toBe(false);
		for (const role of ['officer', 'judge', 'member'] as RoleKind[]) {
			expect(can(actorWith(role), 'judging.manage', { kind: 'unit', path: places.own })).toBe(
				false
			);
		}
	});

	it('lets only the judge a dossier was given to score it, not even an administrator', () => {
		const judge = actorWith('judge');
		expect(can(judge, 'judging.score', { kind: 'assignment', judgeId: judge.id })).toBe(true);
		expect(can(judge, 'judging.score', { kind: 'assignment', judgeId: judge.id + 1 })).toBe(false);
		expect(can(actorWith('admin'), 'judging.score', { kind: 'assignment', judgeId: 1 })).toBe(
			false
		);
		expect(can(actorWith('organizer'), 'judging.score', { kind: 'assignment', judgeId: 1 })).toBe(
			false
		);
		expect(can(null, 'judging.score', { kind: 'assignment', judgeId: 1 })).toBe(false);
	});

	it('lets organizers issue and correct awards of their subtree only', () => {
		const organizer = actorWith('organizer');
		const at = (place: Place) => ({ kind: 'unit', path: places[place] }) as const;
		expect(can(organizer, 'award.manage', at('own'))).toBe(true);
		expect(can(organizer, 'award.manage', at('child'))).toBe(true);
		expect(can(organizer, 'award.manage', at('sibling'))).toBe(false);
		expect(can(organizer, 'award.manage', at('parent'))).toBe(false);
		for (const role of ['officer', 'judge', 'member'] as RoleKind[]) {
			expect(can(actorWith(role), 'award.manage', at('own'))).toBe(false);
		}
		expect(can(actorWith('admin'), 'award.manage', at('sibling'))).toBe(true);
		expect(can(null, 'award.manage', at('own'))).toBe(false);
	});

	it('lets organizers host live games of their subtree only', () => {
		const organizer = actorWith('organizer');
		expect(can(organizer, 'live.host', { kind: 'unit', path: places.child })).toBe(true);
		expect(can(organizer, 'live.host', { kind: 'unit', path: places.sibling })).toBe(false);
		expect(can(organizer, 'live.host', { kind: 'unit', path: places.parent })).toBe(false);
		expect(can(actorWith('member'), 'live.host', { kind: 'unit', path: places.own })).toBe(false);
		expect(can(null, 'live.host', { kind: 'unit', path: places.own })).toBe(false);
	});
});
