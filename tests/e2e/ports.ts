// Every port an end-to-end run uses, from E2E_PORT up, in one place: two runs with different
// E2E_PORT values (at least 7 apart) never meet, and no two servers of one run collide.
export const e2ePort = Number(process.env.E2E_PORT) || 4173;

export const ports = {
	/** The app on embedded PGlite (the pglite project). */
	app: e2ePort,
	/** The app on PostgreSQL (the postgres project), node A of the two-node live test. */
	appPostgres: e2ePort + 1,
	/** Node B of the two-node live test, spawned by that test. */
	liveNodeB: e2ePort + 2,
	/** The mail sink's HTTP side, where tests read what was sent. */
	mailSinkHttp: e2ePort + 3,
	/** The mail sink's SMTP side, where both app servers send. */
	mailSinkSmtp: e2ePort + 4,
	/** `npm run hall`, started by the hall spec on a data folder of its own. */
	hall: e2ePort + 5,
	/** nginx in front of nodes A and B in the two-node live test (deploy/nginx/guong-sang.conf). */
	nginx: e2ePort + 6
};

/** Not a port: the METRICS_TOKEN the run's app servers get, with which metrics.spec.ts scrapes. */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789';
