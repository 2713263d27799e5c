import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environments, type EnvironmentConfig, type EnvironmentName } from '../../config';
import { HealthSyncStack } from '../../lib/health-sync-stack';

export const INFRA_DIR = path.resolve(__dirname, '../..');
export const REPO_ROOT = path.resolve(INFRA_DIR, '..');
export const TEST_IMAGE_TAG = '3f2c1a9e0b7d4c5e6f8a9b0c1d2e3f4a5b6c7d8e';

/** Same feature flags as `cdk synth` (cdk.json), so tests see the template SREs deploy. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(INFRA_DIR, 'cdk.json'), 'utf8')).context;
}

export function buildStack(config: EnvironmentConfig, imageTag = TEST_IMAGE_TAG): HealthSyncStack {
  const app = new App({ context: cdkJsonContext() });
  return new HealthSyncStack(app, `HealthSync-${config.name}`, { config, imageTag });
}

export interface Synthesized {
  readonly config: EnvironmentConfig;
  readonly stack: HealthSyncStack;
  readonly template: Template;
}

const cache = new Map<EnvironmentName, Synthesized>();

/** Synthesizes each environment once per test file; assertions share the result. */
export function synth(name: EnvironmentName): Synthesized {
  let hit = cache.get(name);
  if (!hit) {
    const config = environments[name];
    const stack = buildStack(config);
    hit = { config, stack, template: Template.fromStack(stack) };
    cache.set(name, hit);
  }
  return hit;
}

/** CloudFormation for a token, as it appears in the template (e.g. { Ref: 'X' }). */
export function cfn(stack: Stack, value: unknown): unknown {
  return stack.resolve(value);
}

export interface ContainerDef {
  Name: string;
  Essential?: boolean;
  Image: unknown;
  PortMappings?: Array<{ ContainerPort: number; Protocol?: string }>;
  Environment?: Array<{ Name: string; Value: unknown }>;
  Secrets?: Array<{ Name: string; ValueFrom: unknown }>;
  Command?: string[];
  HealthCheck?: { Command: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  DependsOn?: Array<{ ContainerName: string; Condition: string }>;
  StopTimeout?: number;
  LogConfiguration?: { LogDriver: string; Options: Record<string, unknown> };
  LinuxParameters?: { InitProcessEnabled?: boolean };
}

export function onlyResource(template: Template, type: string): { id: string; props: any; resource: any } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  const [id, resource] = found[0];
  return { id, props: resource.Properties, resource };
}

/** The task definition the ECS service runs (the stack also has the one-off migrate task's). */
export function serviceTaskDefinition(template: Template): { id: string; props: any } {
  const service = onlyResource(template, 'AWS::ECS::Service');
  const id = service.props.TaskDefinition.Ref as string;
  return { id, props: template.toJSON().Resources[id].Properties };
}

/** The migrate task's definition: the task definition no service runs. */
export function migrateTaskDefinition(template: Template): { id: string; props: any } {
  const serviceId = serviceTaskDefinition(template).id;
  const others = Object.entries(template.findResources('AWS::ECS::TaskDefinition')).filter(([id]) => id !== serviceId);
  if (others.length !== 1) throw new Error(`expected one task definition besides the service's, found ${others.length}`);
  return { id: others[0][0], props: others[0][1].Properties };
}

/** The service task's containers by name (api, worker). */
export function containers(template: Template): Record<string, ContainerDef> {
  const { props } = serviceTaskDefinition(template);
  return Object.fromEntries((props.ContainerDefinitions as ContainerDef[]).map((c) => [c.Name, c]));
}

export function envOf(c: ContainerDef): Record<string, unknown> {
  return Object.fromEntries((c.Environment ?? []).map((e) => [e.Name, e.Value]));
}

export function secretsOf(c: ContainerDef): Record<string, unknown> {
  return Object.fromEntries((c.Secrets ?? []).map((s) => [s.Name, s.ValueFrom]));
}
