import type { Sealer } from '../secrets/index.js';
import type { FlowSecrets, FlowVersion, SealedDocument } from '../storage/ports.js';
import { asObject, MASKED, visitRequestSecrets, type SecretProblem } from './request-secrets.js';

export { MASKED } from './request-secrets.js';

type FlowDocument = FlowVersion['document'];

/** Called with each secret of a document: its slot, its JSON path and its value. */
type Visit = (slot: string, path: string, value: string) => string;

/**
 * A copy of `document` with each secret replaced by what `visit` answers: the auth fields,
 * the URL's password and the values of secret-named query parameters and headers of every
 * widget config's `request` (docs/server.md "Secrets").
 */
function visitSecrets(document: FlowDocument, visit: Visit): FlowDocument {
  // Prototype-free: a widget id such as `__proto__` stays an own key (docs/flows.md "Widget ids").
  const widgets = Object.create(null) as FlowDocument['widgets'];
  for (const [id, widget] of Object.entries(document.widgets)) {
    const config = asObject(widget.config);
    const request = asObject(config?.['request']);
    if (!config || !request) {
      widgets[id] = widget;
      continue;
    }
    const at = (field: string, path: string, value: string) =>
      visit(`${id}/${field}`, `widgets.${id}.config.request.${path}`, value);
    widgets[id] = { ...widget, config: { ...config, request: visitRequestSecrets(request, at) } };
  }
  return { ...document, widgets };
}

/**
 * Takes a document's secrets out for storage: sealed by slot, `"***"` in their place. A
 * `"***"` sent keeps `previous`'s secret of the same widget and field; one with none to keep
 * is a problem.
 */
export function sealFlowSecrets(
  document: FlowDocument,
  sealer: Sealer,
  previous: FlowSecrets = {},
): SealedDocument & { problems: SecretProblem[] } {
  const secrets: FlowSecrets = {};
  const problems: SecretProblem[] = [];
  const sealed = visitSecrets(document, (slot, path, value) => {
    const kept = previous[slot];
    if (value !== MASKED) secrets[slot] = sealer.seal(value);
    else if (kept !== undefined) secrets[slot] = kept;
    else
      problems.push({
        path,
        message: `"${MASKED}" keeps the secret saved before, but none is saved here: send the secret`,
        severity: 'error',
      });
    return MASKED;
  });
  return { document: sealed, secrets, problems };
}

/** The document a run needs: every secret opened in its place. Throws SealedValueError. */
export function openFlowSecrets(
  version: Pick<FlowVersion, 'document' | 'secrets'>,
  sealer: Sealer,
): FlowDocument {
  const { secrets } = version;
  if (secrets === undefined || Object.keys(secrets).length === 0) return version.document;
  return visitSecrets(version.document, (slot, _path, value) => {
    const sealed = secrets[slot];
    return value === MASKED && sealed !== undefined ? sealer.open(sealed) : value;
  });
}

/** The document as reads show it: `"***"` for every secret (even of a version saved in clear). */
export function maskFlowSecrets(document: FlowDocument): FlowDocument {
  return visitSecrets(document, () => MASKED);
}
