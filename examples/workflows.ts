/** Both reference sagas in one workflows module, so `npm run check` bundles once for both corpora. */
export { provisionTenant } from './tenant-provisioning/workflows';
export { fulfilOrder } from './order-fulfilment/workflows';
