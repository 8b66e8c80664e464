/**
 * Last line of defence: a rendering bug shows a plain message and a way back instead of a blank page. The log
 * is not lost by a render error (it lives in the store), so "Try again" simply re-renders.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for whoever opens the console; nothing is sent anywhere.
    console.error('UI error', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div className="explain-screen" role="alert" data-testid="ui-error">
        <h2>Something in the display went wrong</h2>
        <p>The analyzer hit a bug while drawing this view. Your log stayed in this tab and was not sent anywhere.</p>
        <pre>{error.message}</pre>
        <button type="button" className="primary" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
