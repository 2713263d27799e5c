import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentNames } from '../config';
import { MIGRATE_COMMAND } from '../lib/runtime-contract';
import {
  REPO_ROOT,
  TEST_IMAGE_TAG,
  cfn,
  containers,
  envOf,
  migrateTaskDefinition,
  onlyResource,
  secretsOf,
  serviceTaskDefinition,
  synth,
  type ContainerDef,
  type Synthesized,
} from './support/synth';

/**
 * Migrations at scale: a one-off migrate task applies them before the service updates; the
 * service's containers only check that the schema is current (MIGRATIONS=check).
 */
describe.each(environmentNames)('HealthSync-%s migrations', (name) => {
  let s: Synthesized;
  let resources: Record<string, any>;
  beforeAll(() => {
    s = synth(name);
    resources = s.template.toJSON().Resources;
  });
  const migrateContainer = (): ContainerDef => {
    const defs = migrateTaskDefinition(s.template).props.ContainerDefinitions as ContainerDef[];
    expect(defs).toHaveLength(1);
    return defs[0];
  };
  const triggerOf = () => onlyResource(s.template, 'Custom::Trigger');
  /** The Lambda function behind the trigger (HandlerArn is a Ref to its current version). */
  const triggerFunction = () => {
    const versionId = triggerOf().props.HandlerArn.Ref as string;
    const functionId = resources[versionId].Properties.FunctionName.Ref as string;
    return { id: functionId, props: resources[functionId].Properties };
  };

  test('a migrate task definition runs `npm run migrate` from the API image at the deployed tag', () => {
    const c = migrateContainer();
    expect(c.Name).toBe('migrate');
    expect(c.Command).toEqual(MIGRATE_COMMAND);
    expect(MIGRATE_COMMAND).toEqual(['node', 'dist/apps/api/src/migrate.js']);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.migrate).toBe(MIGRATE_COMMAND.join(' '));
    expect(c.Image).toEqual(containers(s.template).api.Image);
    expect(JSON.stringify(c.Image)).toContain(`/${s.config.images.apiRepositoryName}:${TEST_IMAGE_TAG}`);
    // Nothing probes it (a long conversion must not be killed) and nothing connects to it.
    expect(c.HealthCheck).toBeUndefined();
    expect(c.PortMappings ?? []).toEqual([]);
    expect(c.LogConfiguration?.Options['awslogs-group']).toEqual({ Ref: expect.stringMatching(/^MigrateTaskLogs/) });
  });

  test('the migrate task gets the database and nothing else; credentials from Secrets Manager', () => {
    const c = migrateContainer();
    expect(Object.keys(envOf(c)).sort()).toEqual(['DATABASE_SSL', 'DATABASE_URL', 'LOG_LEVEL', 'NODE_ENV']);
    expect(envOf(c).DATABASE_URL).toEqual(envOf(containers(s.template).worker).DATABASE_URL);
    const dbSecret = cfn(s.stack, s.stack.database.secret.secretArn);
    expect(secretsOf(c)).toEqual({
      DATABASE_USER: { 'Fn::Join': ['', [dbSecret, ':username::']] },
      DATABASE_PASSWORD: { 'Fn::Join': ['', [dbSecret, ':password::']] },
    });
  });

  test('the service containers do not migrate at start: MIGRATIONS=check, the image CMD unchanged', () => {
    for (const c of Object.values(containers(s.template))) {
      expect(envOf(c).MIGRATIONS).toBe('check');
      expect(envOf(c).RUN_MIGRATIONS).toBeUndefined();
      expect(c.Command).toBeUndefined();
    }
  });

  test('the service updates only after the migrate trigger has run (CloudFormation DependsOn)', () => {
    const service = onlyResource(s.template, 'AWS::ECS::Service');
    expect(service.resource.DependsOn).toEqual(expect.arrayContaining([triggerOf().id]));
    // ...and the trigger runs the migrate task of this deploy (a new revision each image tag),
    // which in turn is created after the database it points at.
    const fn = triggerFunction().props;
    expect(fn.Environment.Variables.TASK_DEFINITION_ARN).toEqual({ Ref: migrateTaskDefinition(s.template).id });
    expect(fn.Environment.Variables.CLUSTER_ARN).toEqual(cfn(s.stack, s.stack.app.cluster.clusterArn));
    expect(fn.Environment.Variables.CONTAINER_NAME).toBe('migrate');
    expect(JSON.stringify(envOf(migrateContainer()).DATABASE_URL)).toContain(
      (cfn(s.stack, s.stack.database.instance.dbInstanceEndpointAddress) as any)['Fn::GetAtt'][0],
    );
  });

  test('the trigger waits for the task (synchronous, as long as the function may run) and re-runs on each new revision', () => {
    const trigger = triggerOf().props;
    const fn = triggerFunction().props;
    expect(trigger.InvocationType).toBe('RequestResponse');
    expect(trigger.ExecuteOnHandlerChange).toBe(true);
    expect(Number(trigger.Timeout)).toBe(fn.Timeout * 1000);
    expect(fn.Timeout).toBe(900);
    expect(Number(fn.Environment.Variables.WAIT_SECONDS)).toBeLessThan(fn.Timeout);
  });

  test('the task runs where the service runs: its private subnets and security group (which PostgreSQL admits)', () => {
    const vars = triggerFunction().props.Environment.Variables;
    const service = onlyResource(s.template, 'AWS::ECS::Service').props.NetworkConfiguration.AwsvpcConfiguration;
    const joined = (list: unknown[]) => (list.length === 1 ? list[0] : { 'Fn::Join': [',', list] });
    expect(vars.SUBNET_IDS).toEqual(joined(service.Subnets));
    expect(vars.SECURITY_GROUP_IDS).toEqual(joined(service.SecurityGroups));
  });

  test('the trigger function may start only the migrate task and pass only its roles', () => {
    const fn = triggerFunction();
    const roleId = fn.props.Role['Fn::GetAtt'][0];
    const statements = Object.values(s.template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const migrate = migrateTaskDefinition(s.template);
    const runTask = statements.find((st: any) => st.Action === 'ecs:RunTask');
    expect(runTask.Resource).toEqual({ Ref: migrate.id });
    const passRole = statements.find((st: any) => st.Action === 'iam:PassRole');
    expect([passRole.Resource].flat()).toEqual([migrate.props.ExecutionRoleArn, migrate.props.TaskRoleArn]);
    expect(serviceTaskDefinition(s.template).id).not.toBe(migrate.id);
  });
});
