import { solveChallenge } from 'altcha-lib/v1';

interface Challenge {
	algorithm: string;
	challenge: string;
	maxnumber?: number;
	salt: string;
	signature: string;
}

/** Solves a proof-of-work challenge; the payload the server checks (a form's `altcha`), or null. */
export async function solve(challenge: Challenge): Promise<string | null> {
	const solution = await solveChallenge(
		challenge.challenge,
		challenge.salt,
		challenge.algorithm,
		challenge.maxnumber
	).promise;
	if (!solution) return null;
	return btoa(
		JSON.stringify({
			algorithm: challenge.algorithm,
			challenge: challenge.challenge,
			number: solution.number,
			salt: challenge.salt,
			signature: challenge.signature
		})
	);
}

/** In the browser: fetches a challenge from `url` and solves it. */
export async function solveProof(url: string): Promise<string | null> {
	const response = await fetch(url);
	return response.ok ? solve(await response.json()) : null;
}

/** For a form's enhance: solves a challenge from `url` into the form's `altcha`; false if none. */
export async function proveForm(formData: FormData, url: string): Promise<boolean> {
	const payload = await solveProof(url);
	if (payload) formData.set('altcha', payload);
	return payload !== null;
}
