import { Inject, Injectable, InternalServerErrorException, PayloadTooLargeException, type NestMiddleware } from '@nestjs/common';
import type { Request, Response, NextFunction } from 'express';
import { INGEST_ENV } from '../config/ingest.tokens';
import type { IngestEnv } from '../config/ingest.env';
import { mediaKind, parseBody } from './ingest-body';

/**
 * Reads ingest bodies itself instead of through Express's parsers, whose 100 kB default
 * and HTML error pages do not fit: the limit comes from INGEST_MAX_REQUEST_BYTES and every
 * refusal (413, 415, 400) goes through Nest's exception filters as JSON.
 */
@Injectable()
export class RawBodyMiddleware implements NestMiddleware {
  constructor(@Inject(INGEST_ENV) private readonly env: IngestEnv) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    if ((req as { _body?: boolean })._body) {
      throw new InternalServerErrorException('the body was already parsed: create the app with INGEST_APP_OPTIONS (bodyParser: false)');
    }
    const kind = mediaKind(req.headers['content-type']);
    const limit = this.env.INGEST_MAX_REQUEST_BYTES;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared, limit);
    const body = parseBody(kind, await readLimited(req, limit));
    req.body = body.kind === 'text' ? { ...body, params: { ...req.query } } : body;
    next();
  }
}

function tooLarge(bytes: number, limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`the request body has ${bytes} bytes or more, over the limit of ${limit} (INGEST_MAX_REQUEST_BYTES)`);
}

function readLimited(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop reading; the 413 goes out and the connection is closed with the rest unread.
        req.pause();
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
