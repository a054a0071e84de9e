import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AREAS as SEALED_AREAS } from '../../eslint/seals.js';

// Static guarantees behind the policy: every use case authorises, and every form action or
// writing endpoint goes through a use case. The database tests check that the checks are right.

const root = join(import.meta.dirname, '..', '..');

function walk(dir: string, match: (name: string) => boolean): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return walk(path, match);
		return match(name) ? [path] : [];
	});
}

function parse(path: string): ts.SourceFile {
	return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

function calls(node: ts.Node): string[] {
	const names: string[] = [];
	const visit = (n: ts.Node) => {
		if (ts.isCallExpression(n)) {
			const callee = n.expression;
			if (ts.isIdentifier(callee)) names.push(callee.text);
			else if (ts.isPropertyAccessExpression(callee)) names.push(callee.name.text);
		}
		ts.forEachChild(n, visit);
	};
	visit(node);
	return names;
}

/** The file's own top-level functions, by name. */
function localFunctions(source: ts.SourceFile): Map<string, ts.Node> {
	const found = new Map<string, ts.Node>();
	for (const statement of source.statements) {
		if (ts.isFunctionDeclaration(statement) && statement.name)
			found.set(statement.name.text, statement);
		if (ts.isVariableStatement(statement)) {
			for (const d of statement.declarationList.declarations) {
				if (
					ts.isIdentifier(d.name) &&
					d.initializer &&
					(ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
				) {
					found.set(d.name.text, d.initializer);
				}
			}
		}
	}
	return found;
}

/** Calls made by a node and, through the file's own helpers, by everything it calls. */
function reachableCalls(node: ts.Node, locals: Map<string, ts.Node>): Set<string> {
	const seen = new Set<string>();
	const queue = calls(node);
	while (queue.length) {
		const name = queue.pop()!;
		if (seen.has(name)) continue;
		seen.add(name);
		const local = locals.get(name);
		if (local) queue.push(...calls(local));
	}
	return seen;
}

function isExported(node: ts.Node): boolean {
	return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

// Area modules that hold use cases and queries (service.ts, or the files a service was split into).
// The areas the seal rule knows: a new area's use cases count without editing this test.
const AREAS = new RegExp(`/src/lib/server/(${SEALED_AREAS.join('|')})/`);
const serviceFiles = walk(join(root, 'src/lib/server'), (n) => n.endsWith('.ts')).filter(
	(f) =>
		AREAS.test(f) &&
		!f.endsWith('.test.ts') &&
		/\/(service|queries|[a-z-]+-use-cases|use-cases)\.ts$|\/use-cases\//.test(f)
);
const routeFiles = walk(
	join(root, 'src/routes'),
	(n) => n === '+page.server.ts' || n === '+server.ts'
);

describe('every exported use case authorises', () => {
	it('finds the service modules', () => {
		expect(serviceFiles.length).toBeGreaterThanOrEqual(4);
	});

	for (const file of serviceFiles) {
		const source = parse(file);
		const locals = localFunctions(source);
		for (const statement of source.statements) {
			if (!ts.isFunctionDeclaration(statement) || !isExported(statement) || !statement.name)
				continue;
			const name = statement.name.text;
			// A use case anyone may call says so, with its reason, in a @public tag.
			const isPublic = ts.getJSDocTags(statement).some((tag) => tag.tagName.text === 'public');
			it(`${relative(root, file)}: ${name}`, () => {
				// Directly or through a helper of the same module (a loader that checks, say).
				const called = reachableCalls(statement, locals);
				const authorises =
					called.has('authorize') || called.has('authorizeRead') || called.has('requireActor');
				expect(isPublic || authorises, `${name} neither authorises nor is marked @public`).toBe(
					true
				);
			});
		}
	}
});

/** What a route imports from an area's public entry: named imports and namespace aliases. */
function serviceImports(source: ts.SourceFile): { names: Set<string>; namespaces: Set<string> } {
	const names = new Set<string>();
	const namespaces = new Set<string>();
	for (const statement of source.statements) {
		if (!ts.isImportDeclaration(statement)) continue;
		const from = (statement.moduleSpecifier as ts.StringLiteral).text;
		if (!/^\$lib\/server\/[a-z-]+$/.test(from) || !AREAS.test(`/src/lib/server/${from.slice(12)}/`))
			continue;
		const bindings = statement.importClause?.namedBindings;
		if (bindings && ts.isNamedImports(bindings))
			bindings.elements.forEach((e) => names.add(e.name.text));
		if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
	}
	return { names, namespaces };
}

/** Use cases handed to an adapter (`formAction(createUnit)`, `jsonAction(units.castVote)`). */
function adapted(node: ts.Node): string[] {
	const found: string[] = [];
	const visit = (n: ts.Node) => {
		if (
			ts.isCallExpression(n) &&
			ts.isIdentifier(n.expression) &&
			['formAction', 'jsonAction'].includes(n.expression.text) &&
			n.arguments[0]
		) {
			const target = n.arguments[0];
			if (ts.isIdentifier(target)) found.push(target.text);
			if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression))
				found.push(`${target.expression.text}.${target.name.text}`);
		}
		ts.forEachChild(n, visit);
	};
	visit(node);
	return found;
}

/** Calls through a namespace import (`units.listUnits(ctx)`). */
function namespaceCalls(node: ts.Node): string[] {
	const found: string[] = [];
	const visit = (n: ts.Node) => {
		if (
			ts.isCallExpression(n) &&
			ts.isPropertyAccessExpression(n.expression) &&
			ts.isIdentifier(n.expression.expression)
		)
			found.push(`${n.expression.expression.text}.${n.expression.name.text}`);
		ts.forEachChild(n, visit);
	};
	visit(node);
	return found;
}

function actionsOf(source: ts.SourceFile): { name: string; body: ts.Node }[] {
	const found: { name: string; body: ts.Node }[] = [];
	for (const statement of source.statements) {
		if (!ts.isVariableStatement(statement) || !isExported(statement)) continue;
		for (const declaration of statement.declarationList.declarations) {
			if (
				!ts.isIdentifier(declaration.name) ||
				declaration.name.text !== 'actions' ||
				!declaration.initializer
			)
				continue;
			let object: ts.Node = declaration.initializer;
			// `adminActions<Actions>({ ... })` wraps the object literal.
			if (ts.isCallExpression(object) && object.arguments[0]) object = object.arguments[0];
			if (!ts.isObjectLiteralExpression(object))
				throw new Error(`${source.fileName}: actions is not an object literal`);
			for (const property of object.properties) {
				if (
					property.name &&
					(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
				) {
					found.push({ name: property.name.text, body: property });
				}
			}
		}
	}
	return found;
}

function writingHandlers(source: ts.SourceFile): { name: string; body: ts.Node }[] {
	const found: { name: string; body: ts.Node }[] = [];
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement) && isExported(statement)) {
			for (const d of statement.declarationList.declarations) {
				if (ts.isIdentifier(d.name) && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(d.name.text)) {
					found.push({ name: d.name.text, body: d });
				}
			}
		}
		if (
			ts.isFunctionDeclaration(statement) &&
			isExported(statement) &&
			statement.name &&
			['POST', 'PUT', 'PATCH', 'DELETE'].includes(statement.name.text)
		) {
			found.push({ name: statement.name.text, body: statement });
		}
	}
	return found;
}

