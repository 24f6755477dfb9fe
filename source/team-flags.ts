// The flags only the `team` commands take (team init, team check [--fix]). The wizard's own flags that mean
// the same thing (--start-url, --sso-region, --account-id, --role-name, --profile, --region, --model,
// --codex-profile, --codex-default) are reused as they are.
import type {FlagSpec} from './core/types.js';

export const TEAM_FLAGS: FlagSpec[] = [
	{name: 'team-name', type: 'string', valueName: 'NAME', description: 'team init: the team\'s name, shown in the preset and permissions.md.'},
	{name: 'routes', type: 'string', valueName: 'LIST', description: 'team init: approved Codex routes, comma-separated: mantle (amazon-bedrock), runtime (amazon-bedrock-runtime).'},
	{name: 'regions', type: 'string', valueName: 'LIST', description: 'team init: approved regions, comma-separated (the first is the default).'},
	{name: 'models', type: 'string', valueName: 'LIST', description: 'team init: approved models as Mantle IDs, comma-separated (the first is the default).'},
	{name: 'inference-scopes', type: 'string', valueName: 'LIST', description: 'team init: Runtime inference scopes, comma-separated: in-region, geographic, global.'},
	{name: 'out', type: 'string', valueName: 'DIR', description: 'team init (with --preset FILE: start from that preset): where to write the preset, the policy, the SCP snippet and permissions.md (default: here).'},
	{name: 'create-budget', type: 'boolean', description: 'team check --fix: create the Bedrock budget (or add its missing alerts). Never implied by --yes.'},
	{name: 'update-permission-set', type: 'boolean', description: 'team check --fix: create or update the developers\' permission set with the generated policy and provision it. Never implied by --yes.'},
	{name: 'budget-email', type: 'string', valueName: 'ADDRESS', description: 'team check --fix: who gets the budget alerts.'},
	{name: 'budget-amount', type: 'string', valueName: 'USD', description: 'team check --fix: the monthly Bedrock budget in US dollars.'},
];
