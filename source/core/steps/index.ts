// The wizard's ordered step table. Steps are added here as they are built; the order is the order
// the user walks through: preflight, SSO profile, region, model access, Codex config, test prompt, summary.
import type {Step} from '../types.js';
import {codexConfig} from './codex-config.js';
import {preflight} from './preflight.js';
import {modelAccess} from './model-access.js';
import {region} from './region.js';
import {ssoProfile} from './sso-profile.js';
import {summary} from './summary.js';
import {testPrompt} from './test-prompt.js';

import {STEP_TABLE} from './titles.js';

export const STEPS: readonly Step[] = [preflight, ssoProfile, region, modelAccess, codexConfig, testPrompt, summary];

// The first frame (drawn from STEP_TABLE before this module loads) must list the same steps.
if (STEPS.map((s) => s.id).join() !== STEP_TABLE.map((s) => s.id).join()) {
	throw new Error('steps/titles.ts and steps/index.ts list different steps');
}
