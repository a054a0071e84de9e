import { RuleTester } from 'eslint';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { sealRule } from '../../eslint/seals.js';

// The seals are a lint rule; this pins what it refuses and what it lets through.

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const root = join(import.meta.dirname, '..', '..');
const at = (path: string) => join(root, path);

tester.run('seals/areas', sealRule, {
	valid: [
		{
			code: "import { notify } from '../notifications';",
			filename: at('src/lib/server/judging/round.ts')
		},
		{ code: "import * as repo from './repo';", filename: at('src/lib/server/judging/round.ts') },
		{
			code: "import { authorize } from '../auth/policy';",
			filename: at('src/lib/server/units/service.ts')
		},
		{
			code: "import { writeAudit } from '../audit/repo';",
			filename: at('src/lib/server/usecase.ts')
		},
		{
			code: "import { createUnit } from '$lib/server/units';",
			filename: at('src/routes/x/+page.server.ts')
		},
		{ code: "import { users } from './schema';", filename: at('src/lib/server/db/index.ts') }
	],
	invalid: [
		{
			code: "import { findUnit } from '../units/repo';",
			filename: at('src/lib/server/nominations/drafts.ts'),
			errors: [{ messageId: 'sealed' }]
		},
		{
			code: "import { listPolls } from '$lib/server/voting/service';",
			filename: at('src/routes/x/+page.server.ts'),
			errors: [{ messageId: 'sealed' }]
		},
		{
			code: "export { isOpen } from '../campaigns/rules';",
			filename: at('src/lib/server/nominations/index.ts'),
			errors: [{ messageId: 'sealed' }]
		},
		{
			code: "import { createUnit } from '../units';",
			filename: at('src/lib/server/db/seed.ts'),
			errors: [{ messageId: 'ground' }]
		}
	]
});
