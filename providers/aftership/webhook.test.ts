import { AfterShipWebhookError, parseAfterShipWebhook, verifyAfterShipWebhook } from './webhook';

// A fixed body and secret. The expected signature was computed once, independently of this code, with both
//   node -e 'console.log(require("crypto").createHmac("sha256", SECRET).update(BODY).digest("base64"))'
//   printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
// which agreed on the value below.
const SECRET = 'demo-aftership-webhook-secret';
const BODY =
  '{"event":"tracking_update","event_id":"3f9a2c1e-7b4d-4e8a-9c01-5d6e7f8a9b0c","is_tracking_first_tag":true,' +
  '"msg":{"id":"bff5a3bac79b472991a204172473a635","tracking_number":"9405511202575421535949","slug":"usps","tag":"InTransit"},' +
  '"ts":1690000000}';
const SIGNATURE = 'B8qpxyPBC9YN6d1jOWx+yt1py9cNFHKbuKZvY2HEvNI=';

describe('verifyAfterShipWebhook', () => {
  it('accepts the hand-computed signature of the raw body, as a string or as bytes', () => {
    expect(verifyAfterShipWebhook(BODY, SIGNATURE, SECRET)).toBe(true);
    expect(verifyAfterShipWebhook(Buffer.from(BODY), SIGNATURE, SECRET)).toBe(true);
  });

  it('refuses a tampered body, another secret, and a missing or malformed header', () => {
    expect(verifyAfterShipWebhook(BODY.replace('InTransit', 'Delivered'), SIGNATURE, SECRET)).toBe(false);
    // Re-serialised JSON is a different byte string: receivers must verify what they received.
    expect(verifyAfterShipWebhook(JSON.stringify(JSON.parse(BODY), null, 1), SIGNATURE, SECRET)).toBe(false);
    expect(verifyAfterShipWebhook(BODY, SIGNATURE, 'another-secret')).toBe(false);
    expect(verifyAfterShipWebhook(BODY, undefined, SECRET)).toBe(false);
    expect(verifyAfterShipWebhook(BODY, 'short', SECRET)).toBe(false);
    expect(verifyAfterShipWebhook(BODY, SIGNATURE, '')).toBe(false);
  });
});

describe('parseAfterShipWebhook', () => {
  it('returns the typed event of a well-formed body', () => {
    const event = parseAfterShipWebhook(BODY);
    expect(event).toMatchObject({ event: 'tracking_update', is_tracking_first_tag: true, ts: 1690000000 });
    expect(event.msg).toMatchObject({ slug: 'usps', tag: 'InTransit', checkpoints: [] });
  });

  it('names the field that is wrong and shows what came', () => {
    const bad = (patch: (b: any) => void) => {
      const body = JSON.parse(BODY);
      patch(body);
      try {
        parseAfterShipWebhook(JSON.stringify(body));
      } catch (error) {
        return error as AfterShipWebhookError;
      }
      throw new Error('expected a refusal');
    };
    expect(bad((b) => (b.event = 'order_update'))).toMatchObject({ field: 'event', message: expect.stringContaining('"order_update"') });
    expect(bad((b) => delete b.event_id).field).toBe('event_id');
    expect(bad((b) => (b.ts = '1690000000')).field).toBe('ts');
    expect(bad((b) => (b.msg.tag = 'Lost')).message).toBe(
      'AfterShip webhook field msg.tag must be one of Pending, InfoReceived, InTransit, OutForDelivery, AttemptFail, Delivered, AvailableForPickup, Exception, Expired, but got "Lost"',
    );
    expect(bad((b) => (b.msg = [])).field).toBe('msg');
    expect(() => parseAfterShipWebhook('not json')).toThrow(AfterShipWebhookError);
  });
});
