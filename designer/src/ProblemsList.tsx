import type { Validation } from './types.js';

/** Every problem the server found, with its path; a widget's problem selects it. */
export function ProblemsList({
  validation,
  onSelect,
}: {
  validation: Validation | undefined;
  onSelect: (id: string) => void;
}) {
  const problems = validation?.problems ?? [];
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">Problems ({problems.length})</h2>
      {validation === undefined ? (
        <p>Checking…</p>
      ) : problems.length === 0 ? (
        <p className="ok">No problems.</p>
      ) : (
        <ul>
          {problems.map((problem, index) => {
            const id = /^widgets\.([^.[]+)/.exec(problem.path)?.[1];
            return (
              <li key={index} className={problem.severity}>
                <button
                  type="button"
                  disabled={id === undefined}
                  onClick={() => {
                    if (id !== undefined) onSelect(id);
                  }}
                >
                  <span className="severity">{problem.severity}</span>{' '}
                  <code>{problem.path || '(flow)'}</code> {problem.message}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
