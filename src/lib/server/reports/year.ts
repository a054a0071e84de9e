// The year-end report ("báo cáo tổng kết") of a subtree over a period: every figure is read
// through the area whose page shows it (campaign report, participation report, honour roll,
// game report, poll results), so the report and those pages cannot disagree.
import type { YearReportChoice } from '$lib/schemas/reports';
import { vietnamDay, vietnamDayStart } from '$lib/shared/datetime';
import { formatDate } from '$lib/shared/format';
import { administeredPaths, isWithin, requireActor } from '../auth/policy';
import { awardsForReport, reportSignOff } from '../awards';
import { listCampaignsHeld } from '../campaigns';
import { contestsForReport } from '../contests';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { gamesForReport } from '../live';
import { findActiveUnit, findUnitsByIds, idsOnPath } from '../units';
import { pollsForReport } from '../voting';
import { dossierCounts } from './repo';
import { reportedStatuses, tallyByLevel, tallyDossiers, type DossierCount } from './rules';
import { yearReportDocx } from './year-docx';
import { yearAppendix } from './year-tables';

const NOT_FOUND = 'Không tìm thấy đơn vị trong phạm vi bạn quản lý.';

/** The units whose year-end report the actor may read: those they administer, and below. */
function mayReportOn(ctx: Ctx, unitPath: string): boolean {
	const mine = administeredPaths(requireActor(ctx));
	return mine === null || mine.some((p) => isWithin(unitPath, p));
}

export async function yearReport(ctx: Ctx, choice: YearReportChoice) {
	const unit = await findActiveUnit(ctx.db, choice.unitId);
	if (!unit || !mayReportOn(ctx, unit.path)) throw notFound(NOT_FOUND);
	const { db } = ctx;
	const start = vietnamDayStart(choice.from);
	const end = new Date(vietnamDayStart(choice.to).getTime() + 86_400_000);
	const scope = { unitPath: unit.path, from: choice.from, to: choice.to };
	const parentId = idsOnPath(unit.path).at(-2);
	const [held, awards, contests, games, polls, signOff, parents] = await Promise.all([
		listCampaignsHeld(db, unit.path, start, end),
		awardsForReport(db, scope),
		contestsForReport(db, unit.path, start, end),
		gamesForReport(db, unit.path, start, end),
		pollsForReport(db, unit.path, start, end),
		reportSignOff(db, unit.path, vietnamDay(ctx.now)),
		parentId ? findUnitsByIds(db, [parentId]) : Promise.resolve([])
	]);
	const allRows: DossierCount[] = [];
	const campaigns = [];
	const counted = await dossierCounts(
		db,
		held.map((c) => c.id),
		[unit.path]
	);
	for (const c of held) {
		const rows = counted.filter((r) => r.campaignId === c.id);
		allRows.push(...rows.map((r) => ({ ...r, categoryName: `${r.categoryName} — ${c.title}` })));
		const tally = tallyDossiers(rows);
		campaigns.push({
			id: c.id,
			title: c.title,
			year: c.year,
			organizer: c.organizingUnitName,
			total: tally.total,
			byStatus: Object.fromEntries(tally.byStatus.map((s) => [s.status, s.n])) as Record<
				(typeof reportedStatuses)[number],
				number
			>
		});
	}
	const dossiers = tallyDossiers(allRows);
	return {
		unit: { id: unit.id, name: unit.name, code: unit.code, memberCount: unit.memberCount },
		parentName: parents[0]?.name ?? null,
		period: {
			from: choice.from,
			to: choice.to,
			year: choice.year,
			label: choice.year
				? `năm ${choice.year}`
				: `từ ngày ${formatDate(choice.from)} đến ngày ${formatDate(choice.to)}`
		},
		signOff,
		generatedOn: vietnamDay(ctx.now),
		campaigns,
		dossiers: {
			total: dossiers.total,
			byStatus: dossiers.byStatus,
			byLevel: tallyByLevel(allRows, unit.depth),
			byCategory: dossiers.byCategory
		},
		awards,
		contests,
		games,
		polls
	};
}
export type YearReport = Awaited<ReturnType<typeof yearReport>>;

/** The file name of both downloads: "bao-cao-nam-2026-TDGS" or "bao-cao-2026-01-01-2026-06-30-TDGS". */
function reportFilename(r: YearReport): string {
	const code = r.unit.code.replace(/[^A-Za-z0-9-]+/g, '-');
	return r.period.year
		? `bao-cao-nam-${r.period.year}-${code}`
		: `bao-cao-${r.period.from}-${r.period.to}-${code}`;
}

/** The report in Word, for the office to finish. */
export async function yearReportDocument(ctx: Ctx, choice: YearReportChoice) {
	const report = await yearReport(ctx, choice);
	return { bytes: await yearReportDocx(report), filename: `${reportFilename(report)}.docx` };
}

/** The report's appendix: every table, and the lists, in Excel. */
export async function yearReportAppendix(ctx: Ctx, choice: YearReportChoice) {
	const report = await yearReport(ctx, choice);
	return yearAppendix(report, `${reportFilename(report)}-phu-luc`);
}
