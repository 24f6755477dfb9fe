// AWS CloudTrail (cloudtrail.<region>.amazonaws.com; awsJson1_1, SigV4 "cloudtrail"). The SDK for JavaScript
// v3 sends X-Amz-Target CloudTrail_20131101.<Op> (its smithy service name), botocore and the API reference
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>: both are accepted, nothing else.
// DescribeTrails lists the trails of the region plus the multi-region trails that reach it (shadow trails);
// GetTrailStatus answers for a trail by name or ARN.
import type {TrailFixture} from '../team-fixtures.js';
import {json11, Json11Error, teamOf, type OperationContext} from './json11.js';

const trailArn = (trail: TrailFixture, account: string) => `arn:aws:cloudtrail:${trail.HomeRegion}:${account}:trail/${trail.Name}`;

function visible(context: OperationContext): TrailFixture[] {
	return teamOf(context.world).trails.filter((t) => t.HomeRegion === context.region || t.IsMultiRegionTrail);
}

export const cloudtrail = json11({
	targetPrefixes: ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
	signingName: 'cloudtrail',
	operations: {
		DescribeTrails(input, context) {
			const shadows = input['includeShadowTrails'] !== false;
			const trails = visible(context).filter((t) => shadows || t.HomeRegion === context.region);
			return {
				trailList: trails.map((t) => ({
					Name: t.Name,
					S3BucketName: t.S3BucketName,
					IncludeGlobalServiceEvents: true,
					IsMultiRegionTrail: t.IsMultiRegionTrail,
					HomeRegion: t.HomeRegion,
					TrailARN: trailArn(t, context.caller.accountId),
					LogFileValidationEnabled: true,
					HasCustomEventSelectors: false,
					HasInsightSelectors: false,
					IsOrganizationTrail: t.IsOrganizationTrail ?? false,
				})),
			};
		},
		GetEventSelectors(input, context) {
			const name = String(input['TrailName'] ?? '');
			const trail = visible(context).find((t) => t.Name === name || trailArn(t, context.caller.accountId) === name);
			if (!trail) throw new Json11Error(400, 'TrailNotFoundException', `Unknown trail: ${name} for the user: ${context.caller.accountId}`);
			return {TrailARN: trailArn(trail, context.caller.accountId), EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: trail.IncludeManagementEvents ?? true, DataResources: [], ExcludeManagementEventSources: []}]};
		},
		GetTrailStatus(input, context) {
			const name = String(input['Name'] ?? '');
			if (!name) throw new Json11Error(400, 'InvalidTrailNameException', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).');
			const trail = visible(context).find((t) => t.Name === name || trailArn(t, context.caller.accountId) === name);
			if (!trail) throw new Json11Error(400, 'TrailNotFoundException', `Unknown trail: ${name} for the user: ${context.caller.accountId}`);
			return {IsLogging: trail.IsLogging, ...(trail.IsLogging ? {LatestDeliveryTime: Math.floor(context.world.now() / 1000) - 300, StartLoggingTime: 1_764_547_200} : {StopLoggingTime: 1_764_547_200})};
		},
	},
});
