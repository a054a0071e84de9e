// The file formats every export is offered in, with the words the download links use.
export const exportFormats = ['xlsx', 'csv', 'csv-excel'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportFormatLabels: Record<ExportFormat, string> = {
	xlsx: 'Excel (.xlsx)',
	csv: 'CSV (dấu ,)',
	'csv-excel': 'CSV (Excel tiếng Việt, dấu ;)'
};

/** The address of an export in one format: `?dinh-dang=` added to whatever query it has. */
export function exportHref(base: string, format: ExportFormat): string {
	return `${base}${base.includes('?') ? '&' : '?'}dinh-dang=${format}`;
}
