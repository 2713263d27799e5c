import { readProfile } from '@app/store';
import { UseGuards } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { Profile } from './models/profile.model';

/** The caller's characteristics, as the phone last sent them. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class ProfileResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Query(() => Profile, {
    description: 'Gender, date of birth and blood type: the latest reading of each (HealthKit characteristics)',
  })
  profile(@CurrentUserId() userId: string) {
    return readProfile(this.dataSource.manager, userId) as Promise<Profile>;
  }
}
