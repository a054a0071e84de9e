import { downloadExport } from '$lib/server/http';
import { exportQuestions } from '$lib/server/questions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => downloadExport(event, exportQuestions);
