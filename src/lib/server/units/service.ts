import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { createUnitSchema, moveUnitSchema, updateUnitSchema } from '$lib/schemas/units';
import { embedOriginsSchema } from '$lib/schemas/embeds';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Unit } from '../db/schema';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors';
import { defineUseCase, type Check } from '../usecase';
import * as repo from './repo';
import {
	idsOnPath,
	isValidNewParent,
	unitCreateCheck as createCheck,
	unitSnapshot as snapshot
} from './rules';

async function loadUnit(db: Db, id: number): Promise<Unit> {
	const unit = await repo.findUnit(db, id);
	if (!unit) throw notFound('Không tìm thấy đơn vị.');
	return unit;
}

const CODE_TAKEN = 'Mã đơn vị này đã được dùng cho đơn vị khác.';

async function withUniqueCode<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict(CODE_TAKEN, { code: [CODE_TAKEN] });
		throw error;
	}
}

/** The units an organizer administers, as a tree ordered by path. */
export async function listUnits(
	ctx: Ctx,
	options: { search?: string; includeArchived?: boolean } = {}
) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listUnits(ctx.db, { withinPaths: administeredPaths(actor), ...options });
}

export async function getUnit(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const unit = await repo.findUnit(ctx.db, id);
	// 404 rather than 403 for units outside the reader's reach: existence is not revealed.
	if (!unit || !can(actor, 'unit.read', { kind: 'unit', path: unit.path })) {
		throw notFound('Không tìm thấy đơn vị.');
	}
	const parent = unit.parentId ? await repo.findUnit(ctx.db, unit.parentId) : null;
	return { ...unit, parentName: parent?.name ?? null };
}

const unitIdField = id('đơn vị');
const unitRef = z.object({ id: unitIdField });

const parentMissing = () =>
	invalid('Đơn vị cấp trên không tồn tại.', { parentId: ['Đơn vị cấp trên không tồn tại.'] });

async function activeParent(db: Db, parentId: number | undefined): Promise<Unit | null> {
	if (!parentId) return null;
	const parent = await repo.findActiveUnit(db, parentId);
	if (!parent) throw parentMissing();
	return parent;
}

export const createUnit = defineUseCase({
	name: 'unit.create',
	input: createUnitSchema,
	load: ({ db }, input) => activeParent(db, input.parentId),
	authorize: (_actor, parent) => createCheck(parent),
	run: ({ db }, { name, code, kind, memberCount }, parent) =>
		withUniqueCode(() => repo.insertUnit(db, { name, code, kind, memberCount }, parent)),
	audit: (unit) => ({
		entityType: 'unit',
		entityId: unit.id,
		unitPath: unit.path,
		after: snapshot(unit)
	})
});

export const updateUnit = defineUseCase({
	name: 'unit.update',
	input: updateUnitSchema.extend(unitRef.shape),
	load: ({ db }, input) => loadUnit(db, input.id),
	authorize: (_actor, before) => ({
		action: 'unit.update',
		resource: { kind: 'unit', path: before.path }
	}),
	run: ({ db, now }, { id, ...fields }) =>
		withUniqueCode(() => repo.updateUnitFields(db, id, fields, now)),
	audit: (unit, _input, before) => ({
		entityType: 'unit',
		entityId: unit.id,
		unitPath: unit.path,
		before: snapshot(before),
		after: snapshot(unit)
	})
});

/**
 * The sites allowed to frame the unit's embeddable pages (and those of the units below it). An
 * administrator of the unit edits them like the unit's other settings.
 */
export const updateEmbedOrigins = defineUseCase({
	name: 'unit.embeds',
	input: embedOriginsSchema.extend(unitRef.shape),
	load: ({ db }, input) => loadUnit(db, input.id),
	authorize: (_actor, before) => ({
		action: 'unit.update',
		resource: { kind: 'unit', path: before.path }
	}),
	run: ({ db, now }, { id, embedOrigins }) => repo.setEmbedOrigins(db, id, embedOrigins, now),
	audit: (unit, _input, before) => ({
		entityType: 'unit',
		entityId: unit.id,
		unitPath: unit.path,
		before: { embedOrigins: before.embedOrigins },
		after: { embedOrigins: unit.embedOrigins }
	})
});

