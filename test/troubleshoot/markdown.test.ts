// docs/troubleshooting.md is the rule table, rendered: this test fails when they drift apart (run
// `npx vitest run test/troubleshoot/markdown.test.ts -u` after changing a rule).
import {expect, it} from 'vitest';
import {rulesMarkdown} from '../../source/core/troubleshoot/markdown.js';
import {RULES} from '../../source/core/troubleshoot/rules.js';

it('docs/troubleshooting.md says what the rule table says', async () => {
	const page = rulesMarkdown();
	for (const rule of RULES) expect(page).toContain(`## \`${rule.id}\``);
	await expect(page).toMatchFileSnapshot('../../docs/troubleshooting.md');
});
