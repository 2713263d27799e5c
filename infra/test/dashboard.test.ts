import { environmentNames } from '../config';
import { DASHBOARD_OPERATIONS } from '../lib/runtime-contract';
import { onlyResource, synth, type Synthesized } from './support/synth';

interface Widget {
  properties: { title: string; metrics?: unknown[][] };
}

/**
 * The dashboard body is a CloudFormation Fn::Join of JSON text and references; joining the string
 * parts (references become placeholders) gives JSON that can be read widget by widget.
 */
function widgetsOf(s: Synthesized): Widget[] {
  const { props } = onlyResource(s.template, 'AWS::CloudWatch::Dashboard');
  const body = props.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

const metricsIn = (w: Widget) => JSON.stringify(w.properties.metrics ?? []);

describe.each(environmentNames)('dashboard HealthSync-%s', (name) => {
  let s: Synthesized;
  let widgets: Widget[];
  beforeAll(() => {
    s = synth(name);
    widgets = widgetsOf(s);
  });
  const widget = (title: RegExp) => {
    const found = widgets.filter((w) => title.test(w.properties.title));
    expect(found).toHaveLength(1);
    return found[0];
  };

  test('one dashboard named after the environment', () => {
    const { props } = onlyResource(s.template, 'AWS::CloudWatch::Dashboard');
    expect(props.DashboardName).toBe(`HealthSync-${name}`);
  });

  test('queue depth and oldest job age from the worker EMF, for this environment only', () => {
    const m = metricsIn(widget(/^Queue depth/));
    expect(m).toContain('"HealthSync","QueueDepth","Environment","' + name + '"');
    expect(m).toContain('"OldestJobAgeSeconds"');
    expect(m).toContain('"Maximum"');
  });

  test('job duration and samples stored per second', () => {
    expect(metricsIn(widget(/^Job duration/))).toMatch(/JobDurationAvg.*JobDurationMax/);
    const stored = metricsIn(widget(/^Samples stored per second/));
    expect(stored).toContain('stored / PERIOD(stored)');
    expect(stored).toContain('"SamplesStored"');
    expect(stored).toContain('"Sum"');
  });

  test('API latency and server errors per GraphQL operation, plus the load balancer', () => {
    const latency = metricsIn(widget(/^API latency by operation/));
    const errors = metricsIn(widget(/^API server errors by operation/));
    for (const op of DASHBOARD_OPERATIONS) {
      expect(latency).toContain(`"Operation","${op}"`);
      expect(errors).toContain(`"Operation","${op}"`);
    }
    expect(latency).toContain('"LatencyAvg"');
    expect(errors).toContain('"ServerErrors"');
    expect(metricsIn(widget(/^Load balancer/))).toMatch(/TargetResponseTime.*HTTPCode_Target_5XX_Count.*HTTPCode_ELB_5XX_Count/);
  });

  test('the ALB does not expose /metrics to the internet in any letter case (404 before the API target)', () => {
    const rules = s.template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Properties: { Priority: 10, Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] },
    });
    const [rule] = Object.values(rules) as { Properties: { Conditions: Record<string, any>[] } }[];
    expect(rule.Properties.Conditions).toHaveLength(1);
    const [condition] = rule.Properties.Conditions;
    expect(condition.Field).toBe('path-pattern');
    const regexes: string[] = condition.PathPatternConfig.RegexValues;
    expect(regexes.every((r) => r.length <= 128)).toBe(true);
    const blocked = (path: string) => regexes.some((r) => new RegExp(r).test(path));
    for (const path of ['/metrics', '/METRICS', '/Metrics', '/mEtRiCs/', '/metrics/x', '/METRICS/prometheus']) {
      expect(blocked(path)).toBe(true);
    }
    for (const path of ['/graphql', '/health/ready', '/metricsx', '/api/metrics']) expect(blocked(path)).toBe(false);
  });

  test('RDS CPU and connections, Redis memory', () => {
    expect(metricsIn(widget(/^RDS/))).toMatch(/AWS\/RDS","CPUUtilization.*DatabaseConnections/);
    expect(metricsIn(widget(/^Redis memory/))).toMatch(/AWS\/ElastiCache","DatabaseMemoryUsagePercentage.*BytesUsedForCache/);
  });
});
