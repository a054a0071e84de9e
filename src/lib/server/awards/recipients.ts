/** Changes to an issued decision: a recipient added, a particular corrected, an award revoked. */
import {
	correctDecisionSchema,
	correctRecipientSchema,
	newRecipientSchema,
	revokeSchema
} from '$lib/schemas/awards';
import { id } from '$lib/schemas/common';
import { foldVietnamese } from '$lib/shared/text';
import type { Db } from '../db/client';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors';
import { findUnit } from '../units';
import { defineUseCase, type Check } from '../usecase';
import { decisionValues, DUPLICATE_NUMBER, newCode } from './decisions';
import { tellAwarded } from './notices';
import * as repo from './repo';
import { changedFields, slugFor } from './rules';

export const NOT_FOUND = 'Không tìm thấy quyết định khen thưởng.';

/** A decision the actor may manage; any other is "not found", so nothing leaks. */
export const managedDecision = (decision: { unitPath: string }): Check => ({
	action: 'award.manage',
	resource: { kind: 'unit', path: decision.unitPath },
	hidden: NOT_FOUND
});

export async function findDecisionOr404(db: Db, id: number, lock = false) {
	const decision = await repo.findDecision(db, id, lock);
	if (!decision) throw notFound(NOT_FOUND);
	return decision;
}

/** A recipient and its decision (the decision decides who may touch it). */
export async function findRecipientOr404(db: Db, recipientId: number, lock = false) {
	const recipient = await repo.findRecipient(db, recipientId, lock);
	if (!recipient) throw notFound('Không tìm thấy người được khen thưởng.');
	const decision = await findDecisionOr404(db, recipient.decisionId);
	return { recipient, decision };
}

/** A recipient's unit link must lie in the decision's subtree. */
async function recipientUnit(db: Db, decision: repo.DecisionRow, unitId: number | undefined) {
	if (!unitId) return null;
	const unit = await findUnit(db, unitId);
	if (!unit || !unit.path.startsWith(decision.unitPath))
		throw invalid('Đơn vị không thuộc phạm vi của quyết định.', {
			unitId: ['Đơn vị không thuộc phạm vi của quyết định.']
		});
	return unit;
}

const decisionRef = { id: id('quyết định') };
const recipientRef = { recipientId: id('người được khen') };
const NOTHING_CHANGED = 'Không có thông tin nào thay đổi.';

/** What a correction changes, old and new values; a correction that changes nothing is refused. */
function changesOf<A extends Record<string, unknown>>(
	current: { [K in keyof A]: unknown },
	next: A
) {
	const changed = changedFields(current, next);
	if (changed.length === 0) throw invalid(NOTHING_CHANGED);
	return {
		before: Object.fromEntries(changed.map((k) => [k, current[k]])),
		after: Object.fromEntries(changed.map((k) => [k, next[k]]))
	};
}

export const addRecipient = defineUseCase({
	name: 'award.recipient_add',
	input: newRecipientSchema.safeExtend(decisionRef),
	load: ({ db }, input) => findDecisionOr404(db, input.id, true),
	authorize: (_actor, decision) => managedDecision(decision),
	run: async ({ db, actor, now }, input, decision) => {
		const unit = await recipientUnit(db, decision, input.unitId);
		const row = {
			decisionId: decision.id,
			kind: input.kind,
			customKind: input.kind === 'custom' ? (input.customKind ?? null) : null,
			type: input.type,
			name: input.name,
			nameFolded: foldVietnamese(input.name),
			unitId: unit?.id ?? null,
			unitName: input.unitName,
			position: input.position,
			achievement: input.achievement,
			field: input.field ?? null,
			email: input.email ?? null,
			certificateCode: newCode(),
			rank: await repo.nextRank(db, decision.id),
			createdAt: now,
			updatedAt: now
		};
		const [inserted] = await repo.insertRecipients(db, [row], slugFor);
		await repo.insertEvent(db, {
			decisionId: decision.id,
			recipientId: inserted!.id,
			at: now,
			actorId: actor.id,
			action: 'add',
			after: { name: input.name, unitName: input.unitName }
		});
		// Added to a decision already issued: told like those issued with it.
		await tellAwarded(db, now, decision, [{ ...row, nominationId: null, ...inserted! }]);
		return inserted!.id;
	},
	audit: (recipientId, input, decision) => ({
		entityType: 'award_recipient',
		entityId: recipientId,
		unitPath: decision.unitPath,
		after: { decisionId: decision.id, name: input.name }
	})
});

/**
 * Corrects a decision's particulars; the old values stay in its history with the reason. The
 * form comes filled with the current values and what it sends is the new state; a blank field
 * leaves each recipient its own (its campaign category's, if any).
 */
