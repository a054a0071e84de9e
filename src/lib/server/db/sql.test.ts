import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { describe, expect, it } from 'vitest';
import { pollBallots, pollVotes } from './schema';
import { outer } from './sql';

const db = drizzle.mock({ casing: 'snake_case' });

describe('outer', () => {
	it('names the outer table where drizzle would leave a bare column in a one-table select', () => {
		const bare = db
			.select({
				n: sql`(select count(*) from ${pollVotes} v where v.ballot_id = ${pollBallots.id})`
			})
			.from(pollBallots)
			.toSQL().sql;
		// The defect it exists for: the bare "id" would bind to the subquery's table.
		expect(bare).toContain('v.ballot_id = "id"');
		const qualified = db
			.select({
				n: sql`(select count(*) from ${pollVotes} v where v.ballot_id = ${outer(pollBallots.id)})`
			})
			.from(pollBallots)
			.toSQL().sql;
		expect(qualified).toContain('v.ballot_id = "poll_ballots"."id"');
		expect(
			db
				.select({ n: sql`${outer(pollBallots.castAt)}` })
				.from(pollBallots)
				.toSQL().sql
		).toContain('"poll_ballots"."cast_at"');
	});
});