describe('every form action and writing endpoint calls a use case', () => {
	const checked: string[] = [];
	for (const file of routeFiles) {
		const source = parse(file);
		const services = serviceImports(source);
		const locals = localFunctions(source);
		const route = relative(join(root, 'src/routes'), file);
		for (const { name, body } of [...actionsOf(source), ...writingHandlers(source)]) {
			checked.push(`${route}:${name}`);
			it(`${route}: ${name}`, () => {
				const fromArea = (name: string) =>
					services.names.has(name) || services.namespaces.has(name.split('.')[0]!);
				const used = [
					...[...reachableCalls(body, locals)].filter((c) => services.names.has(c)),
					...[...adapted(body), ...namespaceCalls(body)].filter((c) =>
						c.includes('.') ? fromArea(c) : services.names.has(c)
					)
				];
				expect(used.length, `${route} ${name} writes without calling a service`).toBeGreaterThan(0);
			});
		}
	}

	it('found the admin actions', () => {
		expect(checked.some((c) => c.startsWith('quan-tri/'))).toBe(true);
	});

	it('wraps every admin-area action in the admin gate', () => {
		for (const file of routeFiles.filter(
			(f) => f.includes('/quan-tri/') && f.endsWith('+page.server.ts')
		)) {
			const text = readFileSync(file, 'utf8');
			if (text.includes('export const actions'))
				expect(text, file).toMatch(/export const actions = adminActions</);
		}
	});
});

describe('the checker itself', () => {
	const source = ts.createSourceFile(
		'service.ts',
		`async function load(ctx) { requireActor(ctx); }
		 export async function guarded(ctx) { await load(ctx); }
		 export async function open(ctx) { return ctx.db.select(); }`,
		ts.ScriptTarget.Latest,
		true
	);
	const locals = localFunctions(source);

	it('sees authorisation through a local helper and misses it where there is none', () => {
		expect(reachableCalls(locals.get('guarded')!, locals).has('requireActor')).toBe(true);
		expect(reachableCalls(locals.get('open')!, locals).has('requireActor')).toBe(false);
	});
});
