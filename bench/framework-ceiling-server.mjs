#!/usr/bin/env node
// The ceiling a framework puts on a token endpoint: POST /oauth2/token reads an
// application/x-www-form-urlencoded body and answers a fixed token response — no database, no
// crypto, no logging. FRAMEWORK = node:http | express | nest-express | nest-fastify.
// Listens on 127.0.0.1:$PORT.
import 'reflect-metadata';
import { createServer } from 'node:http';

const PORT = Number(process.env.PORT ?? 14448);
const FRAMEWORK = process.env.FRAMEWORK ?? 'node:http';
const ANSWER = {
  access_token: 'ory_at_bench.bench',
  expires_in: 3599,
  scope: 'read',
  token_type: 'bearer',
};
const answerFor = (form) => ({ ...ANSWER, scope: form.scope ?? '' });

async function nodeHttp() {
  createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(answerFor(form)));
    });
  }).listen(PORT, '127.0.0.1');
}

async function express() {
  const { default: createApp, urlencoded } = await import('express');
  const app = createApp();
  app.use(urlencoded({ extended: false }));
  app.post('/oauth2/token', (request, response) => {
    response.set('cache-control', 'no-store').json(answerFor(request.body));
  });
  app.listen(PORT, '127.0.0.1');
}

/** One Nest controller, decorated by hand (plain JavaScript has no decorator syntax here). */
async function nest(adapter) {
  const common = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  class TokenController {
    token(body, response) {
      response.header('cache-control', 'no-store');
      return answerFor(body);
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(TokenController.prototype, 'token');
  common.Body()(TokenController.prototype, 'token', 0);
  common.Res({ passthrough: true })(TokenController.prototype, 'token', 1);
  common.HttpCode(200)(TokenController.prototype, 'token', descriptor);
  common.Post('token')(TokenController.prototype, 'token', descriptor);
  common.Controller('oauth2')(TokenController);
  class BenchModule {}
  common.Module({ controllers: [TokenController] })(BenchModule);
  const app = await NestFactory.create(BenchModule, adapter, { logger: false });
  await app.listen(PORT, '127.0.0.1');
}

if (FRAMEWORK === 'node:http') await nodeHttp();
else if (FRAMEWORK === 'express') await express();
else if (FRAMEWORK === 'nest-express') await nest(undefined);
else if (FRAMEWORK === 'nest-fastify') {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  await nest(new FastifyAdapter());
} else throw new Error(`unknown FRAMEWORK ${FRAMEWORK}`);
