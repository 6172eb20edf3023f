import { Agent, createServer, Server, ServerResponse } from 'node:http';
import { answerClientErrorsAsJson } from '../../../libs/service-kit/src/client-error-answer';
import { EdgeConfig } from './edge-config';
import { sendJson, sendJsonError } from './json-response';
import { mergeOpenApi, OpenApiDocument, ServiceDocument } from './merge-openapi';
import { proxy } from './proxy';
import { EDGE_HEALTH_PATH, pathOf, routeFor, Upstream, UPSTREAMS } from './route-for';

const DOCUMENT_TIMEOUT_MS = 5_000;

export interface Edge {
  server: Server;
  /** Stops accepting, ends open event streams and resolves once every connection is closed. */
  close(graceMs?: number): Promise<void>;
}

async function serviceDocument(service: Upstream, base: URL): Promise<ServiceDocument | null> {
  try {
    const url = `${base.href.replace(/\/$/, '')}/api/docs/${service}.json`;
    const res = await fetch(url, { signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS) });
    if (!res.ok) return null;
    return { service, document: (await res.json()) as OpenApiDocument };
  } catch {
    return null;
  }
}

async function serveMergedOpenApi(res: ServerResponse, config: EdgeConfig): Promise<void> {
  const documents = await Promise.all(UPSTREAMS.map((s) => serviceDocument(s, config.upstreams[s])));
  const found = documents.filter((d): d is ServiceDocument => d !== null);
  const missing = UPSTREAMS.filter((_, i) => documents[i] === null);
  sendJson(res, 200, mergeOpenApi(found, missing));
}

/** The edge: one base URL in front of the tenant, registry and dispatch services. */
export function createEdge(config: EdgeConfig): Edge {
  // Bounded: a burst queues here instead of opening thousands of connections to one service.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const streams = new Set<ServerResponse>();
  const trackStream = (res: ServerResponse) => {
    streams.add(res);
    res.once('close', () => streams.delete(res));
  };

  const server = createServer({ maxHeaderSize: config.limits.maxHeaderBytes }, (req, res) => {
    const method = req.method ?? 'GET';
    const path = pathOf(req.url ?? '/');
    const route = routeFor(method, path);
    if (route === null) {
      sendJsonError(res, 404, `no Wharf route for ${method} ${path}`);
    } else if (route !== 'edge') {
      proxy(req, res, route, config.upstreams[route], agent, trackStream, config.limits.maxBodyBytes);
    } else if (path === EDGE_HEALTH_PATH) {
      sendJson(res, 200, { service: 'edge' });
    } else {
      void serveMergedOpenApi(res, config);
    }
  });

  answerClientErrorsAsJson(server, config.limits.maxHeaderBytes);
  return {
    server,
    close(graceMs = 5_000) {
      return new Promise<void>((resolve) => {
        server.close(() => {
          agent.destroy();
          resolve();
        });
        server.closeIdleConnections();
        for (const res of streams) res.destroy();
        setTimeout(() => server.closeAllConnections(), graceMs).unref();
      });
    },
  };
}
