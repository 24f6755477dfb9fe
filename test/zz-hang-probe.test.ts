import {it} from 'vitest';
import {ssoProfile} from '../source/core/steps/sso-profile.js';
import {getScenario} from '../source/fake-aws/scenarios.js';
import {SSO_FLAGS, wizardWorld} from './helpers/wizard.js';
for (const op of ['ListAccounts', 'CreateToken']) {
	it(op, async () => {
		const s = getScenario('happy');
		s.faults.push({operation: op, status: 0, errorType: '', message: '', hang: true});
		const w = await wizardWorld(s);
		const t = Date.now();
		const {result, renderer} = await w.run([ssoProfile], {...SSO_FLAGS, profile: 'codex-bedrock', yes: true});
		console.log('HANG', op, result.exitCode, Date.now() - t, JSON.stringify(result.state.failure?.message), JSON.stringify(renderer.tasks));
	}, 300000);
}
