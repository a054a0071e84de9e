import { downloadExport } from '$lib/server/http';
import { yearReportAppendix } from '$lib/server/reports';
import { choiceOf } from '../choice';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) => yearReportAppendix(ctx, choiceOf(event.url)));
