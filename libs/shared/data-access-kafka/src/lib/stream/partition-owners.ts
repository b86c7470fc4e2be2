import { AssignerProtocol, type Admin, type PartitionAssigner } from 'kafkajs';
import { murmur2 } from '../client/murmur2';
import { subscriptionAssigner } from './subscription-assigner';

/**
 * Who holds a partition of a consumer group's topic, and where it answers queries about the state
 * that partition's task keeps: the kafkajs counterpart of Kafka Streams' `application.server` and
 * `queryMetadataForKey`.
 */
export interface PartitionOwner {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  /** The HTTP address the member advertised; absent for a member that runs the plain round robin. */
  readonly endpoint?: string;
}

/**
 * Marks a request one instance forwards to another. The receiver answers it from its local state
 * only: with assignments read a moment apart, two instances can each believe the other owns a key,
 * and without the mark they would pass the request back and forth until it timed out.
 */
export const FORWARDED_HEADER = 'x-kstream-forwarded';

const DEFAULT_ASK_TIMEOUT_MS = 2_000;

/**
 * The round-robin assigner (by subscription, `subscriptionAssigner`) that also advertises
 * `endpoint` (e.g. `http://10.0.0.5:3003`) in the member's subscription userData, where
 * {@link findPartitionOwner} reads it back.
 *
 * It keeps the built-in protocol name: the coordinator picks a protocol every member supports by
 * name, so during a rolling upgrade old members (plain round robin) and new ones agree on one; the
 * old ones just advertise no endpoint.
 */
export function advertisingAssigner(endpoint: string): PartitionAssigner {
  assertHttpEndpoint(endpoint);
  return subscriptionAssigner(Buffer.from(endpoint, 'utf8'));
}

/**
 * The member of `groupId` that holds `topic`'s `partition`, with the endpoint it advertised, or
 * undefined when no member holds it: the group is rebalancing, empty or unknown, or the topic is
 * not among its assignments. Callers answer "try again" then rather than guess an owner.
 */
export async function findPartitionOwner(admin: Admin, groupId: string, topic: string, partition: number): Promise<PartitionOwner | undefined> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups.find((g) => g.groupId === groupId);
  // Only a Stable group has an assignment to read: the coordinator reports members' metadata and
  // assignments empty in every other state, and while a rebalance runs the previous assignment is
  // being revoked, so its owner may already have handed the partition (and its state) over.
  if (!group || group.state !== 'Stable') return undefined;
  for (const member of group.members) {
    if (!decodeAssignment(member.memberAssignment)?.[topic]?.includes(partition)) continue;
    const endpoint = decodeEndpoint(member.memberMetadata);
    return { memberId: member.memberId, clientId: member.clientId, clientHost: member.clientHost, ...(endpoint === undefined ? {} : { endpoint }) };
  }
  return undefined;
}

/**
 * The partition of a `partitionCount`-partition topic that the Java client's default partitioner,
 * and kafkajs's DefaultPartitioner, give a record keyed `key` (a string is hashed as its UTF-8
 * bytes): `toPositive(murmur2(key)) % partitionCount`. State kept per key lives in that partition's
 * task, so this is where a query for the key must go.
 */
export function homePartition(key: string | Buffer, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  // toPositive, as Java's Utils.toPositive: masks the sign bit instead of taking Math.abs, which
  // would give other partitions for negative hashes.
  return (murmur2(bytes) & 0x7fffffff) % partitionCount;
}

/**
 * Sends a query on to the instance that owns the key (a GET of `url`), marked with
 * {@link FORWARDED_HEADER}, and returns its status and body (parsed when JSON, else the text,
 * undefined when empty). Rejects when the owner cannot be reached or does not answer within
 * `timeoutMs` (2 s unless told), so the caller can answer 503 instead of holding its own client.
 */
export async function askOwner(url: string, options: { timeoutMs?: number } = {}): Promise<{ status: number; body: unknown }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  try {
    // The signal covers reading the body as well, so an owner that stalls mid-answer times out too.
    const response = await fetch(url, { headers: { [FORWARDED_HEADER]: '1', accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, body: parseBody(text, response.headers.get('content-type')) };
  } catch (error) {
    // Read by shape, not instanceof: fetch's errors come from another realm under a test runner's VM.
    const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { message?: unknown } };
    if (name === 'TimeoutError') throw new Error(`the owner at ${url} did not answer within ${timeoutMs} ms`, { cause: error });
    // fetch reports a refused connection as "fetch failed"; the reason is on its cause.
    const reason = typeof cause?.message === 'string' ? cause.message : typeof message === 'string' ? message : String(error);
    throw new Error(`could not ask the owner at ${url}: ${reason}`, { cause: error });
  }
}

function assertHttpEndpoint(endpoint: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    protocol = undefined;
  }
  // Checked at startup: a bad address would otherwise surface only when another instance forwards to it.
  if (protocol !== 'http:' && protocol !== 'https:') throw new TypeError(`the advertised endpoint must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
}

function decodeAssignment(buffer: Buffer): Record<string, number[]> | undefined {
  if (buffer.length === 0) return undefined;
  try {
    return AssignerProtocol.MemberAssignment.decode(buffer)?.assignment ?? undefined;
  } catch {
    // A member of a group that is not a kafkajs-style consumer group: nothing it holds can be read.
    return undefined;
  }
}

function decodeEndpoint(buffer: Buffer): string | undefined {
  if (buffer.length === 0) return undefined;
  try {
    // userData is null when encoded as a null byte array (length -1), as other clients may.
    const userData: Buffer | null = AssignerProtocol.MemberMetadata.decode(buffer)?.userData ?? null;
    return userData && userData.length > 0 ? userData.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!contentType?.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
