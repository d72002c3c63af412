import type { KubeObject } from '../../generic/strategy.interface.js';
import { isRecord, optNum, rec, str } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { eventColumns, eventRow, type EventView } from '../../core/event/event.printer.js';

function eventsV1View(e: KubeObject): EventView {
  const source = rec(e['deprecatedSource']);
  const series = e['series'];
  return {
    firstTimestamp: e['deprecatedFirstTimestamp'],
    lastTimestamp: e['deprecatedLastTimestamp'],
    eventTime: e['eventTime'],
    count: optNum(e['deprecatedCount']) ?? 0,
    series: isRecord(series) ? series : undefined,
    type: str(e['type']),
    reason: str(e['reason']),
    involved: rec(e['regarding']),
    sourceComponent: str(source['component']),
    sourceHost: str(source['host']),
    reportingController: str(e['reportingController']),
    reportingInstance: str(e['reportingInstance']),
    message: str(e['note']),
  };
}

/** events.k8s.io/v1 events print the same columns after upstream converts them to core form. */
export const eventsV1Printer: TablePrinter = {
  columns: eventColumns,
  row: (obj, now) => eventRow(eventsV1View(obj), obj, now),
};
