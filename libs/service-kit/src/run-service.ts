import { Server } from 'node:http';
import { DynamicModule, INestApplication, Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { natsOptionsFromEnv } from '@wharf/event-store';
import { answerClientErrorsAsJson } from './client-error-answer';
import { JsonErrorFilter, validationException } from './http-errors';
import { jsonBodyError, verifyJsonBody } from './json-body';
import { DEFAULT_REQUEST_LIMITS, RequestLimits } from './request-limits';
import { serviceConfigFromEnv, ServiceName } from './service-config';

/** Applies the HTTP conventions every service shares (also used by tests that build an app). */
export function configureHttp(
  app: NestExpressApplication,
  maxBodyBytes: number,
  maxJsonDepth: number = DEFAULT_REQUEST_LIMITS.maxJsonDepth,
): void {
  // Nest's typing leaves `verify` out because Nest puts its own there when the app is created with
  // `rawBody: true`; Wharf's apps never are, and Nest hands these options to body-parser as given.
  app.useBodyParser('json', { limit: maxBodyBytes, verify: verifyJsonBody(maxJsonDepth) } as { limit: number });
  // Nest turns body-parser's SyntaxError into a bare 400 before any filter runs, and knows no limit:
  // name the field and the rule first.
  app.use((err: unknown, _req: unknown, _res: unknown, next: (e?: unknown) => void) =>
    next(jsonBodyError(err, { maxBodyBytes, maxJsonDepth })),
  );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new JsonErrorFilter());
}

function serveOpenApi(app: INestApplication, service: ServiceName): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Wharf ${service} service`)
      .setVersion('1')
      .addBearerAuth()
      .addGlobalParameters({
        name: 'X-Wharf-Namespace',
        in: 'header',
        required: false,
        schema: { type: 'string', default: 'default' },
      })
      .build(),
  );
  SwaggerModule.setup(`api/docs/${service}`, app, document, { jsonDocumentUrl: `api/docs/${service}.json` });
}

/**
 * Nest creates its HTTP server without options, so the `maxHeaderSize` createServer would take is
 * set on the server instead: node reads it there for every new connection.
 */
function limitHeaders(server: Server, limits: RequestLimits): void {
  (server as Server & { maxHeaderSize: number }).maxHeaderSize = limits.maxHeaderBytes;
  answerClientErrorsAsJson(server, limits.maxHeaderBytes);
}

/** Starts one Wharf service: HTTP, OpenAPI, NATS admin request/reply, and clean shutdown on signals. */
export async function runService(
  service: ServiceName,
  module: Type<unknown> | DynamicModule,
): Promise<INestApplication> {
  const config = serviceConfigFromEnv(service);
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false });
  configureHttp(app, config.limits.maxBodyBytes, config.limits.maxJsonDepth);
  app.enableShutdownHooks();
  serveOpenApi(app, service);
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: natsOptionsFromEnv(process.env, `wharf-${service}-admin`) as never,
  });
  await app.startAllMicroservices();
  // Clients and the edge keep connections alive; closing an idle one races with a request sent on
  // it (ECONNRESET). Keep idle connections longer than a client's pool usually does.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  limitHeaders(server, config.limits);
  await app.listen(config.port, config.host);
  new Logger('Wharf').log(`${service} service listening on http://${config.host}:${config.port}`);
  return app;
}
