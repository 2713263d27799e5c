import { loadDatabaseSettings } from '@app/config';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`migration:generate` against a scratch database while developing). */
export default new DataSource(buildDataSourceOptions(loadDatabaseSettings(process.env), 'healthsync-cli'));
