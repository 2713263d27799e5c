import { Match } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentNames } from '../config';
import { ADMIN_PORT, API_PORT, HEALTHCHECK_SCRIPT, WORKER_HEALTH_PORT } from '../lib/runtime-contract';
import {
  REPO_ROOT,
  TEST_IMAGE_TAG,
  cfn,
  containers,
  envOf,
  onlyResource,
  secretsOf,
  serviceTaskDefinition,
  synth,
  type Synthesized,
} from './support/synth';

/** What the template must say in every environment. Each environment is synthesized once. */
describe.each(environmentNames)('HealthSync-%s', (name) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(name);
  });

  describe('task definition (api + worker sidecar)', () => {
    test('one task definition holds exactly the api and worker containers, both essential', () => {
      // The service's and the one-off migrate task's.
      s.template.resourceCountIs('AWS::ECS::TaskDefinition', 2);
      const c = containers(s.template);
      expect(Object.keys(c).sort()).toEqual(['api', 'worker']);
      expect(c.api.Essential).toBe(true);
      expect(c.worker.Essential).toBe(true);
      const { props } = serviceTaskDefinition(s.template);
      expect(props).toMatchObject({
        RequiresCompatibilities: ['FARGATE'],
        NetworkMode: 'awsvpc',
        Cpu: String(s.config.service.cpu),
        Memory: String(s.config.service.memoryMiB),
      });
    });

    test('both images come from ECR at the deployed immutable tag', () => {
      const c = containers(s.template);
      expect(JSON.stringify(c.api.Image)).toContain(`/${s.config.images.apiRepositoryName}:${TEST_IMAGE_TAG}`);
      expect(JSON.stringify(c.worker.Image)).toContain(`/${s.config.images.workerRepositoryName}:${TEST_IMAGE_TAG}`);
    });

    test('api maps port 3000, the worker exposes no port', () => {
      const c = containers(s.template);
      expect(c.api.PortMappings).toEqual([expect.objectContaining({ ContainerPort: API_PORT, Protocol: 'tcp' })]);
      expect(c.worker.PortMappings ?? []).toEqual([]);
    });

    test('worker health check runs the no-curl node probe against its Terminus readiness endpoint', () => {
      const c = containers(s.template);
      expect(c.worker.HealthCheck).toEqual({
        Command: ['CMD', 'node', HEALTHCHECK_SCRIPT, `http://127.0.0.1:${WORKER_HEALTH_PORT}/health/ready`],
        Interval: 30,
        Timeout: 5,
        Retries: 4,
        StartPeriod: 90,
      });
      expect(envOf(c.worker).WORKER_HEALTH_PORT).toBe(String(WORKER_HEALTH_PORT));
      // The probe the task runs is the script this repository ships in the image.
      expect(HEALTHCHECK_SCRIPT).toBe('/app/docker/healthcheck.js');
      expect(fs.existsSync(path.join(REPO_ROOT, 'docker', 'healthcheck.js'))).toBe(true);
    });

    test('api starts only once the worker is HEALTHY (and so stops first)', () => {
      const c = containers(s.template);
      expect(c.api.DependsOn).toEqual([{ ContainerName: 'worker', Condition: 'HEALTHY' }]);
      expect(c.worker.DependsOn).toBeUndefined();
    });

    test('worker stopTimeout outlasts its own drain deadline and stays within the Fargate limit', () => {
      const c = containers(s.template);
      const drainMs = Number(envOf(c.worker).WORKER_SHUTDOWN_TIMEOUT_MS);
      expect(drainMs).toBe(s.config.service.workerShutdownTimeoutMs);
      expect(c.worker.StopTimeout).toBe(s.config.service.workerStopTimeoutSeconds);
      expect(c.worker.StopTimeout! * 1000).toBeGreaterThan(drainMs);
      expect(c.worker.StopTimeout).toBeLessThanOrEqual(120);
    });

    test('both containers run with an init process so zombies are reaped and signals forwarded', () => {
      const c = containers(s.template);
      expect(c.api.LinuxParameters?.InitProcessEnabled).toBe(true);
      expect(c.worker.LinuxParameters?.InitProcessEnabled).toBe(true);
    });

    test('each container logs to its own log group with the configured retention', () => {
      const c = containers(s.template);
      for (const name of ['api', 'worker'] as const) {
        const group = c[name].LogConfiguration!.Options['awslogs-group'] as { Ref: string };
        expect(c[name].LogConfiguration!.LogDriver).toBe('awslogs');
        const resource = s.template.toJSON().Resources[group.Ref];
        expect(resource.Type).toBe('AWS::Logs::LogGroup');
        expect(resource.Properties).toMatchObject({
          LogGroupName: `/healthsync/${s.config.name}/${name}`,
          RetentionInDays: s.config.logs.retention,
        });
      }
    });
  });

  describe('configuration and secrets', () => {
    test('database password/user and Redis AUTH token come from Secrets Manager in both containers', () => {
      const dbSecret = cfn(s.stack, s.stack.database.secret.secretArn);
      const redisSecret = cfn(s.stack, s.stack.cache.authToken.secretArn);
      for (const c of Object.values(containers(s.template))) {
        const secrets = secretsOf(c);
        expect(secrets.DATABASE_PASSWORD).toEqual({ 'Fn::Join': ['', [dbSecret, ':password::']] });
        expect(secrets.DATABASE_USER).toEqual({ 'Fn::Join': ['', [dbSecret, ':username::']] });
        expect(secrets.REDIS_PASSWORD).toEqual(redisSecret);
      }
    });

    test('no secret in plain environment variables', () => {
      for (const c of Object.values(containers(s.template))) {
        const env = envOf(c);
        for (const [key, value] of Object.entries(env)) {
          expect(key).not.toMatch(/PASSWORD|SECRET|TOKEN|PRIVATE_KEY|CREDENTIAL/i);
          expect(JSON.stringify(value)).not.toMatch(/secretsmanager|SecretString/);
        }
        // The connection URL carries the user but never a password.
        expect(JSON.stringify(env.DATABASE_URL)).toMatch(/"postgres:\/\/healthsync@"/);
        expect(JSON.stringify(env.DATABASE_URL)).not.toMatch(/healthsync:[^@]*@/);
      }
    });

    test('production runtime settings: TLS to Redis and PostgreSQL, metrics dimension = environment', () => {
      const c = containers(s.template);
      for (const container of Object.values(c)) {
        const env = envOf(container);
        expect(env.NODE_ENV).toBe('production');
        expect(env.DATABASE_SSL).toBe('true');
        expect(env.LOG_LEVEL).toBe(s.config.service.logLevel);
        expect(JSON.stringify(env.REDIS_URL)).toContain('"rediss://"');
      }
      expect(envOf(c.api).PORT).toBe(String(API_PORT));
      expect(envOf(c.worker).METRICS_ENVIRONMENT).toBe(s.config.name);
      expect(envOf(c.worker).WORKER_CONCURRENCY).toBe(String(s.config.service.workerConcurrency));
    });

    test('token verification follows config.auth (JWKS as plain env, or a generated HS256 secret)', () => {
      const api = containers(s.template).api;
      if (s.config.auth.kind === 'jwks') {
        expect(envOf(api)).toMatchObject({
          JWT_JWKS_URL: s.config.auth.jwksUrl,
          JWT_ISSUER: s.config.auth.issuer,
          JWT_AUDIENCE: s.config.auth.audience,
        });
        expect(secretsOf(api).JWT_SECRET).toBeUndefined();
      } else {
        expect(secretsOf(api).JWT_SECRET).toEqual({ Ref: expect.stringMatching(/^JwtSecret/) });
        expect(envOf(api).JWT_JWKS_URL).toBeUndefined();
      }
      expect(envOf(containers(s.template).worker).JWT_SECRET).toBeUndefined();
    });

    test('the queue admin is not on the public listener: loopback only, no port mapping, no target group, no ingress; its own token audience', () => {
      const api = containers(s.template).api;
      const env = envOf(api);
      expect(env.ADMIN_PORT).toBe(String(ADMIN_PORT));
      expect(ADMIN_PORT).not.toBe(API_PORT);
      expect(env.ADMIN_HOST).toBe('127.0.0.1');
      expect((api.PortMappings ?? []).map((m: any) => m.ContainerPort)).toEqual([API_PORT]);
      const targetGroups = Object.values(s.template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
      expect(targetGroups.map((t: any) => t.Properties.Port)).toEqual([API_PORT]);
      const rules = ingressRules(s.template.toJSON().Resources);
      const opens = (r: any, port: number) => r.IpProtocol === '-1' || (r.FromPort <= port && port <= r.ToPort);
      expect(rules.filter((r) => opens(r, ADMIN_PORT))).toEqual([]);
      // A phone token (JWT_AUDIENCE) never opens the admin.
      expect(env.ADMIN_JWT_AUDIENCE).toEqual(expect.any(String));
      expect(env.ADMIN_JWT_AUDIENCE).not.toBe(env.JWT_AUDIENCE);
    });

    test('the execution role may read exactly the injected secrets', () => {
      const { props } = serviceTaskDefinition(s.template);
      const roleRef = props.ExecutionRoleArn['Fn::GetAtt'][0];
      const policies = Object.values(s.template.findResources('AWS::IAM::Policy')).filter((p: any) =>
        p.Properties.Roles.some((r: any) => r.Ref === roleRef),
      );
      const statements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
      const secretRead = statements.find((st: any) => [st.Action].flat().includes('secretsmanager:GetSecretValue'));
      const expected = [
        cfn(s.stack, s.stack.database.secret.secretArn),
        cfn(s.stack, s.stack.cache.authToken.secretArn),
        ...(s.config.auth.kind === 'sharedSecret' ? [{ Ref: expect.stringMatching(/^JwtSecret/) }] : []),
      ];
      expect([secretRead.Resource].flat()).toEqual(expect.arrayContaining(expected));
      expect([secretRead.Resource].flat()).toHaveLength(expected.length);
    });
  });

  describe('service', () => {
    test('deploys with the circuit breaker and rollback, keeping full capacity during rollout', () => {
      s.template.hasResourceProperties('AWS::ECS::Service', {
        LaunchType: 'FARGATE',
        DesiredCount: s.config.service.desiredCount,
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        },
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
        LoadBalancers: [{ ContainerName: 'api', ContainerPort: API_PORT, TargetGroupArn: Match.anyValue() }],
      });
    });

    test('the ALB target group checks /health/ready on the api port', () => {
      s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Port: API_PORT,
        Protocol: 'HTTP',
        TargetType: 'ip',
        HealthCheckPath: '/health/ready',
        Matcher: { HttpCode: '200' },
      });
    });

    test('scales between the configured bounds on CPU, and on queue depth only where configured', () => {
      s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: s.config.service.minCount,
        MaxCapacity: s.config.service.maxCount,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
      s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          TargetValue: s.config.service.cpuTargetPercent,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        }),
      });
      const stepPolicies = s.template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
        Properties: { PolicyType: 'StepScaling' },
      });
      const scalingAlarms = s.template.findResources('AWS::CloudWatch::Alarm', {
        Properties: {
          Namespace: 'HealthSync',
          MetricName: 'QueueDepth',
          AlarmActions: [{ Ref: Match.stringLikeRegexp('QueueDepth') }],
        },
      });
      const q = s.config.service.queueDepthScaling;
      if (q) {
        expect(Object.keys(stepPolicies)).toHaveLength(2); // scale out + scale in
        const thresholds = Object.values(scalingAlarms)
          .map((a: any) => a.Properties.Threshold)
          .sort((a, b) => a - b);
        expect(thresholds).toEqual([q.scaleInBelow, q.scaleOutAbove]);
        for (const alarm of Object.values(scalingAlarms) as any[]) {
          expect(alarm.Properties.Dimensions).toEqual([{ Name: 'Environment', Value: s.config.name }]);
          expect(alarm.Properties.Statistic).toBe('Maximum');
        }
      } else {
        expect(stepPolicies).toEqual({});
        expect(scalingAlarms).toEqual({});
      }
    });

    test('the cluster has Container Insights (RunningTaskCount feeds an alarm)', () => {
      s.template.hasResourceProperties('AWS::ECS::Cluster', {
        ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      });
    });
  });

  describe('Redis (ElastiCache, node-based)', () => {
    test('is a replication group, not serverless, encrypted in transit and at rest, with an AUTH token from Secrets Manager', () => {
      s.template.resourceCountIs('AWS::ElastiCache::ServerlessCache', 0);
      const { props } = onlyResource(s.template, 'AWS::ElastiCache::ReplicationGroup');
      expect(props).toMatchObject({
        Engine: 'redis',
        CacheNodeType: s.config.cache.nodeType,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AtRestEncryptionEnabled: true,
        NumCacheClusters: 1 + s.config.cache.replicas,
        AutomaticFailoverEnabled: s.config.cache.automaticFailover,
        MultiAZEnabled: s.config.cache.multiAz,
      });
      expect(props.AuthToken).toEqual({
        'Fn::Join': ['', ['{{resolve:secretsmanager:', cfn(s.stack, s.stack.cache.authToken.secretArn), ':SecretString:::}}']],
      });
    });

    test('uses a parameter group with maxmemory-policy noeviction', () => {
      const group = onlyResource(s.template, 'AWS::ElastiCache::ParameterGroup');
      expect(group.props.Properties).toEqual({ 'maxmemory-policy': 'noeviction' });
      expect(onlyResource(s.template, 'AWS::ElastiCache::ReplicationGroup').props.CacheParameterGroupName).toEqual({
        Ref: group.id,
      });
    });

    test('lives in the isolated subnets', () => {
      const isolated = s.stack.network.vpc.isolatedSubnets.map((sub) => cfn(s.stack, sub.subnetId));
      expect(onlyResource(s.template, 'AWS::ElastiCache::SubnetGroup').props.SubnetIds).toEqual(isolated);
    });
  });

  describe('PostgreSQL (RDS)', () => {
    test('is encrypted, not public, TLS-only and in the isolated subnets', () => {
      const db = onlyResource(s.template, 'AWS::RDS::DBInstance');
      expect(db.props).toMatchObject({
        Engine: 'postgres',
        StorageEncrypted: true,
        PubliclyAccessible: false,
        DBInstanceClass: `db.${s.config.database.instanceType}`,
        MultiAZ: s.config.database.multiAz,
        DeletionProtection: s.config.deletionProtection,
        BackupRetentionPeriod: s.config.database.backupRetentionDays,
      });
      const isolated = s.stack.network.vpc.isolatedSubnets.map((sub) => cfn(s.stack, sub.subnetId));
      expect(onlyResource(s.template, 'AWS::RDS::DBSubnetGroup').props.SubnetIds).toEqual(isolated);
      expect(onlyResource(s.template, 'AWS::RDS::DBParameterGroup').props.Parameters).toMatchObject({ 'rds.force_ssl': '1' });
      // The isolated tier has no route out (no NAT, no internet gateway).
      for (const subnet of s.stack.network.vpc.isolatedSubnets) {
        const routeTable = cfn(s.stack, subnet.routeTable.routeTableId);
        expect(s.template.findResources('AWS::EC2::Route', { Properties: { RouteTableId: routeTable } })).toEqual({});
      }
    });

    test('credentials are generated into Secrets Manager (no password in the template)', () => {
      const db = onlyResource(s.template, 'AWS::RDS::DBInstance');
      expect(JSON.stringify(db.props.MasterUserPassword)).toContain('{{resolve:secretsmanager:');
      s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: '{"username":"healthsync"}',
          GenerateStringKey: 'password',
        }),
      });
    });
  });

  describe('network exposure', () => {
    test('only the ALB is internet-facing, in the public subnets', () => {
      const lb = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(lb.props.Scheme).toBe('internet-facing');
      expect(lb.props.Subnets).toEqual(s.stack.network.vpc.publicSubnets.map((sub) => cfn(s.stack, sub.subnetId)));
      const service = onlyResource(s.template, 'AWS::ECS::Service');
      expect(service.props.NetworkConfiguration.AwsvpcConfiguration.Subnets).toEqual(
        s.stack.network.vpc.privateSubnets.map((sub) => cfn(s.stack, sub.subnetId)),
      );
    });

    test('open ingress exists only on the ALB (80/443); the service admits only the ALB on 3000; data stores only the service', () => {
      const rules = ingressRules(s.template.toJSON().Resources);
      const groupOf = (c: { connections: { securityGroups: Array<{ securityGroupId: string }> } }) =>
        (cfn(s.stack, c.connections.securityGroups[0].securityGroupId) as any)['Fn::GetAtt'][0];
      const albGroup = groupOf(s.stack.endpoint.loadBalancer);
      const serviceGroup = groupOf(s.stack.app.service);
      const dbGroup = groupOf(s.stack.database.instance);
      const cacheGroup = (cfn(s.stack, s.stack.cache.securityGroup.securityGroupId) as any)['Fn::GetAtt'][0];

      const world = rules.filter((r) => r.CidrIp === '0.0.0.0/0' || r.CidrIpv6 === '::/0');
      expect(world.map((r) => [r.group, r.FromPort]).sort()).toEqual(
        [
          [albGroup, 443],
          [albGroup, 80],
        ].sort(),
      );

      const from = (group: string) => rules.filter((r) => r.group === group);
      expect(from(serviceGroup)).toEqual([expect.objectContaining({ FromPort: API_PORT, ToPort: API_PORT, source: albGroup })]);
      expect(from(dbGroup)).toEqual([expect.objectContaining({ source: serviceGroup })]);
      expect(from(cacheGroup)).toEqual([expect.objectContaining({ FromPort: 6379, source: serviceGroup })]);
    });

    test('HTTPS with a DNS-validated certificate for the configured host; HTTP redirects', () => {
      s.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: s.config.domain.apiHostName,
        ValidationMethod: 'DNS',
      });
      s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443,
        Protocol: 'HTTPS',
        SslPolicy: Match.stringLikeRegexp('^ELBSecurityPolicy-TLS13'),
      });
      s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 80,
        DefaultActions: [
          Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) }),
        ],
      });
      s.template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${s.config.domain.apiHostName}.`,
        Type: 'A',
        HostedZoneId: s.config.domain.hostedZoneId,
      });
    });
  });

  describe('alarms', () => {
    const alarm = (suffix: string) => {
      const found = s.template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmName: `healthsync-${s.config.name}-${suffix}` },
      });
      const values = Object.values(found) as any[];
      expect(values).toHaveLength(1);
      return values[0].Properties;
    };

    test('queue depth alarm reads the worker EMF metric of this environment', () => {
      expect(alarm('queue-depth')).toMatchObject({
        Namespace: 'HealthSync',
        MetricName: 'QueueDepth',
        Dimensions: [{ Name: 'Environment', Value: s.config.name }],
        Statistic: 'Maximum',
        Threshold: s.config.alarms.queueDepthThreshold,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    test('failed jobs alarm fires on growth of the FailedJobs metric', () => {
      const props = alarm('failed-jobs');
      expect(props.Threshold).toBe(s.config.alarms.failedJobsPer5Minutes);
      const expression = props.Metrics.find((m: any) => m.Expression);
      expect(expression.Expression).toBe('DIFF(failed)');
      const metric = props.Metrics.find((m: any) => m.Id === 'failed').MetricStat.Metric;
      expect(metric).toEqual({
        Namespace: 'HealthSync',
        MetricName: 'FailedJobs',
        Dimensions: [{ Name: 'Environment', Value: s.config.name }],
      });
    });

    test('5xx alarms on targets and on the load balancer', () => {
      expect(alarm('api-5xx')).toMatchObject({
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Threshold: s.config.alarms.http5xxPer5Minutes,
      });
      expect(alarm('alb-5xx')).toMatchObject({
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_ELB_5XX_Count',
        Threshold: s.config.alarms.http5xxPer5Minutes,
      });
    });

    test('unhealthy and missing tasks are alarmed', () => {
      expect(alarm('unhealthy-tasks')).toMatchObject({ MetricName: 'UnHealthyHostCount', Threshold: 1 });
      expect(alarm('running-tasks')).toMatchObject({
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'RunningTaskCount',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: s.config.service.minCount,
      });
    });

    test('every alarm notifies the encrypted alarm topic', () => {
      const topic = onlyResource(s.template, 'AWS::SNS::Topic');
      expect(topic.props.KmsMasterKeyId).toBeDefined();
      const named = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).filter((a: any) =>
        String(a.Properties.AlarmName ?? '').startsWith(`healthsync-${s.config.name}-`),
      ) as any[];
      expect(named.length).toBeGreaterThanOrEqual(6);
      for (const a of named) {
        expect(a.Properties.AlarmActions).toEqual([{ Ref: topic.id }]);
      }
      const subscriptions = Object.values(s.template.findResources('AWS::SNS::Subscription')) as any[];
      expect(subscriptions.map((x) => x.Properties.Endpoint).sort()).toEqual([...s.config.alarms.emails].sort());
    });
  });
});

interface IngressRule {
  group: string;
  source?: string;
  CidrIp?: string;
  CidrIpv6?: string;
  FromPort?: unknown;
  ToPort?: unknown;
}

/** Inline and standalone ingress rules, keyed by the logical id of the group they open. */
function ingressRules(resources: Record<string, any>): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::EC2::SecurityGroup') {
      for (const rule of r.Properties.SecurityGroupIngress ?? []) {
        rules.push({ group: id, source: rule.SourceSecurityGroupId?.['Fn::GetAtt']?.[0], ...rule });
      }
    }
    if (r.Type === 'AWS::EC2::SecurityGroupIngress') {
      const p = r.Properties;
      rules.push({ group: p.GroupId['Fn::GetAtt'][0], source: p.SourceSecurityGroupId?.['Fn::GetAtt']?.[0], ...p });
    }
  }
  return rules;
}
