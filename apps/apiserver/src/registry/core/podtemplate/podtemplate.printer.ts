import { column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { containerCells, formatLabels } from '../../printers/label.format.js';
import { at } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';

export const podTemplatePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  row(obj) {
    const template = obj['template'];
    const [names, images] = containerCells(at(template, 'spec'));
    return [nameOf(obj), names, images, formatLabels(at(template, 'metadata', 'labels'))];
  },
};
