// On WSL the SSO step picks the device code by itself and says why.
import {describe, expect, it, vi} from 'vitest';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

describe('login flow on WSL', () => {
	it('WSL_DISTRO_NAME set (WSLg has a DISPLAY too): device code, with the reason', async () => {
		const world = await wizardWorld();
		vi.stubEnv('DISPLAY', ':0');
		vi.stubEnv('WSL_DISTRO_NAME', 'Ubuntu-24.04');
		const {result, notes} = await world.run([ssoProfile], {...SSO_FLAGS, profile: 'codex-bedrock'});
		expect(result.state.failure).toBeUndefined();
		expect(notes).toContain("Using a device code: this is WSL, where the Windows browser often cannot reach the sign-in's loopback redirect.");
		expect(world.fake.state.log.map((l) => l.operation)).toContain('StartDeviceAuthorization');
	});
});
