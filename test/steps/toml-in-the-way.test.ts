// Files other tools read, the Codex side: a value in the way of what the step sets (a string or an
// array of tables where Codex needs a table) is commented out with the reason, never deleted; the legacy
// [profiles.NAME] repair works when that table is the only thing in config.toml; a set-aside name that
// exists already is never overwritten; and after setting a broken file aside and declining the write,
// the message says what did happen. The real `codex doctor` judges every result (the step's own check).
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {utcStamp} from '../../source/core/files.js';
import type {Question} from '../../source/core/types.js';
import {CODEX, SYSTEM_PATH} from '../helpers/codex.js';
import {wizardWorld} from '../helpers/wizard.js';

const ANSWERS = {profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'};

async function world(toml: string) {
	const w = await wizardWorld('happy');
	mkdirSync(path.join(w.home, '.aws'), {recursive: true});
	writeFileSync(path.join(w.home, '.aws', 'config'), '[profile codex-bedrock]\nregion = us-east-1\n');
	mkdirSync(path.join(w.home, '.codex'), {recursive: true});
	writeFileSync(path.join(w.home, '.codex', 'config.toml'), toml);
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	const read = (name = 'config.toml') => readFileSync(path.join(w.home, '.codex', name), 'utf8');
	return {...w, read};
}

describe('a value in the way is commented out with the reason', () => {
	it.each([
		['a string where a table goes', '# mine\nmodel_providers = "corp"\n', ['# codex-bedrock-setup: model_providers was a string where Codex needs a table', '# model_providers = "corp"']],
		['an array of tables', '# mine\n[[model_providers]]\nname = "x"\n', ['# codex-bedrock-setup: model_providers was an array of tables where Codex needs a table', '# [[model_providers]]', '# name = "x"']],
		['a string where the aws table goes', '[model_providers.amazon-bedrock]\naws = "nope"\n', ['# codex-bedrock-setup: model_providers.amazon-bedrock.aws was a string where Codex needs a table', '# aws = "nope"']],
	])('%s', async (_name, toml, lines) => {
		const w = await world(toml);
		const {result, notes} = await w.run([codexConfig], {}, {answers: ANSWERS});
		expect(result.state.failure).toBeUndefined();
		const after = w.read().split('\n');
		for (const line of lines) expect(after.some((l) => l.startsWith(line)), `${line} in\n${after.join('\n')}`).toBe(true);
		expect(notes).toContain('codex doctor: the config loads; provider amazon-bedrock, model openai.gpt-5.5');
	});
});

describe('the legacy [profiles.NAME] table', () => {
	it('is moved out (commented) also when it is the only table in config.toml', async () => {
		const w = await world('[profiles.bedrock]\nmodel = "x"\n');
		const {result} = await w.run([codexConfig], {'codex-profile': 'bedrock'}, {answers: ANSWERS});
		expect(result.state.failure).toBeUndefined();
		expect(w.read()).toBe('# codex-bedrock-setup: moved to bedrock.config.toml (codex --profile bedrock refuses to start while this legacy table exists).\n# [profiles.bedrock]\n# model = "x"\n');
		expect(w.read('bedrock.config.toml')).toContain('model_provider = "amazon-bedrock"');
	});
});

describe('setting a broken config.toml aside', () => {
	it('never overwrites a file that has the set-aside name already', async () => {
		const w = await world('model = "unterminated\n');
		const taken = path.join(w.home, '.codex', `config.toml.broken-${utcStamp(w.clock.now())}`);
		writeFileSync(taken, 'an earlier broken file\n');
		const {result} = await w.run([codexConfig], {'set-aside-broken-config': true}, {answers: ANSWERS});
		expect(result.state.failure).toBeUndefined();
		expect(readFileSync(taken, 'utf8')).toBe('an earlier broken file\n');
		expect(readFileSync(`${taken}-2`, 'utf8')).toBe('model = "unterminated\n');
	});

	it('after the rename and a no to the write, the failure says the file was set aside, not that nothing was written', async () => {
		const w = await world('model = "unterminated\n');
		const answer = (q: Question) => (q.id === 'set-aside-broken-config' ? true : q.id === 'write-codex-config' ? false : q.id === 'after-failure' ? 'quit' : q.kind === 'confirm' ? q.default : (q.default ?? ''));
		const {result} = await w.run([codexConfig], {}, {answers: ANSWERS, interactive: true, script: Array.from({length: 10}, () => answer)});
		const failure = result.state.failure!;
		expect(failure.code).toBe('user.declined-write');
		expect(failure.message).not.toMatch(/nothing was written/i);
		expect(failure.message).toMatch(/^The new Codex config was not written, but ~\/\.codex\/config\.toml was set aside as ~\/\.codex\/config\.toml\.broken-\d{8}T\d{6}Z/);
		expect(failure.hint).toMatch(/To put it back: mv ~\/\.codex\/config\.toml\.broken-\S+ ~\/\.codex\/config\.toml/);
		expect(existsSync(path.join(w.home, '.codex', 'config.toml'))).toBe(false);
		expect(readdirSync(path.join(w.home, '.codex')).filter((n) => n.includes('broken'))).toHaveLength(1);
	});
});
