/**
 * Keeps the areas sealed (docs/architecture.md): code outside an area reaches it only through
 * its `index.ts`, and the database layer imports no area at all. Platform modules that every
 * area shares (the policy, the actor, the audit writer) are named here on purpose.
 */
import path from 'node:path';

export const AREAS = [
	'audit',
	'auth',
	'awards',
	'backups',
	'campaigns',
	'contests',
	'embeds',
	'judging',
	'live',
	'nominations',
	'notifications',
	'privacy',
	'questions',
	'reports',
	'units',
	'users',
	'voting'
];
// Shared by every area: who the actor is, what the policy allows, the audit writer the runner uses.
const PLATFORM = new Set(['auth/policy', 'auth/actor', 'audit/repo']);

const root = path.resolve(import.meta.dirname, '..');
const server = path.join(root, 'src/lib/server');

/** @param {string} from @param {string} spec */
function resolve(from, spec) {
	if (spec.startsWith('$lib/')) return path.join(root, 'src/lib', spec.slice(5));
	if (spec.startsWith('.')) return path.resolve(path.dirname(from), spec);
	return null;
}

/** `{ area, rest }` for a path inside src/lib/server, else null. */
/** @param {string} file */
function placeOf(file) {
	const rel = path.relative(server, file);
	if (rel.startsWith('..')) return null;
	const [first = '', ...rest] = rel.split(path.sep);
	return { folder: first, rest: rest.join('/').replace(/\.(ts|js)$/, '') };
}

/** @type {import('eslint').Rule.RuleModule} */
export const sealRule = {
	meta: {
		type: 'problem',
		messages: {
			sealed:
				"Reach the {{area}} area through '$lib/server/{{area}}' (its index.ts), not its {{module}}.",
			ground: 'The database layer imports no area ({{area}}); put the code that needs it on top.'
		},
		schema: []
	},
	create(context) {
		const file = context.filename;
		const here = placeOf(file);
		/** @param {any} node */
		const check = (node) => {
			const spec = node.source && node.source.value;
			if (typeof spec !== 'string') return;
			const target = resolve(file, spec);
			const there = target && placeOf(target);
			if (!there || !AREAS.includes(there.folder)) return;
			if (here?.folder === 'db') {
				context.report({ node, messageId: 'ground', data: { area: there.folder } });
				return;
			}
			if (here?.folder === there.folder) return;
			if (there.rest === '' || there.rest === 'index') return;
			if (PLATFORM.has(`${there.folder}/${there.rest}`)) return;
			context.report({
				node,
				messageId: 'sealed',
				data: { area: there.folder, module: there.rest }
			});
		};
		return {
			ImportDeclaration: check,
			ExportNamedDeclaration: check,
			ExportAllDeclaration: check,
			ImportExpression: (/** @type {any} */ node) =>
				node.source.type === 'Literal' && check({ source: node.source, ...node })
		};
	}
};

export const sealsPlugin = { rules: { areas: sealRule } };
