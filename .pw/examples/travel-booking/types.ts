export interface TripInput {
  tripId: string;
  traveller: string;
  hotel: string;
  flight: string;
  amountCents: number;
}

export interface Quote {
  tripId: string;
  totalCents: number;
}
