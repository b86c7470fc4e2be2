import { RegistryRefusedError, RegistryUnavailableError, SchemaNotFoundError } from './registry-errors';

/** The compatibility levels of the Confluent API that this stack sets. */
export type CompatibilityLevel = 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface RegistryClientOptions {
  /** Base URL of the Confluent-compatible API, e.g. `http://127.0.0.1:8081/apis/ccompat/v7` for Apicurio. */
  readonly url: string;
  /** Bound on each request. Default 5 s. */
  readonly timeoutMs?: number;
}

/**
 * A client of a schema registry's Confluent-compatible REST API (Confluent Schema Registry,
 * Apicurio's `ccompat`, Karapace): the few calls the stack makes. A schema fetched by id is cached
 * for the life of the process: ids are immutable in a registry, so a cached answer never goes stale.
 */
export class SchemaRegistryClient {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly byId = new Map<number, Promise<string>>();

  constructor(options: RegistryClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** The schema text registered under `id`. A failed lookup is not cached: the next call asks again. */
  schemaById(id: number): Promise<string> {
    let pending = this.byId.get(id);
    if (!pending) {
      pending = this.request<{ schema: string }>('GET', `/schemas/ids/${id}`).then((body) => body.schema);
      pending.catch(() => this.byId.delete(id));
      this.byId.set(id, pending);
    }
    return pending;
  }

  /** Registers `schema` under `subject` (idempotent: the same schema gets the id it already has). */
  async register(subject: string, schema: string): Promise<number> {
    const body = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema });
    return body.id;
  }

  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    await this.request('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level });
  }

  /** Whether `schema` may be registered next under `subject`, by the subject's rule. */
  async isCompatible(subject: string, schema: string): Promise<boolean> {
    const body = await this.request<{ is_compatible: boolean }>('POST', `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`, { schema });
    return body.is_compatible;
  }

  /** Subjects registered so far. */
  subjects(): Promise<string[]> {
    return this.request<string[]>('GET', '/subjects');
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const where = `${method} ${this.url}${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { accept: CONTENT_TYPE, ...(body !== undefined && { 'content-type': CONTENT_TYPE }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new RegistryUnavailableError(`schema registry unreachable (${where}): ${cause}`, error);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
    const message = registryMessage(text) ?? response.statusText;
    if (response.status === 404) throw new SchemaNotFoundError(`${where}: ${message}`);
    if (response.status === 409 || response.status === 422) throw new RegistryRefusedError(`${where}: ${message}`, response.status);
    if (response.status >= 500 || response.status === 429) throw new RegistryUnavailableError(`${where}: HTTP ${response.status} ${message}`);
    throw new RegistryRefusedError(`${where}: HTTP ${response.status} ${message}`, response.status);
  }
}

/** The `message` of the API's error body (`{"error_code": 40403, "message": "Schema 1 not found."}`), when there is one. */
function registryMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return text.trim() ? text.trim().slice(0, 300) : undefined;
  }
}
