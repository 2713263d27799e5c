import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { environmentNames, environments, type EnvironmentName } from '../config';
import { HealthSyncStack } from '../lib/health-sync-stack';

/**
 * cdk synth/deploy entry point. Context:
 *   -c imageTag=<git sha>   required: the tag CI pushed to both ECR repositories
 *   -c env=dev|uat|prod     optional: only that environment (default: all three)
 *
 * Every environment has an explicit account/region and no lookups, so synth
 * needs no AWS credentials. cdk-nag (AWS Solutions pack) runs as a validation
 * plugin: an unacknowledged finding fails synth.
 */
const app = new App();

const imageTag: unknown = app.node.tryGetContext('imageTag');
if (typeof imageTag !== 'string' || imageTag === '') {
  throw new Error('Missing context imageTag: run e.g. `cdk deploy HealthSync-dev -c imageTag=$(git rev-parse HEAD)`');
}

const only: unknown = app.node.tryGetContext('env');
if (only !== undefined && !environmentNames.includes(only as EnvironmentName)) {
  throw new Error(`Unknown env "${String(only)}"; expected one of ${environmentNames.join(', ')}`);
}
const selected = only === undefined ? environmentNames : [only as EnvironmentName];

for (const name of selected) {
  new HealthSyncStack(app, `HealthSync-${name}`, { config: environments[name], imageTag });
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
