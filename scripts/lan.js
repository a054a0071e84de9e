// Hall mode's choice of address (scripts/hall.js): which of this machine's IPv4 addresses the
// phones in the hall are told to open. Pure, so tests give it any interface table.

/** @typedef {{ address: string; family: string | number; internal: boolean; cidr: string | null }} Nic */
/** @typedef {Record<string, Nic[] | undefined>} Interfaces */
/** @typedef {{ address: string; name: string; internal: boolean; cidr: string }} Address */

/** Interfaces that a phone in the hall cannot reach: containers, VMs, tunnels. */
const VIRTUAL =
	/^(docker|br-|veth|virbr|vmnet|vboxnet|podman|cni|flannel|tun|tap|utun|zt|tailscale|wg)/i;

/** @param {string} ip */
function toNumber(ip) {
	return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** @param {string} ip */
export function isIPv4(ip) {
	const parts = ip.split('.');
	return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/**
 * Whether `ip` lies in `cidr` (IPv4 only).
 * @param {string} ip
 * @param {string} cidr
 */
export function inCidr(ip, cidr) {
	const [base, bits] = cidr.split('/');
	if (!base || !isIPv4(ip) || !isIPv4(base)) return false;
	const size = 2 ** (32 - Number(bits));
	return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}

/** @param {string} ip the private ranges a hall's Wi-Fi or a laptop's hotspot hands out */
function isPrivate(ip) {
	return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((range) => inCidr(ip, range));
}

/**
 * This machine's IPv4 addresses, the likeliest hall address first: private LAN ranges on real
 * interfaces, then other real ones, then virtual ones, then loopback.
 * @param {Interfaces} interfaces as os.networkInterfaces() returns them
 * @returns {Address[]}
 */
export function lanAddresses(interfaces) {
	/** @param {Address} a */
	const rank = (a) => (a.internal ? 3 : VIRTUAL.test(a.name) ? 2 : isPrivate(a.address) ? 0 : 1);
	return Object.entries(interfaces)
		.flatMap(([name, nics]) =>
			(nics ?? [])
				.filter((nic) => (nic.family === 'IPv4' || nic.family === 4) && isIPv4(nic.address))
				.map((nic) => ({
					address: nic.address,
					name,
					internal: nic.internal,
					cidr: nic.cidr ?? `${nic.address}/32`
				}))
		)
		.sort((a, b) => rank(a) - rank(b));
}

/**
 * The address to advertise: `wanted` when it is one of this machine's (any address of a
 * loopback's /8 counts, so tests can stand 127.0.0.2 in for the LAN), else the first of
 * `lanAddresses`. `alone` says no LAN was found: only this machine will reach it.
 * @param {Interfaces} interfaces
 * @param {string | undefined} wanted
 * @returns {{ address: string; alone: boolean; all: Address[] }}
 */
export function chooseHallAddress(interfaces, wanted) {
	const all = lanAddresses(interfaces);
	if (wanted) {
		if (!all.some((a) => inCidr(wanted, a.cidr)))
			throw new Error(
				`địa chỉ ${wanted} không thuộc máy này. Các địa chỉ của máy: ${
					all.map((a) => `${a.address} (${a.name})`).join(', ') || 'không có'
				}`
			);
		return { address: wanted, alone: false, all };
	}
	const first = all[0];
	if (!first || first.internal) return { address: '127.0.0.1', alone: true, all };
	return { address: first.address, alone: false, all };
}

/**
 * ORIGIN (the advertised address, in every join link and QR) and EXTRA_ORIGINS (the machine's
 * other addresses and localhost, through which requests are the same site too).
 * @param {string} address
 * @param {number} port
 * @param {Address[]} all
 */
export function hallOrigins(address, port, all) {
	const origin = `http://${address}:${port}`;
	const others = new Set([
		...all.map((a) => `http://${a.address}:${port}`),
		`http://localhost:${port}`
	]);
	others.delete(origin);
	return { origin, extra: [...others] };
}
