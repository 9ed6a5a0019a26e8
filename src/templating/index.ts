/** Templating (docs/flows.md): `$flow.key.NAME` tokens and context-aware rendering. Pure. */
export type { TemplatePart, TemplateValue, VariableLookup } from './types.js';
export { findTemplateProblems, parseTemplate, templateVariables } from './parse.js';
export { renderText } from './render.js';
export { renderUrl } from './url.js';
export { renderFormBody } from './form.js';
export { jsonTemplateAlwaysWellFormed, renderJsonBody } from './json.js';
export { renderXmlBody } from './xml.js';
export { renderHeaderValue, type HeaderRender } from './header.js';
export { templateString } from './schema.js';
export { TemplateTooLargeError } from './size-limit.js';
