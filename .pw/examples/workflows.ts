/** The reference sagas in one workflows module, so `npm run check` bundles once for every corpus. */
export { provisionTenant } from './tenant-provisioning/workflows';
export { fulfilOrder } from './order-fulfilment/workflows';
export { bookTrip, bookFlight, cancelFlight } from './travel-booking/workflows';
