// config.toml files the real Codex 0.169.0 loads but @iarna/toml (TOML 1.0) refuses: a UTF-8 byte order
// mark, a trailing comma in an inline table, an inline table over several lines (TOML 1.1). Codex itself
// (`codex exec --strict-config`) is the judge that they are valid; the Codex config step must then edit
// them (not call them broken or set them aside), keep the user's bytes, and Codex must load the result.
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {CODEX, execProbe, SYSTEM_PATH} from '../helpers/codex.js';
import {wizardWorld} from '../helpers/wizard.js';

const FILES: Record<string, string> = {
	'a UTF-8 byte order mark': '\uFEFF# my settings\napproval_policy = "on-request"\n',
	'a trailing comma in an inline table': '# my settings\ntui = { animations = false, }\n',
	'an inline table over several lines': '# my settings\ntui = {\n  animations = false,\n  notifications = true\n}\n',
};

function codexHome(text: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-newer-'));
	writeFileSync(path.join(dir, 'config.toml'), text);
	return dir;
}

describe('config.toml in syntax newer than TOML 1.0', () => {
	it.each(Object.keys(FILES))('%s: Codex loads it, the step edits it in place, Codex loads the result', async (name) => {
		const text = FILES[name]!;
		const original = await execProbe(codexHome(text));
		expect(original, `codex refuses the original: ${original.refusal}`).toMatchObject({accepted: true});

		const w = await wizardWorld('happy');
		mkdirSync(path.join(w.home, '.aws'), {recursive: true});
		writeFileSync(path.join(w.home, '.aws', 'config'), '[profile codex-bedrock]\nregion = us-east-1\n');
		mkdirSync(path.join(w.home, '.codex'), {recursive: true});
		writeFileSync(path.join(w.home, '.codex', 'config.toml'), text);
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
		const {result, notes} = await w.run([codexConfig], {}, {answers: {profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'}});
		expect(result.state.failure).toBeUndefined();
		expect(result.exitCode).toBe(0);
		const after = readFileSync(path.join(w.home, '.codex', 'config.toml'), 'utf8');
		// The user's text is all there, first, byte for byte (the BOM included); Bedrock is added.
		expect(after.startsWith(text.trimEnd())).toBe(true);
		expect(after).toContain('model_provider = "amazon-bedrock"');
		expect(notes).toContain('codex doctor: the config loads; provider amazon-bedrock, model openai.gpt-5.5');
		const edited = await execProbe(codexHome(after));
		expect(edited, `codex refuses the result: ${edited.refusal}`).toMatchObject({accepted: true});
	}, 60_000);
});
