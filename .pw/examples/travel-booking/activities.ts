/**
 * The travel-booking saga's activities. They only answer (the saga's shape is what the example is
 * for): the same input gives the same result, so a recorded history and its rewrites carry the
 * same payloads.
 */
import type { Quote, TripInput } from './types';

/** Run as a local activity: a price from the trip alone. */
export async function quoteTrip(input: TripInput): Promise<Quote> {
  return { tripId: input.tripId, totalCents: input.amountCents };
}

export async function reserveHotel(input: TripInput): Promise<string> {
  return `hotel-${input.hotel}-${input.tripId}`;
}

export async function cancelHotel(input: TripInput): Promise<void> {
  void input;
}

export async function reserveSeat(input: TripInput): Promise<string> {
  return `seat-${input.flight}-${input.tripId}`;
}

export async function releaseSeat(input: TripInput): Promise<void> {
  void input;
}

export async function chargeCard(input: TripInput): Promise<string> {
  return `charge-${input.tripId}-${input.amountCents}`;
}

export async function refundCard(input: TripInput): Promise<void> {
  void input;
}
