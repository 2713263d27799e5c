import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { environmentNames, environments } from '../config';
import type { HealthSyncStack } from '../lib/health-sync-stack';
import { buildStack } from './support/synth';

/**
 * cdk-nag (AWS Solutions pack). cdk-nag 3 is a CDK validation plugin, not an
 * Aspect writing Annotations: `validateScope` returns the findings that are
 * not acknowledged, which is exactly what `cdk synth` would fail on.
 * (bin/app.ts registers the same pack, so synth enforces this too.)
 */
interface Finding {
  rule: string;
  severity: string;
  paths: string[];
}

/** Findings as synth sees them; with ignoreAcknowledgements, also the ones we acknowledged. */
function findings(scope: IConstruct, ignoreAcknowledgements = false): Finding[] {
  const pack = new AwsSolutionsChecks();
  if (ignoreAcknowledgements) {
    // Test-only: cdk-nag's (private) lookup of acknowledgements, switched off.
    (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
  const report = pack.validateScope(scope);
  return report.violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity ?? 'error',
    paths: v.violatingResources.map((r) => r.constructPath ?? '?'),
  }));
}

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

function acknowledgements(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason: String(reason),
        })),
      ),
  );
}

describe.each(environmentNames)('cdk-nag AwsSolutions on HealthSync-%s', (name) => {
  let stack: HealthSyncStack;
  beforeAll(() => {
    stack = buildStack(environments[name]);
    // Synthesize first so aspects and lazy resources exist, as in `cdk synth`.
    (stack.node.root as App).synth();
  });

  test('has no unacknowledged errors', () => {
    expect(findings(stack).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('has no unacknowledged warnings either', () => {
    expect(findings(stack).filter((f) => f.severity !== 'error')).toEqual([]);
  });

  test('every acknowledgement names a rule and gives a real reason, on a resource (never the whole stack)', () => {
    const acks = acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-'));
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.trim().length).toBeGreaterThanOrEqual(40);
      expect(ack.path).not.toBe(stack.node.path);
    }
  });

  test('every acknowledgement silences a real finding (none is stale or broader than needed)', () => {
    const raw = findings(stack, true);
    expect(raw.length).toBeGreaterThan(0);
    for (const ack of acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-'))) {
      const silenced = raw.filter(
        (f) => f.rule === ack.id && f.paths.some((p) => p === ack.path || p.startsWith(`${ack.path}/`)),
      );
      expect({ ack: `${ack.id} @ ${ack.path}`, silenced: silenced.length > 0 }).toEqual({
        ack: `${ack.id} @ ${ack.path}`,
        silenced: true,
      });
    }
  });

  test('environment-dependent acknowledgements exist only where the config needs them', () => {
    const ids = new Set(acknowledgements(stack).map((a) => a.id));
    const config = environments[name];
    expect(ids.has('AwsSolutions-RDS3')).toBe(!config.database.multiAz);
    expect(ids.has('AwsSolutions-RDS10')).toBe(!config.deletionProtection);
    expect(ids.has('AwsSolutions-AEC4')).toBe(!config.cache.multiAz);
  });
});

describe('the nag check can fail', () => {
  test('reports violations on a deliberately bad stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
    const sg = new ec2.SecurityGroup(stack, 'Open', { vpc });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(5432));
    new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_6 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      publiclyAccessible: true,
      securityGroups: [sg],
      storageEncrypted: false,
      multiAz: false,
      deletionProtection: false,
    });
    const rules = findings(stack).map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'AwsSolutions-VPC7',
        'AwsSolutions-EC23',
        'AwsSolutions-RDS2',
        'AwsSolutions-RDS3',
        'AwsSolutions-RDS10',
      ]),
    );
  });
});
