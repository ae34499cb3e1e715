/**
 * The explanation of one item: every trace entry with its clause, the record concerned, what was done
 * with it, why, and the points. Shared by the simulator and the staff console; each page supplies its
 * own labels and its own way of naming a record.
 */
import type { Messages, TraceEntry } from '../../../src/rules/index.ts';

export interface TraceLabels {
  traceClause: string;
  traceRecord: string;
  traceEffect: string;
  traceReason: string;
  tracePoints: string;
  effect: Record<TraceEntry['effect'], string>;
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

export function TraceList({
  trace,
  t,
  m,
  recordLabel,
  pointsClass,
}: {
  trace: TraceEntry[];
  t: TraceLabels;
  m: Messages;
  recordLabel: (record: string) => string;
  pointsClass: string;
}) {
  return (
    <ol className="trace">
      {trace.map((e, i) => (
        <li key={i} className={`trace-entry effect-${e.effect}`}>
          <dl>
            <div>
              <dt>{t.traceClause}</dt>
              <dd>
                {/* The clauses quote the Chinese policy texts, in either language of the page. */}
                <span lang="zh-CN">{e.clause}</span> <span className="source-id">[{e.source}]</span>
              </dd>
            </div>
            {e.record !== undefined && (
              <div>
                <dt>{t.traceRecord}</dt>
                <dd>{recordLabel(e.record)}</dd>
              </div>
            )}
            <div>
              <dt>{t.traceEffect}</dt>
              <dd>{t.effect[e.effect]}</dd>
            </div>
            {e.reason !== undefined && e.reason !== t.effect[e.effect] && e.reason !== m.reason.counted && (
              <div>
                <dt>{t.traceReason}</dt>
                <dd>{e.reason}</dd>
              </div>
            )}
            {e.points !== undefined && (
              <div>
                <dt>{t.tracePoints}</dt>
                <dd className={pointsClass}>{signed(e.points)}</dd>
              </div>
            )}
          </dl>
        </li>
      ))}
    </ol>
  );
}
