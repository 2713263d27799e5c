import { dev } from './dev';
import { prod } from './prod';
import type { EnvironmentConfig, EnvironmentName } from './types';
import { uat } from './uat';

export * from './types';
export { validateConfig, assertValidConfig } from './validate';

/** The three environments, in promotion order. */
export const environments: Readonly<Record<EnvironmentName, EnvironmentConfig>> = { dev, uat, prod };
export const environmentNames = Object.keys(environments) as EnvironmentName[];
