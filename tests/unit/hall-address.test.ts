import { describe, expect, it } from 'vitest';
import { chooseHallAddress, hallOrigins, inCidr, lanAddresses } from '../../scripts/lan.js';

// Hall mode's choice of the address phones are told to open (scripts/lan.js).
const nic = (address: string, cidr: string, internal = false) => ({
	address,
	family: 'IPv4',
	internal,
	cidr
});
const v6 = { address: 'fe80::1', family: 'IPv6', internal: false, cidr: 'fe80::1/64' };

const laptop = {
	lo: [nic('127.0.0.1', '127.0.0.1/8', true)],
	docker0: [nic('172.17.0.1', '172.17.0.1/16')],
	eth0: [nic('100.64.3.7', '100.64.0.0/10'), v6],
	wlp2s0: [nic('192.168.1.23', '192.168.1.0/24'), v6]
};

describe('the hall address', () => {
	it('prefers a private LAN address on a real interface over containers, public ranges and loopback', () => {
		expect(lanAddresses(laptop).map((a) => a.address)).toEqual([
			'192.168.1.23',
			'100.64.3.7',
			'172.17.0.1',
			'127.0.0.1'
		]);
		expect(chooseHallAddress(laptop, undefined)).toMatchObject({
			address: '192.168.1.23',
			alone: false
		});
	});

	it('takes a chosen address only when it belongs to this machine', () => {
		expect(chooseHallAddress(laptop, '100.64.3.7').address).toBe('100.64.3.7');
		// Loopback's whole /8 is this machine: tests stand 127.0.0.2 in for the LAN.
		expect(chooseHallAddress(laptop, '127.0.0.2').address).toBe('127.0.0.2');
		expect(() => chooseHallAddress(laptop, '192.168.2.23')).toThrow(
			'địa chỉ 192.168.2.23 không thuộc máy này. Các địa chỉ của máy: 192.168.1.23 (wlp2s0)'
		);
		expect(() => chooseHallAddress(laptop, 'hoi-truong')).toThrow('không thuộc máy này');
	});

	it('says so when no LAN is up, and falls back to this machine alone', () => {
		expect(chooseHallAddress({ lo: laptop.lo }, undefined)).toMatchObject({
			address: '127.0.0.1',
			alone: true
		});
	});

	it('advertises one origin and accepts the machine’s other addresses as the same site', () => {
		const { all } = chooseHallAddress(laptop, undefined);
		expect(hallOrigins('192.168.1.23', 3000, all)).toEqual({
			origin: 'http://192.168.1.23:3000',
			extra: [
				'http://100.64.3.7:3000',
				'http://172.17.0.1:3000',
				'http://127.0.0.1:3000',
				'http://localhost:3000'
			]
		});
	});

	it('reads CIDR ranges', () => {
		expect(inCidr('10.42.0.99', '10.42.0.1/24')).toBe(true);
		expect(inCidr('10.42.1.99', '10.42.0.1/24')).toBe(false);
		expect(inCidr('172.31.255.255', '172.16.0.0/12')).toBe(true);
		expect(inCidr('172.32.0.1', '172.16.0.0/12')).toBe(false);
		expect(inCidr('fe80::1', 'fe80::1/64')).toBe(false);
	});
});
