import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssignerProtocol, PartitionAssigners, type Admin, type Cluster, type GroupDescription, type Logger, type PartitionAssigner } from 'kafkajs';
import { FORWARDED_HEADER, advertisingAssigner, askOwner, findPartitionOwner, homePartition } from './partition-owners';

/**
 * The Java client's own answers (kafka-clients 4.3.1, `Utils.toPositive(Utils.murmur2(bytes)) % n`
 * on the key's UTF-8 bytes): a keyed record written by either client lands in these partitions.
 */
const JAVA_REFERENCE: ReadonlyArray<{ key: string | Buffer; murmur2: number; of3: number; of4: number; of12: number }> = [
  { key: 'a', murmur2: -1563381124, of3: 1, of4: 0, of12: 4 },
  { key: 'b', murmur2: -1853091852, of3: 2, of4: 0, of12: 8 },
  { key: 'c', murmur2: -1877468854, of3: 1, of4: 2, of12: 10 },
  { key: 'd', murmur2: 284602193, of3: 2, of4: 1, of12: 5 },
  { key: 'hello', murmur2: 2132663229, of3: 0, of4: 1, of12: 9 },
  { key: 'kafka', murmur2: -798503068, of3: 1, of4: 0, of12: 4 },
  { key: 'word', murmur2: 1166608147, of3: 1, of4: 3, of12: 7 },
  { key: 'the', murmur2: -890893617, of3: 2, of4: 3, of12: 11 },
  { key: 'key-1', murmur2: 193331640, of3: 0, of4: 0, of12: 0 },
  { key: 'rolling-mean', murmur2: 2068266871, of3: 1, of4: 3, of12: 7 },
  { key: 'temperature', murmur2: 477481187, of3: 2, of4: 3, of12: 11 },
  { key: 'Zürich', murmur2: -1551140815, of3: 1, of4: 1, of12: 1 },
  { key: '日本語', murmur2: 1431860170, of3: 1, of4: 2, of12: 10 },
  { key: '😀', murmur2: 131881617, of3: 0, of4: 1, of12: 9 },
  { key: 'café au lait', murmur2: 1504550030, of3: 2, of4: 2, of12: 2 },
  { key: '', murmur2: 275646681, of3: 0, of4: 1, of12: 9 },
  { key: Buffer.from([0xff, 0x00, 0x80, 0x7f, 0x01]), murmur2: -315781896, of3: 2, of4: 0, of12: 8 },
];

const label = (key: string | Buffer) => (Buffer.isBuffer(key) ? `bytes ${key.toString('hex')}` : JSON.stringify(key));

describe('homePartition', () => {
  it.each(JAVA_REFERENCE.map((r) => [label(r.key), r] as const))('puts %s where the Java client does', (_, { key, of3, of4, of12 }) => {
    expect([homePartition(key, 3), homePartition(key, 4), homePartition(key, 12)]).toEqual([of3, of4, of12]);
  });

  it('has references that an absolute value instead of the sign mask would get wrong', () => {
    // Java masks the sign bit of a negative hash (Utils.toPositive); Math.abs gives other partitions.
    expect(JAVA_REFERENCE.filter((r) => r.murmur2 < 0 && Math.abs(r.murmur2) % 3 !== r.of3).map((r) => label(r.key))).not.toEqual([]);
  });

  it('hashes a string and its UTF-8 bytes alike', () => {
    for (const key of ['Zürich', '日本語', '😀']) expect(homePartition(Buffer.from(key, 'utf8'), 12)).toBe(homePartition(key, 12));
  });

  it('refuses a partition count that is not a positive integer', () => {
    for (const count of [0, -1, 1.5, Number.NaN]) expect(() => homePartition('a', count)).toThrow(RangeError);
  });
});

/** Enough of a cluster for an assigner: the partitions of each topic. */
function fakeCluster(partitions: Record<string, number>): Cluster {
  return {
    findTopicPartitionMetadata: (topic: string) =>
      Array.from({ length: partitions[topic] ?? 0 }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] })),
  } as unknown as Cluster;
}

const quietLogger = { info: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined } as unknown as Logger;

function instantiate(assigner: PartitionAssigner, partitions: Record<string, number>) {
  return assigner({ cluster: fakeCluster(partitions), groupId: 'group', logger: quietLogger });
}

describe('advertisingAssigner', () => {
  const partitions = { words: 7, series: 3 };
  const topics = Object.keys(partitions);

  it('keeps the name and version of the built-in round robin', () => {
    const builtIn = instantiate(PartitionAssigners.roundRobin, partitions);
    const advertising = instantiate(advertisingAssigner('http://10.0.0.5:3003'), partitions);
    expect(advertising.name).toBe('RoundRobinAssigner');
    expect([advertising.name, advertising.version]).toEqual([builtIn.name, builtIn.version]);
  });

  it('advertises its endpoint in the subscription, beside the topics', () => {
    const { name, metadata } = instantiate(advertisingAssigner('http://10.0.0.5:3003'), partitions).protocol({ topics });
    expect(name).toBe('RoundRobinAssigner');
    const decoded = AssignerProtocol.MemberMetadata.decode(metadata);
    expect(decoded?.topics).toEqual(topics);
    expect(decoded?.version).toBe(0);
    expect(decoded?.userData.toString('utf8')).toBe('http://10.0.0.5:3003');
  });

  it('assigns exactly as the built-in round robin, whatever its members advertise', async () => {
    const builtIn = instantiate(PartitionAssigners.roundRobin, partitions);
    const advertising = instantiate(advertisingAssigner('http://10.0.0.5:3003'), partitions);
    // A group mid-upgrade: two members advertise, one runs the plain round robin.
    const members = [
      { memberId: 'm-2', memberMetadata: advertising.protocol({ topics }).metadata },
      { memberId: 'm-0', memberMetadata: builtIn.protocol({ topics }).metadata },
      { memberId: 'm-1', memberMetadata: instantiate(advertisingAssigner('http://10.0.0.6:3003'), partitions).protocol({ topics }).metadata },
    ];
    const expected = await builtIn.assign({ members, topics });
    const actual = await advertising.assign({ members, topics });
    expect(actual).toEqual(expected);
    const decoded = Object.fromEntries(actual.map((a) => [a.memberId, AssignerProtocol.MemberAssignment.decode(a.memberAssignment)?.assignment]));
    expect(decoded).toEqual({ 'm-0': { words: [0, 3, 6], series: [2] }, 'm-1': { words: [1, 4], series: [0] }, 'm-2': { words: [2, 5], series: [1] } });
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    for (const endpoint of ['', '10.0.0.5:3003', 'tcp://10.0.0.5:3003']) expect(() => advertisingAssigner(endpoint)).toThrow(TypeError);
    expect(() => advertisingAssigner('https://words.internal:8443')).not.toThrow();
  });
});

