// The wizard's ordered step table. Steps are added here as they are built; the order is the order
// the user walks through: preflight, SSO profile, region, model access, Codex config, test prompt, summary.
import type {Step} from '../types.js';
import {preflight} from './preflight.js';
import {ssoProfile} from './sso-profile.js';
import {summary} from './summary.js';

export const STEPS: readonly Step[] = [preflight, ssoProfile, summary];
