import { z } from 'zod';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2: the shapes of its answers, in the
// spec's snake_case field names. Each is served as JSON or XML (the format is the path's extension).

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** GET services: one per request category (leaf of the taxonomy). */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** GET services/:code — our services have no extra attributes. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: never[];
}

/** One request as GET requests shows it. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311Error {
  code: number;
  description: string;
}

/** POST requests: the form fields the spec defines that we use (application/x-www-form-urlencoded). */
export const open311CreateSchema = z.object({
  api_key: z.string().min(1, 'api_key is required'),
  service_code: z.string().min(1, 'service_code is required'),
  jurisdiction_id: z.string().optional(),
  /** Our 12-digit division code of the village/community (or township); else jurisdiction_id's place is used. */
  address_id: z.string().optional(),
  address_string: z.string().max(300).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  description: z.string().trim().min(5, 'description must have at least 5 characters').max(2000),
  first_name: z.string().max(25).optional(),
  last_name: z.string().max(25).optional(),
  phone: z.string().max(25).optional(),
  email: z.string().max(100).optional(),
  device_id: z.string().max(100).optional(),
  account_id: z.string().max(100).optional(),
  media_url: z.string().max(500).optional(),
});
export type Open311Create = z.infer<typeof open311CreateSchema>;

/** GET requests: the standard filters. */
export const open311ListSchema = z.object({
  jurisdiction_id: z.string().optional(),
  service_request_id: z.string().optional(),
  service_code: z.string().optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z.string().optional(),
});
export type Open311ListQuery = z.infer<typeof open311ListSchema>;
