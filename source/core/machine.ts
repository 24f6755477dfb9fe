// Facts about this machine that more than one part needs (the preflight step, doctor, the CLI's own
// start-up check, the sign-in's choice of flow), in one module that imports nothing of the wizard: every
// import points down to it.
import type {Env} from './context.js';

export const MIN_NODE = [20, 5, 0] as const;

export function nodeVersionOk(version: string): boolean {
	const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10));
	const [wantMajor, wantMinor, wantPatch] = MIN_NODE;
	if (major !== wantMajor) return major > wantMajor;
	if (minor !== wantMinor) return minor > wantMinor;
	return patch >= wantPatch;
}

/** Whether a browser can be opened for the SSO login (else the device-code flow is the better default). */
export function browserAvailability(env: Env, platform: NodeJS.Platform): {available: boolean; reason?: string} {
	if (env['SSH_CONNECTION'] || env['SSH_TTY']) return {available: false, reason: 'this is an SSH session'};
	if (env['container'] || env['CODESPACES'] || env['REMOTE_CONTAINERS']) return {available: false, reason: 'this looks like a container'};
	if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'] && !env['BROWSER']) {
		return {available: false, reason: 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)'};
	}
	return {available: true};
}
