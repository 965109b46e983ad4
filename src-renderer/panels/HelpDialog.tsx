/** Keyboard shortcuts and a few pointers, as a modal dialog (Esc or the button closes it). */
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../app/shortcuts';

export function HelpDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby="help-title"
      data-testid="help-dialog"
      onClose={onClose}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Charts</h3>
      <p className="muted">
        Drag across a chart or scroll to zoom, shift+scroll to pan; a zoomed chart says so until you
        double-click it or press Back to live (Reset zoom on the scope). On the scope, click to place cursor
        A, shift+click for B, and drag the dashed T line to move the trigger level. Drag a chart&apos;s lower
        edge to resize it.
      </p>
      <button type="button" className="primary" onClick={onClose} data-testid="help-close" autoFocus>
        Close
      </button>
    </dialog>
  );
}
