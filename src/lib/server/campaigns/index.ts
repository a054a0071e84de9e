/** The campaigns area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { findCampaign } from './repo';
export { currentStage, isOpen, phaseOf, screeningWindow } from './rules';
export {
	type CampaignRow,
	findCategory,
	listCampaigns,
	listCampaignsAbove,
	listCampaignsHeld,
	listCategories,
	listPhases
} from './repo';
export { getUnitQuotas, setUnitQuotas } from './quotas';
export {
	importUnitQuotas,
	quotaImportSpec,
	quotaTemplateHeaders,
	quotaTemplateRows
} from './quota-import';
export { copyCampaignRecords } from './copy';
export { manages as managesCampaign } from './access';
export * from './personal-data';
