import { signToken } from './app-helpers';
import { TEST_JWT_SECRET } from './test-env';

export async function tokenFor(sub: string, opts: { secret?: string; expiresIn?: string | number } = {}) {
  return signToken(sub, opts.secret ?? TEST_JWT_SECRET, opts.expiresIn ?? '1h');
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; retryable?: boolean } }[];
}

export async function gql<T = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

export const SYNC_MUTATION = `mutation Sync($input: SyncHealthKitSamplesInput!) {
  syncHealthKitSamples(input: $input) { chunkIndex accepted rejected { index field message } deleted jobId status }
}`;

export const SYNC_STATE_QUERY = `query State($dataType: String!) { syncState(dataType: $dataType) { dataType lastAnchor lastSyncTime } }`;

export interface SyncInput {
  dataType: string;
  anchorToken: string;
  chunkIndex?: number | null;
  isFinalChunk: boolean;
  timeZone?: string | null;
  data: unknown[];
  deletedUuids?: string[];
  reconcile?: { from: string; to: string; types: string[] } | null;
}

export async function syncChunk(baseUrl: string, token: string, input: SyncInput) {
  return gql<{ syncHealthKitSamples: any }>(baseUrl, SYNC_MUTATION, { input }, token);
}

export async function syncState(baseUrl: string, token: string, dataType: string) {
  const res = await gql<{ syncState: { dataType: string; lastAnchor: string; lastSyncTime: string } | null }>(
    baseUrl,
    SYNC_STATE_QUERY,
    { dataType },
    token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.syncState;
}

/** Splits points into chunk inputs of `size`, the last marked final; an empty list is one empty final chunk. */
export function chunksOf(
  dataType: string,
  anchorToken: string,
  points: unknown[],
  size = 200,
  timeZone = 'Europe/Berlin',
): SyncInput[] {
  const inputs: SyncInput[] = [];
  for (let i = 0; i === 0 || i < points.length; i += size) {
    inputs.push({
      dataType,
      anchorToken,
      chunkIndex: inputs.length,
      isFinalChunk: false,
      timeZone,
      data: points.slice(i, i + size),
    });
  }
  inputs[inputs.length - 1].isFinalChunk = true;
  return inputs;
}
