/**
 * Pure rules of a campaign's archive (hồ sơ lưu trữ): when a campaign may be archived, the
 * order its dossiers are filed in, and how every folder and file in the zip is named.
 *
 * Names: folders and the files we write are numbered and ASCII ("001_Nguyen_Van_An"), as offices
 * name scanned records, so every zip reader (Windows' own included) shows the structure intact;
 * an evidence file keeps the name it was uploaded with (NFC, UTF-8 flag set in the zip), and the
 * index (00_Muc_luc.xlsx) lists each entry's number, path and what it is in full Vietnamese.
 */
import type { PhaseKind } from '$lib/shared/campaigns';
import { stripDiacritics } from '$lib/shared/text';

export interface ArchiveState {
	status: 'draft' | 'published' | 'closed';
	phases: readonly { kind: PhaseKind; startsAt: Date; endsAt: Date }[];
	/** The judging round's state, or null when the campaign had no panel. */
	panelStatus: 'setup' | 'open' | 'closed' | null;
	/** Award decisions drawn from the campaign's results. */
	decisions: number;
	now: Date;
}

export const ARCHIVE_NOT_PUBLISHED = 'Đợt chưa được công bố nên chưa có hồ sơ để lưu trữ.';
export const ARCHIVE_ROUND_OPEN =
	'Hội đồng chấm chưa kết thúc vòng chấm: chỉ lập hồ sơ lưu trữ khi đợt đã kết thúc.';
export const ARCHIVE_NOT_FINISHED =
	'Đợt chưa kết thúc: chỉ lập hồ sơ lưu trữ khi đã công bố kết quả hoặc đã ban hành quyết định khen thưởng.';

/**
 * Why the campaign cannot be archived yet (null: it can). A campaign is finished when its
 * judging round (if any) is closed and either its results phase has begun (with no results
 * phase: its last phase has ended) or a decision was issued from it.
 */
export function archiveRefusal(state: ArchiveState): string | null {
	if (state.status === 'draft') return ARCHIVE_NOT_PUBLISHED;
	if (state.panelStatus !== null && state.panelStatus !== 'closed') return ARCHIVE_ROUND_OPEN;
	if (state.decisions > 0 || state.status === 'closed') return null;
	const now = state.now.getTime();
	const results = state.phases.find((p) => p.kind === 'results');
	const published = results
		? results.startsAt.getTime() <= now
		: state.phases.length > 0 && state.phases.every((p) => p.endsAt.getTime() <= now);
	return published ? null : ARCHIVE_NOT_FINISHED;
}

/** "Nguyễn Văn An" → "Nguyen_Van_An": letters and digits, runs of anything else as one "_". */
export function asciiName(text: string, max = 60): string {
	const name = stripDiacritics(text.normalize('NFC'))
		.replace(/[^A-Za-z0-9.-]+/g, '_')
		.replace(/^[_.-]+|[_.-]+$/g, '');
	return name.slice(0, max).replace(/[_.-]+$/, '') || 'Khong_ten';
}

/** A number padded to the width the largest needs, at least `min` digits ("001"). */
export function numbered(n: number, total: number, min = 3): string {
	return String(n).padStart(Math.max(min, String(total).length), '0');
}

/**
 * An uploaded file's name as it goes into the zip: NFC, no folder part, no characters Windows
 * refuses, no leading dots (a hidden file), never empty.
 */
export function entryFileName(original: string): string {
	const name = (original.normalize('NFC').split(/[\\/]/).pop() ?? '')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f"*:<>?|]/g, '')
		.replace(/^[.\s]+/, '')
		.trim();
	return name || 'tep';
}

/** Names made unique within one folder, case aside (Windows): "a.pdf", "a (2).pdf". */
export function uniqueNames(names: readonly string[]): string[] {
	const taken = new Set<string>();
	return names.map((name) => {
		const dot = name.lastIndexOf('.');
		const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
		let candidate = name;
		for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${ext}`;
		taken.add(candidate.toLowerCase());
		return candidate;
	});
}

/**
 * The order dossiers are filed in: the judged results first (category by category, by rank),
 * then every other dossier that was sent (returned, rejected, withdrawn, unranked) by its
 * registry number (the order it was registered in).
 */
export function filingOrder(sentIds: readonly number[], resultsOrder: readonly number[]): number[] {
	const sent = new Set(sentIds);
	const ranked = resultsOrder.filter((id) => sent.has(id));
	const rankedSet = new Set(ranked);
	return [...ranked, ...[...sentIds].sort((a, b) => a - b).filter((id) => !rankedSet.has(id))];
}

/** A decision's folder: "01_QD_125-QD-TDTN-BTG_2026-05-19" (number, then the date it was signed). */
export function decisionFolder(
	n: number,
	total: number,
	number: string,
	decidedOn: string
): string {
	return `${numbered(n, total, 2)}_QD_${asciiName(number.replace(/\//g, '-'), 40)}_${decidedOn}`;
}

/** The zip's own name: "Luu_tru_<title>.zip", short enough for a download bar. */
export function archiveFileName(title: string, campaignId: number): string {
	return `Luu_tru_dot_${campaignId}_${asciiName(title, 80)}.zip`;
}