export const correctDecision = defineUseCase({
	name: 'award.correct',
	input: correctDecisionSchema.extend(decisionRef),
	load: ({ db }, input) => findDecisionOr404(db, input.id, true),
	authorize: (_actor, decision) => managedDecision(decision),
	run: async ({ db, actor, now }, input, decision) => {
		const next = decisionValues(input);
		const { before, after } = changesOf(decision, next);
		try {
			await repo.updateDecision(db, decision.id, { ...next, updatedAt: now });
		} catch (error) {
			if (isUniqueViolation(error))
				throw conflict(DUPLICATE_NUMBER, { number: [DUPLICATE_NUMBER] });
			throw error;
		}
		await repo.insertEvent(db, {
			decisionId: decision.id,
			at: now,
			actorId: actor.id,
			action: 'correct',
			before,
			after,
			reason: input.reason
		});
		return { before, after };
	},
	audit: ({ before, after }, input, decision) => ({
		entityType: 'award_decision',
		entityId: decision.id,
		unitPath: decision.unitPath,
		before,
		after: { ...after, reason: input.reason }
	}),
	present: () => undefined
});

/** Corrects a recipient (a misspelt name, the wrong unit); the certificate code stays. */
export const correctRecipient = defineUseCase({
	name: 'award.recipient_correct',
	input: correctRecipientSchema.safeExtend(recipientRef),
	load: ({ db }, input) => findRecipientOr404(db, input.recipientId, true),
	authorize: (_actor, { decision }) => managedDecision(decision),
	run: async ({ db, actor, now }, input, { recipient, decision }) => {
		if (recipient.revokedAt) throw conflict('Khen thưởng này đã bị thu hồi, không sửa được.');
		const unit = await recipientUnit(db, decision, input.unitId);
		const next = {
			kind: input.kind,
			customKind: input.kind === 'custom' ? (input.customKind ?? null) : null,
			type: input.type,
			name: input.name,
			unitId: unit?.id ?? null,
			unitName: input.unitName,
			position: input.position,
			achievement: input.achievement,
			field: input.field ?? null
		};
		const { before, after } = changesOf(recipient, next);
		await repo.updateRecipient(db, recipient.id, {
			...next,
			nameFolded: foldVietnamese(input.name),
			updatedAt: now
		});
		await repo.insertEvent(db, {
			decisionId: decision.id,
			recipientId: recipient.id,
			at: now,
			actorId: actor.id,
			action: 'correct',
			before,
			after,
			reason: input.reason
		});
		return { before, after };
	},
	audit: ({ before, after }, input, { recipient, decision }) => ({
		entityType: 'award_recipient',
		entityId: recipient.id,
		unitPath: decision.unitPath,
		before,
		after: { ...after, reason: input.reason }
	}),
	present: () => undefined
});

const REVOKED = 'Khen thưởng này đã bị thu hồi trước đó.';

/**
 * Revokes one recipient's award: the record, its code and its history stay (verification says
 * "revoked"), and the honour roll stops showing it.
 */
export const revokeRecipient = defineUseCase({
	name: 'award.revoke',
	input: revokeSchema.extend(recipientRef),
	load: ({ db }, input) => findRecipientOr404(db, input.recipientId, true),
	authorize: (_actor, { decision }) => managedDecision(decision),
	confirm: async (_scope, { reason }, { recipient, decision }) => {
		if (recipient.revokedAt) throw conflict(REVOKED);
		return {
			title: 'Thu hồi khen thưởng?',
			summary: `Khen thưởng của ${recipient.name} (${recipient.unitName}) theo quyết định số ${decision.number} sẽ bị thu hồi, với lý do: “${reason}”.`,
			details: [
				'Tên được gỡ khỏi bảng vinh danh; tra mã xác minh sẽ báo “đã thu hồi”.',
				'Thu hồi không hoàn tác được; hồ sơ và lịch sử vẫn được lưu.'
			]
		};
	},
	run: async ({ db, actor, now }, { reason }, { recipient, decision }) => {
		if (recipient.revokedAt) throw conflict(REVOKED);
		await repo.updateRecipient(db, recipient.id, {
			revokedAt: now,
			revokedReason: reason,
			revokedById: actor.id,
			updatedAt: now
		});
		await repo.insertEvent(db, {
			decisionId: decision.id,
			recipientId: recipient.id,
			at: now,
			actorId: actor.id,
			action: 'revoke',
			before: { revoked: false },
			after: { revoked: true },
			reason
		});
	},
	audit: (_none, { reason }, { recipient, decision }) => ({
		entityType: 'award_recipient',
		entityId: recipient.id,
		unitPath: decision.unitPath,
		before: { revoked: false },
		after: { revoked: true, reason }
	})
});