describe('findPartitionOwner', () => {
  const metadata = (userData?: Buffer) => AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['words'], userData: userData ?? Buffer.alloc(0) });
  const assignment = (a: Record<string, number[]>) => AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: a, userData: Buffer.alloc(0) });
  const member = (memberId: string, a: Record<string, number[]>, userData?: Buffer) => ({
    memberId,
    clientId: `client-${memberId}`,
    clientHost: '/10.0.0.1',
    memberMetadata: metadata(userData),
    memberAssignment: assignment(a),
  });
  const adminDescribing = (...groups: GroupDescription[]) => ({ describeGroups: async () => ({ groups }) }) as unknown as Admin;
  const group = (state: GroupDescription['state'], members: GroupDescription['members']): GroupDescription => ({
    groupId: 'g',
    state,
    members,
    protocol: 'RoundRobinAssigner',
    protocolType: 'consumer',
  });
  const stable = group('Stable', [member('m-0', { words: [0, 2] }, Buffer.from('http://10.0.0.5:3003')), member('m-1', { words: [1, 3], other: [0] })]);

  it('finds the member holding the partition, with the endpoint it advertised', async () => {
    await expect(findPartitionOwner(adminDescribing(stable), 'g', 'words', 2)).resolves.toEqual({
      memberId: 'm-0',
      clientId: 'client-m-0',
      clientHost: '/10.0.0.1',
      endpoint: 'http://10.0.0.5:3003',
    });
  });

  it('leaves the endpoint out for a member that advertised none', async () => {
    const owner = await findPartitionOwner(adminDescribing(stable), 'g', 'words', 3);
    expect(owner).toEqual({ memberId: 'm-1', clientId: 'client-m-1', clientHost: '/10.0.0.1' });
    expect(owner && 'endpoint' in owner).toBe(false);
  });

  it('finds no owner for a partition or topic nobody holds', async () => {
    await expect(findPartitionOwner(adminDescribing(stable), 'g', 'words', 4)).resolves.toBeUndefined();
    await expect(findPartitionOwner(adminDescribing(stable), 'g', 'series', 0)).resolves.toBeUndefined();
  });

  it.each(['PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead', 'Unknown'] as const)('finds no owner while the group is %s', async (state) => {
    const { members } = stable;
    await expect(findPartitionOwner(adminDescribing(group(state, members)), 'g', 'words', 2)).resolves.toBeUndefined();
  });

  it('skips members whose assignment is empty or unreadable', async () => {
    const odd = group('Stable', [
      { ...member('m-0', {}), memberAssignment: Buffer.alloc(0) },
      { ...member('m-1', {}), memberAssignment: Buffer.from([0x00]) },
      member('m-2', { words: [2] }),
    ]);
    await expect(findPartitionOwner(adminDescribing(odd), 'g', 'words', 2)).resolves.toMatchObject({ memberId: 'm-2' });
  });
});

describe('askOwner', () => {
  let server: Server;
  let base: string;
  let seen: IncomingHttpHeaders[];

  beforeAll(async () => {
    seen = [];
    server = createServer((request, response) => {
      seen.push(request.headers);
      if (request.url === '/words/hello') response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ word: 'hello', count: 3 }));
      else if (request.url === '/text') response.writeHead(503, { 'content-type': 'text/plain' }).end('rebalancing');
      else if (request.url === '/empty') response.writeHead(204).end();
      else if (request.url === '/stall') response.writeHead(200, { 'content-type': 'application/json' }).write('{"partial":');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes on the status and the parsed JSON body, and marks the request as forwarded', async () => {
    await expect(askOwner(`${base}/words/hello`)).resolves.toEqual({ status: 200, body: { word: 'hello', count: 3 } });
    expect(FORWARDED_HEADER).toBe('x-kstream-forwarded');
    expect(seen.at(-1)?.[FORWARDED_HEADER]).toBe('1');
  });

  it('gives a body that is not JSON as text, and an empty one as undefined', async () => {
    await expect(askOwner(`${base}/text`)).resolves.toEqual({ status: 503, body: 'rebalancing' });
    await expect(askOwner(`${base}/empty`)).resolves.toEqual({ status: 204, body: undefined });
  });

  it('gives up on an owner that stalls mid-answer', async () => {
    await expect(askOwner(`${base}/stall`, { timeoutMs: 200 })).rejects.toThrow(`the owner at ${base}/stall did not answer within 200 ms`);
  });

  it('says which owner could not be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/words/hello`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(askOwner(url)).rejects.toThrow(new RegExp(`^could not ask the owner at ${url.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  });
});
