// Every test runs with a throwaway HOME and no AWS/Codex variables from the developer's shell,
// so nothing can read or write the real ~/.aws or ~/.codex, and no ambient credentials leak in.
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const home = mkdtempSync(path.join(tmpdir(), 'cbs-test-home-'));
process.env['HOME'] = home;
process.env['USERPROFILE'] = home;
for (const key of Object.keys(process.env)) {
	if (/^(AWS_|CODEX_|OPENAI_)/.test(key) || /^(HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy)$/.test(key)) {
		delete process.env[key];
	}
}
process.env['AWS_CONFIG_FILE'] = path.join(home, '.aws', 'config');
process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(home, '.aws', 'credentials');
process.env['CODEX_HOME'] = path.join(home, '.codex');
// As cli.ts does for users: the SDK's notice that its *future* releases need Node 22 is noise on Node 20.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
// Ink renders only the last frame when it thinks it is in CI.
delete process.env['CI'];
delete process.env['NO_COLOR'];
