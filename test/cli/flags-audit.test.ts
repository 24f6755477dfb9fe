// Every question the wizard can ask has a flag that answers it (or flags that decide it), every flag named
// exists in the parser, and --yes never blocks: the same home that asks questions in a terminal completes
// with --yes and no terminal.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import {STEPS} from '../../source/core/steps/index.js';
import type {Question} from '../../source/core/types.js';
import {GLOBAL_FLAGS} from '../../source/flags.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {SYSTEM_PATH} from '../helpers/codex.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {wizardWorld} from '../helpers/wizard.js';

/** Questions without a flag of their own, and the flags that decide them instead. */
const DECIDED_BY: Record<string, string[]> = {
	profile: ['--profile'],
	'codex-shape': ['--codex-profile', '--codex-default'],
};

const KNOWN = new Set([...GLOBAL_FLAGS, ...STEPS.flatMap((s) => s.flags)].map((f) => `--${f.name}`));

function byDefault(question: Question): string | boolean {
	if (question.kind === 'confirm') return true;
	if (question.kind === 'select') return question.default ?? question.choices[0]!.value;
	return question.default ?? 'codex-bedrock';
}

async function homeThatAsks() {
	const world = await wizardWorld('happy');
	vi.stubEnv('PATH', SYSTEM_PATH);
	// An SSO profile already there (the profile select) and Codex on OpenAI (the shape question).
	mkdirSync(path.join(world.home, '.aws'), {recursive: true});
	writeFileSync(path.join(world.home, '.aws', 'config'), `[profile old]\nsso_session = old\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-east-1\n\n[sso-session old]\nsso_start_url = ${DEMO_START_URL}\nsso_region = us-east-1\n`);
	mkdirSync(path.join(world.home, '.codex'), {recursive: true});
	writeFileSync(path.join(world.home, '.codex', 'config.toml'), 'model_provider = "openai"\nmodel = "gpt-5.5"\n');
	return world;
}

describe('flags and --yes', () => {
	it('every question has a flag, or flags that decide it, and each flag exists', async () => {
		const world = await homeThatAsks();
		const renderer = recordingRenderer(Array.from({length: 40}, () => byDefault));
		const ctx = world.context({'skip-codex-exec': true, 'start-url': DEMO_START_URL, 'sso-region': 'us-east-1'});
		const result = await runWizard({steps: [...STEPS], ctx, renderer, interactive: true});
		expect(result.exitCode).toBe(0);
		const asked = renderer.asked.filter((q) => q.id !== 'after-failure');
		expect(asked.map((q) => q.id)).toEqual(expect.arrayContaining(['profile', 'codex-shape', 'region', 'model']));
		for (const question of asked) {
			if (question.kind === 'confirm' && !question.explicit) continue; // --yes answers it
			const flags = question.flag ? [question.flag] : DECIDED_BY[question.id];
			expect(flags, `question "${question.id}" has no flag`).toBeDefined();
			for (const flag of flags!) expect(KNOWN.has(flag), `${flag} (for "${question.id}") is not a flag`).toBe(true);
		}
	});

	it('--yes never blocks: it takes a default, or stops at once naming the flag to pass; with that flag it completes', async () => {
		const world = await homeThatAsks();
		const flags: Record<string, string | boolean> = {yes: true, 'skip-codex-exec': true, 'start-url': DEMO_START_URL, 'sso-region': 'us-east-1'};
		const run = async () => {
			const renderer = recordingRenderer();
			const result = await runWizard({steps: [...STEPS], ctx: world.context(flags), renderer, interactive: false});
			expect(renderer.asked).toEqual([]); // nothing ever waits for a person
			return result;
		};
		// Several accounts (and roles) and no flag: choosing for the user would be a guess, so it names the
		// flag; each run stops at once, and passing what it names gets further, until the run completes.
		const values: Record<string, string> = {'--account-id': '111122223333', '--role-name': 'BedrockDeveloper'};
		const named: string[] = [];
		for (let attempt = 0; attempt < 5; attempt++) {
			const result = await run();
			if (result.exitCode === 0) break;
			expect(result.exitCode).toBe(2);
			const flag = /pass (--[\w-]+)/.exec(result.state.failure?.message ?? '')?.[1];
			expect(flag && KNOWN.has(flag), result.state.failure?.message).toBe(true);
			named.push(flag!);
			flags[flag!.slice(2)] = values[flag!]!;
		}
		expect(named).toEqual(['--account-id', '--role-name']);
		expect((await run()).exitCode).toBe(0);
	});
});
