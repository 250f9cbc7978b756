import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, envName, loadConfig } from '@tessera/config';
import { createTestServer, type TestServer } from '@tessera/testing';
import { createAdminApp } from '../../apps/admin/src/admin.bootstrap';
import { createPublicApp } from '../../apps/public/src/public.bootstrap';
import { cli } from '../support/cli';

const ROOT = join(__dirname, '..', '..');
const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');

// Kubernetes, kustomize and compose documents of every shape: the schemas check them, not TypeScript.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;
type Model = new (data: Manifest) => { validate(): void };
const MODELS: Record<string, Model> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};
/** The variables of the example login and consent app, which is not configured like Tessera. */
const CONSENT_APP_VARIABLES = ['HYDRA_ADMIN_URL', 'PORT'];
const TESSERA_VARIABLES = new Set(CONFIG_KEYS.map((key) => envName(key.path)));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : entry.name.endsWith('.yaml')
        ? [join(dir, entry.name)]
        : [],
  );
}

function documents(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJSON() as Manifest);
}

const baseResources = () =>
  yamlFiles(join(KUBERNETES, 'base'))
    .filter((file) => !file.endsWith('kustomization.yaml'))
    .flatMap(documents);

const containersOf = (manifest: Manifest): Manifest[] => manifest.spec.template.spec.containers;

describe('the Kubernetes manifests', () => {
  it('are valid against the Kubernetes schemas', () => {
    for (const manifest of baseResources()) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `${manifest.apiVersion}/${manifest.kind}`).toBeDefined();
      expect(
        () => new Model(manifest).validate(),
        `${manifest.kind} ${manifest.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('are complete kustomizations: every resource and patch exists and patches name base objects', () => {
    const names = new Set(baseResources().map((m) => `${m.kind}/${m.metadata.name}`));
    for (const file of yamlFiles(KUBERNETES).filter((f) => f.endsWith('kustomization.yaml'))) {
      const kustomization = documents(file)[0];
      for (const resource of kustomization.resources ?? [])
        expect(existsSync(join(dirname(file), resource)), resource).toBe(true);
      for (const patch of kustomization.patches ?? []) {
        const target = patch.path
          ? documents(join(dirname(file), patch.path))[0]
          : { kind: patch.target.kind, metadata: { name: patch.target.name } };
        expect(names.has(`${target.kind}/${target.metadata.name}`), relative(ROOT, file)).toBe(
          true,
        );
      }
    }
  });

  it('run only commands the CLI has, with only configuration Tessera knows', async () => {
    const workloads = baseResources().filter((m) => m.kind === 'Deployment' || m.kind === 'Job');
    const config = baseResources().find((m) => m.kind === 'ConfigMap') as Manifest;
    const secret = baseResources().find((m) => m.kind === 'Secret') as Manifest;
    for (const workload of workloads) {
      for (const container of containersOf(workload)) {
        const args = (container.args as string[]).filter(
          (arg, i, all) => arg !== '-c' && all[i - 1] !== '-c',
        );
        expect((await cli([...args, '--help'])).code, args.join(' ')).toBe(0);
        for (const source of container.envFrom ?? [])
          expect(source.secretRef.name).toBe(secret.metadata.name);
      }
    }
    for (const name of Object.keys(secret.stringData))
      expect(TESSERA_VARIABLES.has(name), name).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-k8s-')), 'tessera.yaml');
    writeFileSync(file, config.data['tessera.yaml']);
    const loaded = loadConfig(
      {
        files: [file],
        env: { DSN: 'memory', SECRETS_SYSTEM: 'a-secret-of-32-characters-or-more' },
      },
      { dsn: true, secrets: true, issuer: true },
    );
    expect(loaded.config.urls.self.issuer).toBe('https://auth.example.com/');
  });
});

describe('the probes of the manifests and the compose file', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ public: createPublicApp, admin: createAdminApp });
  });
  afterAll(() => server?.close());

  it('point at health endpoints the apps answer, on ports the containers declare', async () => {
    const urls: Record<number, string> = { 4444: server.publicUrl, 4445: server.adminUrl };
    for (const deployment of baseResources().filter((m) => m.kind === 'Deployment')) {
      for (const container of containersOf(deployment)) {
        const ports = new Map(
          (container.ports as Manifest[]).map((port) => [port.name, port.containerPort as number]),
        );
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
          const { path, port } = container[probe].httpGet;
          const number = ports.get(port) as number;
          expect(number, `${deployment.metadata.name} ${probe}`).toBeDefined();
          expect(
            (await fetch(`${urls[number]}${path}`)).status,
            `${deployment.metadata.name} ${probe} ${path}`,
          ).toBe(200);
        }
      }
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = documents(join(ROOT, 'docker-compose.yml'))[0];

  it('runs only CLI commands that exist, with known variables, and the example app that is built', async () => {
    for (const [name, service] of Object.entries(compose.services as Record<string, Manifest>)) {
      if (service.image !== 'tessera:local') continue;
      for (const variable of Object.keys(service.environment ?? {}))
        expect(
          TESSERA_VARIABLES.has(variable) || CONSENT_APP_VARIABLES.includes(variable),
          `${name}: ${variable}`,
        ).toBe(true);
      if (service.entrypoint) {
        expect(existsSync(join(ROOT, service.entrypoint[1])), name).toBe(true);
        continue;
      }
      expect((await cli([...service.command, '--help'])).code, name).toBe(0);
    }
    const healthcheck = compose.services.postgres.healthcheck.test.join(' ');
    expect(healthcheck).toContain('pg_isready');
  });
});
