import { readConfig } from '$lib/server/config';
import { metricsResponse } from '$lib/server/metrics';
import type { RequestHandler } from './$types';

const { metricsToken } = readConfig();

/** Prometheus's scrape, with `Authorization: Bearer $METRICS_TOKEN` (docs/operations.md). */
export const GET: RequestHandler = ({ request }) => metricsResponse(request, metricsToken);
