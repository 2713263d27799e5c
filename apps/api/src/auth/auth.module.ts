import { Module } from '@nestjs/common';
import { GqlAuthGuard } from './gql-auth.guard';
import { JwtVerifier } from './jwt-verifier.service';

@Module({ providers: [JwtVerifier, GqlAuthGuard], exports: [JwtVerifier, GqlAuthGuard] })
export class AuthModule {}
