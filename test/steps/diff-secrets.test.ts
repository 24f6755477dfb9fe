// Secrets beyond ours: the diffs show context lines, and the user's own secrets there (a Codex bearer
// token, API keys in http_headers, any *_key / *token* / *secret* value, an sk- key) are redacted as AWS
// keys are; what is no secret (numbers, env var names) stays readable.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {SYSTEM_PATH} from '../helpers/codex.js';
import {wizardWorld} from '../helpers/wizard.js';

const SECRETS = ['sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2', 'hdr-0123456789abcdef', 'tok_live_9f8e7d6c5b4a', 'shh-its-a-secret-42'];
const TOML = [
	'approval_policy = "on-request"',
	'model_auto_compact_token_limit = 200000',
	'[model_providers.corp]',
	`experimental_bearer_token = "${SECRETS[0]}"`,
	`http_headers = { "X-Api-Key" = "${SECRETS[1]}", "X-Team" = "blue" }`,
	'env_key = "CORP_API_KEY"',
	`session_token = "${SECRETS[2]}"`,
	`my_secret = '${SECRETS[3]}'`,
	'',
].join('\n');

describe('diff context lines', () => {
	it('the Codex config diff shows the user\'s neighbouring lines with their secrets redacted', async () => {
		const w = await wizardWorld('happy');
		mkdirSync(path.join(w.home, '.aws'), {recursive: true});
		writeFileSync(path.join(w.home, '.aws', 'config'), '[profile codex-bedrock]\nregion = us-east-1\n');
		mkdirSync(path.join(w.home, '.codex'), {recursive: true});
		writeFileSync(path.join(w.home, '.codex', 'config.toml'), TOML);
		vi.stubEnv('PATH', SYSTEM_PATH);
		const {blocks} = await w.run([codexConfig], {}, {answers: {profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'}});
		const diff = blocks.find((b) => b.title === 'Changes to ~/.codex/config.toml')!.lines;
		const text = diff.join("\n");
		for (const secret of SECRETS) expect(text).not.toContain(secret);
		expect(diff).toContain(' experimental_bearer_token = "[redacted]"');
		expect(diff).toContain(' http_headers = { "X-Api-Key" = "[redacted]", "X-Team" = "blue" }');
		expect(diff).toContain(' env_key = "CORP_API_KEY"');
		expect(diff).toContain(" my_secret = '[redacted]'");
		expect(text).toContain('model_auto_compact_token_limit = 200000');
	});
});
