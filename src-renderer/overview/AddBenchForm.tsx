/**
 * Adding a further bench: paste the line its backend printed (`Benchtop at http://…/#token=…`), or its URL
 * with the token in its own field, and optionally a name. What is wrong is said under the form, exactly;
 * nothing is added until it is right. The token field is a password field: a credential is not shown.
 */
import { useState } from 'react';
import type { AddResult } from '../benches/BenchRegistry';

export function AddBenchForm({
  onAdd,
  onDone,
}: {
  onAdd(url: string, token: string, label: string): AddResult;
  onDone(id: string): void;
}): React.JSX.Element {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form
      className="add-bench"
      data-testid="add-bench-form"
      onSubmit={(e) => {
        e.preventDefault();
        const result = onAdd(url, token, label);
        if (!result.ok) return setError(result.error);
        setError(undefined);
        setUrl('');
        setToken('');
        setLabel('');
        onDone(result.id);
      }}
    >
      <label className="add-bench-url">
        Address
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="Benchtop at http://127.0.0.1:5173/#token=…"
          spellCheck={false}
          autoComplete="off"
          data-testid="add-bench-url"
        />
      </label>
      <label>
        Token
        <input
          type="password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="if not in the address"
          autoComplete="off"
          data-testid="add-bench-token"
        />
      </label>
      <label>
        Name
        <input
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder="optional"
          maxLength={80}
          data-testid="add-bench-label"
        />
      </label>
      <button type="submit" className="primary" data-testid="add-bench-submit">
        Add bench
      </button>
      {error && (
        <p className="add-bench-error" role="alert" data-testid="add-bench-error">
          {error}
        </p>
      )}
    </form>
  );
}
