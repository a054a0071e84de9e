#!/usr/bin/env node
// The e2e web server: wipes the embedded database folder (so a run starts from the demo data
// that PGlite seeds on first start), then starts the app exactly as `npm start` does.
// Wipes only when E2E_WIPE_DATA_DIR=1 and DATA_DIR lies inside the system's temp folder.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve, sep } from 'node:path';

const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : null;
if (process.env.E2E_WIPE_DATA_DIR === '1') {
	if (!dataDir || !dataDir.startsWith(resolve(tmpdir()) + sep)) {
		console.error(
			`serve.mjs: refusing to wipe DATA_DIR=${dataDir ?? '(unset)'}: not under ${tmpdir()}`
		);
		process.exit(1);
	}
	rmSync(dataDir, { recursive: true, force: true });
	console.log(`serve.mjs: fresh data folder ${dataDir}`);
}

await import('../../scripts/start.js');
