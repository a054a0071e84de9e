// The one describer of audit entries: the audit page and any export read an entry's action,
// fields and values through it, so no raw key, English enum value or UTC timestamp reaches a
// reader. Enum labels come from the shared label modules; fields from `auditFieldLabels`.
import { awardKindLabels, awardSourceLabels, recipientTypeLabels } from './awards';
import {
	campaignStatusLabels,
	categoryKindLabels,
	genderLabels,
	nominationStatusLabels,
	phaseLabels
} from './campaigns';
import { contestScopeLabels, predictionKindLabels, tieBreakLabels } from './contests';
import { formatDate, formatDateThenTime, formatNumber } from './format';
import { assignmentModeLabels, assignmentStatusLabels, panelStatusLabels } from './judging';
import {
	accountLinkLabels,
	auditActionLabels,
	auditEntityLabels,
	auditFieldLabels,
	roleLabels,
	shortlistRuleLabels,
	unitKindLabels
} from './labels';
import { liveModeLabels, livePlayerStatusLabels, liveStateLabels } from './live';
import { mailStatusLabels, mailTopicLabels } from './mail';
import { difficultyLabels, questionStatusLabels, questionTypeLabels } from './questions';
import { audienceLabels, resultsVisibilityLabels } from './voting';
import { privacyRequestKindLabels, privacyRequestStatusLabels } from './privacy';

type Labels = Readonly<Record<string, string>>;

/** Enum values by field, and by entity where one field name means different things. */
const byEntityField: Record<string, Labels> = {
	'unit.kind': unitKindLabels,
	'campaign.kind': categoryKindLabels,
	'campaign.status': campaignStatusLabels,
	'privacy_request.kind': privacyRequestKindLabels,
	'privacy_request.status': privacyRequestStatusLabels,
	'nomination.status': nominationStatusLabels,
	'question.status': questionStatusLabels,
	'panel.status': panelStatusLabels,
	'judge_assignment.status': assignmentStatusLabels,
	'mail.status': mailStatusLabels,
	'award_decision.source': awardSourceLabels,
	'award_decision.kind': awardKindLabels,
	'award_recipient.kind': awardKindLabels
};
const byField: Record<string, Labels> = {
	role: roleLabels,
	type: questionTypeLabels,
	difficulty: difficultyLabels,
	audience: audienceLabels,
	resultsVisibility: resultsVisibilityLabels,
	scope: contestScopeLabels,
	predictionKind: predictionKindLabels,
	tieBreaks: tieBreakLabels,
	assignmentMode: assignmentModeLabels,
	state: liveStateLabels,
	mode: liveModeLabels,
	playerStatus: livePlayerStatusLabels,
	topic: mailTopicLabels,
	topicsOff: mailTopicLabels,
	gender: genderLabels,
	recipientType: recipientTypeLabels,
	phase: phaseLabels,
	awardKind: awardKindLabels,
	link: accountLinkLabels,
	rule: shortlistRuleLabels
};

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Ids, years, rows and seats read as written, without thousands separators. */
const PLAIN_NUMBERS = /^(id|year|birthYear|row|seat|index|sinceIndex|number)$|Ids?$/;
/** Percentages stored as plain numbers. */
const PERCENT_FIELDS = new Set(['juryWeight', 'publicWeight', 'spreadThreshold']);

export interface EntryToDescribe {
	action: string;
	entityType: string;
	entityId?: string | null;
	before?: unknown;
	after?: unknown;
}

export interface DescribedEntry {
	/** "Sửa đơn vị" */
	action: string;
	/** "Đơn vị số 12" */
	subject: string;
	/** "Tên: Chi đoàn A" lines of the state before and after. */
	before: string[];
	after: string[];
}

export function fieldLabel(key: string): string {
	return auditFieldLabels[key] ?? key;
}

/** A value as a person reads it: labels for enums, Vietnam's clock for times, có/không. */
export function describeValue(key: string, value: unknown, entityType = ''): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'boolean') return value ? 'có' : 'không';
	if (typeof value === 'number' && PLAIN_NUMBERS.test(key)) return String(value);
	if (typeof value === 'number') {
		return PERCENT_FIELDS.has(key) ? `${formatNumber(value)}%` : formatNumber(value);
	}
	if (Array.isArray(value)) {
		if (!value.length) return 'không có';
		return value.map((v) => describeValue(key, v, entityType)).join(', ');
	}
	if (typeof value === 'object') {
		const parts = Object.entries(value as Record<string, unknown>).map(
			([k, v]) => `${fieldLabel(k)}: ${describeValue(k, v, entityType)}`
		);
		return parts.length ? parts.join('; ') : '—';
	}
	const text = String(value);
	const labels = byEntityField[`${entityType}.${key}`] ?? byField[key];
	if (labels?.[text]) return labels[text];
	if (ISO_DAY.test(text)) return formatDate(`${text}T00:00:00+07:00`);
	// Instants anywhere in the text (a phase reads "start → end") on Vietnam's clock.
	return text.replace(ISO_INSTANT, (iso) => formatDateThenTime(iso));
}

/** "Label: value" lines of a before/after snapshot. */
export function describeFields(snapshot: unknown, entityType = ''): string[] {
	if (snapshot === null || snapshot === undefined) return [];
	if (typeof snapshot !== 'object' || Array.isArray(snapshot)) {
		return [describeValue('', snapshot, entityType)];
	}
	return Object.entries(snapshot as Record<string, unknown>).map(
		([key, value]) => `${fieldLabel(key)}: ${describeValue(key, value, entityType)}`
	);
}

export function describeAuditEntry(entry: EntryToDescribe): DescribedEntry {
	const entity = auditEntityLabels[entry.entityType] ?? 'Đối tượng';
	return {
		action: auditActionLabels[entry.action] ?? 'Thao tác khác',
		subject: entry.entityId ? `${entity} số ${entry.entityId}` : entity,
		before: describeFields(entry.before, entry.entityType),
		after: describeFields(entry.after, entry.entityType)
	};
}
