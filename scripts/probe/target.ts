import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Component } from '#core/model/config.ts';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import { missingCaMessage, type Probe } from '#core/model/probe.ts';
import { fillReferences, refusedSecret } from '#core/model/secrets.ts';
import { CONFIG_FILE } from '#core/parse/repository.ts';
import { locate, type YamlSource } from '#core/parse/yaml-source.ts';

/**
 * A probe made ready to run: `${NAME}` filled from the environment variables listed under
 * `probe.secrets`, the URL parsed, a private certificate authority read. The filled values may
 * hold secrets: they go to the network and nowhere else (no output, no file, no message quotes
 * them).
 */
export interface Target {
  component: string;
  probe: Probe;
  /** For the kinds that have one (http, tcp, statuspage). */
  url?: URL;
  headers: Record<string, string>;
  body?: string;
  /** Trusted certificate authorities when the probe names its own, else the default ones. */
  ca?: string[];
  /** True when a `${NAME}` was filled into the URL, a header or the body: redirects stay on its origin. */
  carriesSecret: boolean;
}

/** A target of a kind that has a URL. */
export type UrlTarget<P extends Probe> = Target & { probe: P; url: URL };

/**
 * `text` with every allowed `${NAME}` replaced by the environment's value (percent-encoded in a
 * URL, so a value cannot change the host or path); names refused or not set are listed.
 */
export function fillSecrets(
  text: string,
  env: NodeJS.ProcessEnv,
  allowed: readonly string[],
  inUrl: boolean,
): { text: string; filled: boolean; refused: string[]; missing: string[] } {
  const refused: string[] = [];
  const missing: string[] = [];
  let filled = false;
  const out = fillReferences(
    text,
    (name) => {
      if (refusedSecret(name, allowed)) refused.push(name);
      else if (env[name] === undefined) missing.push(name);
      else {
        filled = true;
        return env[name];
      }
      return undefined;
    },
    inUrl ? encodeURIComponent : undefined,
  );
  return { text: out, filled, refused, missing };
}

/** Targets for the given components, or diagnostics that say what to set or fix. */
export function prepareTargets(
  components: Array<{ component: Component; index: number }>,
  secrets: readonly string[],
  env: NodeJS.ProcessEnv,
  root: string,
  source: YamlSource | undefined,
): { targets: Target[]; diagnostics: Diagnostic[] } {
  const targets: Target[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { component, index } of components) {
    const probe = component.probe!;
    const before = diagnostics.length;
    const at = (...path: PropertyKey[]) => (source ? locate(source, ['components', index, 'probe', ...path]) : {});
    const report = (path: PropertyKey[], rule: string, message: string) =>
      diagnostics.push({ file: CONFIG_FILE, ...at(...path), severity: 'error', rule, message });
    let carriesSecret = false;
    const fill = (text: string, path: PropertyKey[]) => {
      const filled = fillSecrets(text, env, secrets, path[0] === 'url');
      carriesSecret ||= filled.filled;
      for (const name of filled.refused) {
        report(path, 'probe-secret', `Probe of "${component.id}" uses \${${name}}, but ${refusedSecret(name, secrets)}`);
      }
      for (const name of filled.missing) {
        report(
          path,
          'probe-secret',
          `Probe of "${component.id}" uses \${${name}}, but the environment variable ${name} is not set; set it (in CI: as a repository secret passed to the probe) or remove the reference`,
        );
      }
      return filled.text;
    };
    if (!('url' in probe)) {
      targets.push({ component: component.id, probe, headers: {}, carriesSecret: false });
      continue;
    }
    const urlText = fill(probe.url, ['url']);
    const http = probe.kind === 'http' ? probe : undefined;
    const headers = Object.fromEntries(Object.entries(http?.headers ?? {}).map(([k, v]) => [k, fill(v, ['headers', k])]));
    const body = http?.body === undefined ? undefined : fill(http.body, ['body']);
    let ca: string[] | undefined;
    if (http?.ca !== undefined) {
      const path = join(root, http.ca);
      if (existsSync(path)) ca = [...rootCertificates, readFileSync(path, 'utf8')];
      else report(['ca'], 'probe-ca', missingCaMessage(component.id, http.ca));
    }
    let url: URL | undefined;
    try {
      url = new URL(urlText);
    } catch {
      // The filled text may hold a secret: name the field, never the value.
      if (diagnostics.length === before)
        report(
          ['url'],
          'probe-url',
          `Probe of "${component.id}" has a URL that is not valid once \${…} values are filled in; check the URL and the environment variables it uses`,
        );
    }
    if (url && diagnostics.length === before) targets.push({ component: component.id, probe, url, headers, body, ca, carriesSecret });
  }
  return { targets, diagnostics };
}
