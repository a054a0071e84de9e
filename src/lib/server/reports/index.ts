/** The reports area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { yearReport, yearReportAppendix, yearReportDocument, type YearReport } from './year';
export { yearTables as yearReportTables, type ReportTable } from './year-tables';
export {
	campaignArchiveReadiness,
	prepareCampaignArchive,
	type ArchiveEntry,
	type ArchivePlan
} from './archive';
export { campaignArchiveStream } from './archive-stream';
