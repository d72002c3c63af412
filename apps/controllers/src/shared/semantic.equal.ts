/**
 * Deep equality of JSON values ignoring key order, a missing key counting as `undefined` (how
 * controllers use apimachinery's Semantic.DeepEqual to skip writes when nothing changed): the
 * shared libs implementation under the name the controllers use.
 */
export { jsonEqual as semanticEqual } from '../../../../libs/apimachinery/src/json/json.equal.js';
