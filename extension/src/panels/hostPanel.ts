import { createElement } from 'react';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';

/**
 * The component handed to OHIF for a panel. The host renders it with its own React, which is internal to its
 * bundle; hooks from our React would break there. So it uses no hooks, renders one <div> with a ref callback
 * that stays the same function for the life of the panel, and runs our own React 18 root inside that div.
 * The host may detach and re-attach the div (layout changes): the unmount waits a tick so a quick re-attach to
 * the same element keeps the root, and the panel state lives outside React anyway.
 */
export function createHostPanel(render: () => ReactElement): () => ReactElement {
  let root: Root | null = null;
  let container: HTMLElement | null = null;
  let pendingUnmount: ReturnType<typeof setTimeout> | null = null;

  const unmount = () => {
    pendingUnmount = null;
    root?.unmount();
    root = null;
    container = null;
  };

  const attach = (element: HTMLDivElement | null) => {
    if (element === null) {
      if (root && pendingUnmount === null) pendingUnmount = setTimeout(unmount, 0);
      return;
    }
    if (pendingUnmount !== null) {
      clearTimeout(pendingUnmount);
      pendingUnmount = null;
    }
    if (element === container) return;
    if (root) unmount();
    container = element;
    root = createRoot(element);
    root.render(render());
  };

  return function PrnnPanelHost() {
    // Elements from our React are plain objects tagged with the shared Symbol.for('react.element'): the host's
    // React 18 renders them like its own.
    return createElement('div', { ref: attach, className: 'h-full w-full overflow-y-auto' });
  };
}
