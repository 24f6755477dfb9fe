// Facts about this machine that more than one part needs (the preflight step, doctor, the CLI's own
// start-up check, the sign-in's choice of flow), in one module that imports nothing of the wizard: every
// import points down to it.
import {readFileSync} from 'node:fs';
import type {Env} from './context.js';

export const MIN_NODE = [20, 5, 0] as const;

export function nodeVersionOk(version: string): boolean {
	const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10));
	const [wantMajor, wantMinor, wantPatch] = MIN_NODE;
	if (major !== wantMajor) return major > wantMajor;
	if (minor !== wantMinor) return minor > wantMinor;
	return patch >= wantPatch;
}

let kernel: string | undefined;
/** /proc/version, read once (WSL's kernel says "microsoft"); empty where it cannot be read. */
function kernelVersion(): string {
	if (kernel === undefined) {
		try {
			kernel = readFileSync('/proc/version', 'utf8');
		} catch {
			kernel = '';
		}
	}
	return kernel;
}

/** Whether a browser can be opened for the SSO login (else the device-code flow is the better default). */
export function browserAvailability(env: Env, platform: NodeJS.Platform, procVersion: string = platform === 'linux' ? kernelVersion() : ''): {available: boolean; reason?: string} {
	if (env['SSH_CONNECTION'] || env['SSH_TTY']) return {available: false, reason: 'this is an SSH session'};
	// WSL: the Windows browser often cannot reach the sign-in's loopback redirect inside WSL, so the device
	// code is the safer default there, as on SSH.
	if (platform === 'linux' && (env['WSL_DISTRO_NAME'] || env['WSL_INTEROP'] || /microsoft/i.test(procVersion))) {
		return {available: false, reason: 'this is WSL, where the Windows browser often cannot reach the sign-in\'s loopback redirect'};
	}
	if (env['container'] || env['CODESPACES'] || env['REMOTE_CONTAINERS']) return {available: false, reason: 'this looks like a container'};
	if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'] && !env['BROWSER']) {
		return {available: false, reason: 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)'};
	}
	return {available: true};
}