/**
 * @public Which sites may frame a page of the unit on this path: its own list and those of the
 * units above it (a province's portal may show its districts' polls). Read for anonymous
 * visitors of an embeddable page; the list is what browsers are told anyway.
 */
export function embedOriginsFor(ctx: Pick<Ctx, 'db'>, unitPath: string): Promise<string[]> {
	return repo.embedOriginsOf(ctx.db, idsOnPath(unitPath));
}

/** @public The same for a page of the whole tree (the honour roll without a unit). */
export function rootEmbedOrigins(ctx: Pick<Ctx, 'db'>): Promise<string[]> {
	return repo.rootEmbedOrigins(ctx.db);
}

export const moveUnit = defineUseCase({
	name: 'unit.move',
	input: moveUnitSchema.extend(unitRef.shape),
	load: async ({ db }, input) => ({
		unit: await loadUnit(db, input.id),
		parent: await activeParent(db, input.parentId)
	}),
	authorize: (_actor, { unit, parent }) => [
		{ action: 'unit.move', resource: { kind: 'unit', path: unit.path } },
		createCheck(parent)
	],
	run: async ({ db, now }, _input, { unit, parent }) => {
		if (!isValidNewParent(unit.path, parent?.path ?? null)) {
			const message = 'Không thể chuyển đơn vị vào chính nó hoặc một đơn vị trực thuộc nó.';
			throw invalid(message, { parentId: [message] });
		}
		await repo.moveSubtree(db, unit, parent, now);
		return loadUnit(db, unit.id);
	},
	audit: (moved, _input, { unit, parent }) => ({
		entityType: 'unit',
		entityId: unit.id,
		unitPath: moved.path,
		before: { parentId: unit.parentId, path: unit.path },
		after: { parentId: parent?.id ?? null, path: moved.path }
	})
});

const archiveCheck = (_actor: unknown, unit: Unit): Check => ({
	action: 'unit.archive',
	resource: { kind: 'unit', path: unit.path }
});

const archivedAudit = (archived: boolean) => (unit: Unit) => ({
	entityType: 'unit',
	entityId: unit.id,
	unitPath: unit.path,
	before: { archived: !archived },
	after: { archived }
});

export const archiveUnit = defineUseCase({
	name: 'unit.archive',
	input: unitRef,
	load: ({ db }, input) => loadUnit(db, input.id),
	authorize: archiveCheck,
	run: async ({ db, now }, _input, unit) => {
		if (unit.archivedAt) throw conflict('Đơn vị này đã được lưu trữ trước đó.');
		if ((await repo.countActiveChildren(db, unit.id)) > 0) {
			throw conflict(
				'Đơn vị còn đơn vị trực thuộc đang hoạt động. Hãy chuyển hoặc lưu trữ các đơn vị đó trước.'
			);
		}
		if ((await repo.countActiveMembers(db, unit.id)) > 0) {
			throw conflict(
				'Đơn vị còn tài khoản thành viên đang hoạt động. Hãy chuyển họ sang đơn vị khác trước.'
			);
		}
		await repo.setArchived(db, unit.id, now, now);
		return loadUnit(db, unit.id);
	},
	audit: archivedAudit(true)
});

export const restoreUnit = defineUseCase({
	name: 'unit.restore',
	input: unitRef,
	load: ({ db }, input) => loadUnit(db, input.id),
	authorize: archiveCheck,
	run: async ({ db, now }, _input, unit) => {
		if (!unit.archivedAt) throw conflict('Đơn vị này đang hoạt động.');
		const parent = unit.parentId ? await repo.findUnit(db, unit.parentId) : null;
		if (parent?.archivedAt)
			throw conflict('Đơn vị cấp trên đang bị lưu trữ. Hãy khôi phục đơn vị cấp trên trước.');
		await repo.setArchived(db, unit.id, null, now);
		return loadUnit(db, unit.id);
	},
	audit: archivedAudit(false)
});

/** @public Unit names are public: registration and public forms pick a unit from the tree. */
export async function listUnitChoices(db: Db) {
	const rows = await repo.listUnits(db, { withinPaths: null });
	return rows.map((u) => ({ id: u.id, name: u.name, code: u.code, depth: u.depth, path: u.path }));
}
