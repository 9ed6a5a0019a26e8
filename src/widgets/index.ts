import { decisionWidget } from './decision/index.js';
import { endWidget } from './end/index.js';
import { hangupWidget } from './hangup/index.js';
import { inputWidget } from './input/index.js';
import { playWidget } from './play/index.js';
import type { Widget } from './services.js';
import { storeWidget } from './store/index.js';
import { webhookWidget } from './webhook/index.js';

/** The widget catalogue: adding a widget is one folder and one line here (docs/architecture.md). */
export const WIDGETS: readonly Widget[] = [
  webhookWidget,
  storeWidget,
  decisionWidget,
  playWidget,
  inputWidget,
  hangupWidget,
  endWidget,
] as readonly Widget[];

/** The catalogue by type, as validation and the engine take it. */
export const widgetCatalogue: ReadonlyMap<string, Widget> = new Map(
  WIDGETS.map((widget) => [widget.type, widget]),
);

export type {
  InputSource,
  InternalServices,
  SavedWebhookTarget,
  ServerModes,
  Widget,
  WidgetServices,
} from './services.js';
export { webhookWidget };
export { INTERNAL_FUNCTIONS, type InternalFunction } from './webhook/internal-functions/index.js';
