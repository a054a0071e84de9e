import { z } from 'zod';
import { exportFormats } from '$lib/shared/exports';

/** `?dinh-dang=` of a download; Excel when absent. */
export const exportFormatSchema = z
	.enum(exportFormats, { error: 'Định dạng tệp không hợp lệ (xlsx, csv hoặc csv-excel).' })
	.default('xlsx');
