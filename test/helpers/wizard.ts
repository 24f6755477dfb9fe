// Running steps as the CLI does, against the simulated AWS, in a fresh HOME that the steps, the SDK's
// own providers (fromIni reads process.env) and the simulated AWS all agree on.
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, vi} from 'vitest';
import {simulatedBrowser} from '../../source/core/browser.js';
import {createDryRun, prefixedEndpoints, resolvePaths, type Context, type Flags} from '../../source/core/context.js';
import {runWizard} from '../../source/core/driver.js';
import type {Answers, Step} from '../../source/core/types.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import {fakeClock} from './context.js';
import {fakeAws} from './fake-aws.js';
import {recordingRenderer, type ScriptedAnswer} from './recording-renderer.js';

afterEach(() => vi.unstubAllEnvs());

/** Flags that answer the SSO step for the simulated Identity Center. */
export const SSO_FLAGS = {'start-url': DEMO_START_URL, 'sso-region': 'us-east-1', 'account-id': '111122223333', 'role-name': 'BedrockDeveloper'};

export async function wizardWorld(scenario: string | Scenario = 'happy', options: {home?: string} = {}) {
	const clock = fakeClock(Date.now());
	const fake = await fakeAws({scenario, now: clock.now});
	const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'cbs-wizard-'));
	vi.stubEnv('HOME', home);
	vi.stubEnv('AWS_CONFIG_FILE', path.join(home, '.aws', 'config'));
	vi.stubEnv('CODEX_HOME', path.join(home, '.codex'));
	for (const [key, value] of Object.entries(fake.env())) vi.stubEnv(key, value);
	const context = (flags: Flags = {}, controller = new AbortController()): Context => ({
		env: {...process.env},
		paths: resolvePaths(process.env),
		clock,
		flags,
		endpoints: prefixedEndpoints(fake.url),
		browser: simulatedBrowser(),
		signal: controller.signal,
		version: 'test',
	});
	const run = async (steps: Step[], flags: Flags, options: {interactive?: boolean; script?: ScriptedAnswer[]; answers?: Answers; dryRun?: boolean} = {}) => {
		const ctx: Context = {...context(flags), ...(options.dryRun ? {dryRun: createDryRun()} : {})};
		const renderer = recordingRenderer(options.script ?? []);
		const result = await runWizard({steps, ctx, renderer, interactive: options.interactive ?? false, ...(options.answers ? {answers: options.answers} : {})});
		return {result, renderer, ctx, notes: renderer.notes.map((n) => n.message), blocks: renderer.blocks};
	};
	return {fake, home, clock, run, context};
}
