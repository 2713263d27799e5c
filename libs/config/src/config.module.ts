import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApiConfig, WorkerConfig } from './app-config';

/** Makes the already validated config injectable; validation itself happens in main.ts before Nest boots. */
@Global()
@Module({})
export class AppConfigModule {
  static forApi(config: ApiConfig): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: ApiConfig, useValue: config }], exports: [ApiConfig] };
  }

  static forWorker(config: WorkerConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: WorkerConfig, useValue: config }],
      exports: [WorkerConfig],
    };
  }
}
