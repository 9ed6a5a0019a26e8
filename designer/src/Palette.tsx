import type { WidgetType } from './types.js';

export const PALETTE_MIME = 'application/x-hookline-widget';

/** Widget types to drag onto the canvas (or press to add). */
export function Palette({
  widgets,
  onAdd,
}: {
  widgets: WidgetType[];
  onAdd: (type: string) => void;
}) {
  return (
    <nav className="palette" aria-label="Widgets">
      <h2>Widgets</h2>
      <ul>
        {widgets.map((widget) => (
          <li key={widget.type}>
            <button
              type="button"
              draggable
              data-testid={`palette-${widget.type}`}
              className={`palette-item ${widget.category}`}
              title={widget.description}
              onDragStart={(event) => {
                event.dataTransfer.setData(PALETTE_MIME, widget.type);
                event.dataTransfer.effectAllowed = 'move';
              }}
              onClick={() => {
                onAdd(widget.type);
              }}
            >
              <strong>{widget.title}</strong>
              <span>{widget.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
