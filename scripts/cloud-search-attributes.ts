/**
 * Prints the `tcld` command that registers the case search attributes on a Temporal Cloud namespace,
 * which refuses to let the service register them itself:
 *   npx tsx scripts/cloud-search-attributes.ts <namespace>.<account>
 * From workflows/search-attributes.ts, so it names every attribute the workflows set.
 */
import { cloudRegistrationCommand } from '../worker/namespace';

const namespace = process.argv[2] || process.env.TEMPORAL_NAMESPACE;
if (!namespace) {
  console.error('usage: npx tsx scripts/cloud-search-attributes.ts <namespace>.<account>');
  process.exit(1);
}
console.log(cloudRegistrationCommand(namespace));
