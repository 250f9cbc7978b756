/**
 * Hydra configuration subtrees that Tessera recognises but does not act on (yet). A Hydra
 * configuration file that sets them still loads; each one is reported once as a warning.
 * Keys outside both this list and `CONFIG_KEYS` are rejected, as Hydra rejects unknown keys.
 */
export const RECOGNISED_HYDRA_KEYS: readonly string[] = [
  'version',
  'db',
  'log.redaction_text',
  'serve.public.cors',
  'serve.public.tls.allow_termination_from',
  'serve.public.socket',
  'serve.public.request_log',
  'serve.public.base_url',
  'serve.admin.cors',
  'serve.admin.tls.allow_termination_from',
  'serve.admin.socket',
  'serve.admin.request_log',
  'serve.admin.base_url',
  'serve.tls.allow_termination_from',
  'clients',
  'hsm',
  'urls.device',
  'urls.identity_provider',
  'oauth2.expose_internal_errors',
  'oauth2.grant.jwt',
  'serve.cookies.same_site_legacy_workaround',
  'oauth2.device_authorization',
  'profiling',
  'tracing',
  'sqa',
  'cgroups',
  'feature_flags',
];

/** Whether `path` lies inside one of the recognised-but-inactive subtrees. */
export function isRecognisedHydraKey(path: string): boolean {
  return RECOGNISED_HYDRA_KEYS.some((prefix) => path === prefix || path.startsWith(`${prefix}.`));
}
