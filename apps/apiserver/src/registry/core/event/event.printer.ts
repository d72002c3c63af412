import type { KubeObject } from '../../generic/strategy.interface.js';
import { column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { parseTime, since } from '../../printers/duration.format.js';
import { doc } from '../../printers/field.docs.js';
import { isRecord, num, rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

/** The fields the printer needs, read from either core/v1 or events.k8s.io/v1 field names. */
export interface EventView {
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series: Record<string, unknown> | undefined;
  type: string;
  reason: string;
  involved: Record<string, unknown>;
  sourceComponent: string;
  sourceHost: string;
  reportingController: string;
  reportingInstance: string;
  message: string;
}

function coreView(e: KubeObject): EventView {
  const source = rec(e['source']);
  const series = e['series'];
  return {
    firstTimestamp: e['firstTimestamp'],
    lastTimestamp: e['lastTimestamp'],
    eventTime: e['eventTime'],
    count: num(e['count']),
    series: isRecord(series) ? series : undefined,
    type: str(e['type']),
    reason: str(e['reason']),
    involved: rec(e['involvedObject']),
    sourceComponent: str(source['component']),
    sourceHost: str(source['host']),
    reportingController: str(e['reportingComponent']),
    reportingInstance: str(e['reportingInstance']),
    message: str(e['message']),
  };
}
export function eventRow(view: EventView, obj: KubeObject, now: Date): unknown[] {
  const first = parseTime(view.firstTimestamp) === undefined ? since(view.eventTime, now) : since(view.firstTimestamp, now);
  let last = parseTime(view.lastTimestamp) === undefined ? first : since(view.lastTimestamp, now);
  let count = view.count;
  if (view.series) {
    last = since(view.series['lastObservedTime'], now);
    count = num(view.series['count']);
  } else if (count === 0) {
    // Singleton events written through the new API carry no count.
    count = 1;
  }
  const kind = str(view.involved['kind']).toLowerCase();
  const name = str(view.involved['name']);
  const component = view.sourceComponent || view.reportingController;
  const host = view.sourceHost || view.reportingInstance;
  return [
    last,
    view.type,
    view.reason,
    name !== '' ? `${kind}/${name}` : kind,
    str(view.involved['fieldPath']),
    host === '' ? component : `${component}, ${host}`,
    view.message.trim(),
    first,
    count,
    nameOf(obj),
  ];
}

export const eventColumns = [
  column('Last Seen', 'string', doc('CoreV1Event.lastTimestamp')),
  column('Type', 'string', doc('CoreV1Event.type')),
  column('Reason', 'string', doc('CoreV1Event.reason')),
  column('Object', 'string', doc('CoreV1Event.involvedObject')),
  column('Subobject', 'string', doc('V1ObjectReference.fieldPath'), 1),
  column('Source', 'string', doc('CoreV1Event.source'), 1),
  column('Message', 'string', doc('CoreV1Event.message')),
  column('First Seen', 'string', doc('CoreV1Event.firstTimestamp'), 1),
  column('Count', 'string', doc('CoreV1Event.count'), 1),
  { ...nameColumn(), priority: 1 },
];

/** core/v1 events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (+ wide columns). */
export const eventPrinter: TablePrinter = {
  columns: eventColumns,
  row: (obj, now) => eventRow(coreView(obj), obj, now),
};
