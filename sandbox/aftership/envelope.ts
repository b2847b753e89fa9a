// AfterShip Tracking API (versioned), providers/aftership/README.md "Envelope" and "Error body": every reply is
// `{"meta":{"code","message","type"},"data"}`; errors carry `data: {}` and a meta code that may be 4xxx.
import { json, type Reply } from '../http';

export function ok(status: 200 | 201, data: unknown): Reply {
  const meta = status === 201
    ? { code: 201, message: 'The request was successful and a resource was created.', type: 'Created' }
    : { code: 200, message: 'The request was successful.', type: 'OK' };
  return json(status, { meta, data });
}

export function metaError(status: number, code: number, type: string, message: string): Reply {
  return json(status, { meta: { code, message, type }, data: {} });
}

// Codes and texts of the official SDK's error table (tracking-sdk-nodejs README, v17); the HTTP status
// that goes with each 4xxx code is the one the same table lists.
export const unauthorized = () => metaError(401, 401, 'Unauthorized', 'The API Key is invalid.');
export const uriNotFound = () =>
  metaError(404, 404, 'NotFound', 'The URI requested is invalid or the resource requested does not exist.');
export const trackingNotFound = () => metaError(404, 4004, 'NotFound', 'Tracking does not exist.');
export const trackingExists = () => metaError(400, 4003, 'BadRequest', 'Tracking already exists.');
export const trackingNumberRequired = () => metaError(400, 4007, 'BadRequest', 'tracking_number is required.');
export const invalidJson = () => metaError(400, 4001, 'BadRequest', 'Invalid JSON data.');
export const slugInvalid = () => metaError(400, 4010, 'BadRequest', 'The value of slug is invalid.');
export const valueInvalid = (field: string) => metaError(400, 4008, 'BadRequest', `The value of ${field} is invalid.`);
export const internalError = () =>
  metaError(500, 500, 'InternalError', 'Something went wrong on AfterShip\'s end.');
