// --demo touches nothing outside its throwaway home: "Install Codex now?" answered yes in a demo does not
// run npm install -g (it would change the machine for every user), and the question says it is simulated.
import {chmodSync, existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {installCodex} from '../../source/core/codex/cli.js';
import {testContext} from '../helpers/context.js';

describe('installing Codex in --demo', () => {
	it('is simulated: npm is never started, and the output says why', async () => {
		// An `npm` first on PATH that leaves a mark if anything runs it.
		const bin = mkdtempSync(path.join(tmpdir(), 'cbs-npm-'));
		const marker = path.join(bin, 'ran');
		writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\ntouch ${marker}\n`);
		chmodSync(path.join(bin, 'npm'), 0o755);
		const base = testContext();
		const ctx = {...base, env: {...base.env, PATH: `${bin}:/usr/bin:/bin`}, demo: {scenario: 'happy', home: base.paths.home, startUrl: 'https://d-9067example.awsapps.com/start', ssoRegion: 'us-east-1'}};
		const result = await installCodex(ctx, new AbortController().signal);
		expect(result).toMatchObject({ok: false, simulated: true});
		expect(result.output.join('\n')).toContain('(demo) not run: npm install -g @openai/codex@latest');
		expect(existsSync(marker)).toBe(false);
		// The same npm outside the demo is run (so the test above is not vacuous).
		await installCodex({...ctx, demo: undefined} as typeof base, new AbortController().signal);
		expect(existsSync(marker)).toBe(true);
	});
});
