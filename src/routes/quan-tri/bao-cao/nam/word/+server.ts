import { downloadDocx } from '$lib/server/http';
import { yearReportDocument } from '$lib/server/reports';
import { choiceOf } from '../choice';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadDocx(event, (ctx) => yearReportDocument(ctx, choiceOf(event.url)));
