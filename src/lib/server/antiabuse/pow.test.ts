import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
	checkHumanProof,
	issueTicket,
	TICKET_MIN_AGE_MS,
	TICKET_TTL_MS,
	verifyTicket
} from './pow';

const KEY = 'khoa-thu-nghiem-'.repeat(3);
const t0 = new Date('2026-11-25T01:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('the ticket of a form served without JavaScript', () => {
	it('is good from a few seconds after the page until its expiry, by the server clock', () => {
		const ticket = issueTicket(KEY, t0);
		expect(verifyTicket(ticket, KEY, at(TICKET_MIN_AGE_MS - 1))).toBe('early');
		const good = verifyTicket(ticket, KEY, at(TICKET_MIN_AGE_MS));
		expect(good).toEqual({ signature: expect.any(String), expiresAt: at(TICKET_TTL_MS) });
		expect(verifyTicket(ticket, KEY, at(TICKET_TTL_MS - 1))).toEqual(good);
		expect(verifyTicket(ticket, KEY, at(TICKET_TTL_MS))).toBeNull();
	});

	it('cannot be made, backdated or moved to another installation', () => {
		const ticket = issueTicket(KEY, t0);
		const [issued, nonce, mac] = ticket.split('.');
		const later = at(TICKET_MIN_AGE_MS);
		expect(verifyTicket(`${Number(issued) - 60_000}.${nonce}.${mac}`, KEY, later)).toBeNull();
		expect(verifyTicket(`${issued}.${nonce}x.${mac}`, KEY, later)).toBeNull();
		expect(verifyTicket(ticket, `${KEY}!`, later)).toBeNull();
		expect(verifyTicket('khong-phai-ve', KEY, later)).toBeNull();
		// Two tickets of the same instant are two different entries in the spent store.
		const other = verifyTicket(issueTicket(KEY, t0), KEY, later);
		expect(other).not.toBeNull();
		expect(other).not.toEqual(verifyTicket(ticket, KEY, later));
	});

	it('says in Vietnamese, under the proof field, what is missing or wrong', async () => {
		const refusals = await Promise.all([
			checkHumanProof({}, KEY, t0),
			checkHumanProof({ ticket: issueTicket(KEY, t0) }, KEY, t0),
			checkHumanProof({ ticket: 'sai' }, KEY, t0),
			checkHumanProof({ altcha: 'bm90IGpzb24=' }, KEY, t0)
		]);
		for (const refusal of refusals) {
			expect(refusal).toBeInstanceOf(DomainError);
			const error = refusal as DomainError;
			expect(error.status).toBe(400);
			expect(error.fieldErrors.altcha?.[0]).toMatch(/[Xx]ác minh|chờ vài giây/);
		}
		expect(new Set(refusals.map((r) => (r as DomainError).message)).size).toBe(4);
	});
});
