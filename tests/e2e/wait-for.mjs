#!/usr/bin/env node
// Waits until a URL answers 200 (at most five minutes): the second e2e server starts only once
// the first has built the app and is serving.
const url = process.argv[2];
const deadline = Date.now() + 300_000;
while (Date.now() < deadline) {
	try {
		if ((await fetch(url)).ok) process.exit(0);
	} catch {
		// not up yet
	}
	await new Promise((resolve) => setTimeout(resolve, 500));
}
console.error(`wait-for: ${url} did not answer in time`);
process.exit(1);
