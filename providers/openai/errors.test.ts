import OpenAI from 'openai';
import { orderInsightsUserMessage, parseOrderInsights } from '../insights';
import { openAIError, openAIRetryAfterMs, parseGoDurationMs } from './errors';

describe('openAIRetryAfterMs', () => {
  it('prefers retry-after-ms, then retry-after, then the message', () => {
    expect(openAIRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), 'try again in 5s')).toBe(250);
    expect(openAIRetryAfterMs(new Headers({ 'retry-after': '2' }), 'try again in 5s')).toBe(2000);
    expect(openAIRetryAfterMs(new Headers(), 'Limit 30000, Used 29000, Requested 1500. Please try again in 1.5s. Visit')).toBe(1500);
    expect(openAIRetryAfterMs(undefined, 'nothing here')).toBeUndefined();
  });

  it('reads Go-style durations', () => {
    expect(parseGoDurationMs('20ms')).toBe(20);
    expect(parseGoDurationMs('6m0s')).toBe(360_000);
    expect(parseGoDurationMs('1h2m3.5s')).toBe(3_723_500);
  });
});

describe('order insights parsing', () => {
  const asked = [{ orderId: 'A', description: 'x' }, { orderId: 'B', description: 'y' }];

  it('sends the orders as a JSON array', () => {
    expect(orderInsightsUserMessage(asked)).toContain(JSON.stringify(asked));
  });

  it('keeps only asked ids with a valid sentiment', () => {
    const content = JSON.stringify({
      insights: [
        { orderId: 'A', summary: 'good', sentiment: 'POSITIVE' },
        { orderId: 'Z', summary: 'invented', sentiment: 'NEUTRAL' },
        { orderId: 'B', summary: 'odd', sentiment: 'ANGRY' },
      ],
    });
    const insights = parseOrderInsights(content, asked, 'openai');
    expect([...insights.keys()]).toEqual(['A']);
  });

  it('reports an answer that is not JSON as a server error', () => {
    expect(() => parseOrderInsights('sorry', asked, 'openai')).toThrow(expect.objectContaining({ kind: 'server' }));
  });
});

describe('openAIError', () => {
  const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';

  it('keeps insufficient_quota apart from a rate limit and gives it no retry hint', () => {
    const sdkError = new OpenAI.RateLimitError(
      429,
      { message: 'You exceeded your current quota. Please try again in 20s.', type: 'insufficient_quota', code: 'insufficient_quota' },
      undefined,
      new Headers(),
    );
    const error = openAIError(sdkError, 'chat with OpenAI', key);
    expect(error).toMatchObject({ kind: 'rate_limited', providerCode: 'insufficient_quota', status: 429 });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('reads a rate limit wait from retry-after-ms', () => {
    const sdkError = new OpenAI.RateLimitError(429, { message: 'slow down', code: 'rate_limit_exceeded' }, undefined, new Headers({ 'retry-after-ms': '750' }));
    expect(openAIError(sdkError, 'chat with OpenAI', key)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 750 });
  });

  it('maps authentication, server, timeout and connection failures', () => {
    const auth = new OpenAI.AuthenticationError(401, { message: `Incorrect API key provided: ${key}`, code: 'invalid_api_key' }, undefined, new Headers());
    const mapped = openAIError(auth, 'chat with OpenAI', key);
    expect(mapped).toMatchObject({ kind: 'auth', providerCode: 'invalid_api_key' });
    expect(mapped.message).not.toContain(key);
    expect(openAIError(new OpenAI.InternalServerError(503, { message: 'busy' }, undefined, new Headers()), 'x', key).kind).toBe('server');
    expect(openAIError(new OpenAI.APIConnectionTimeoutError(), 'x', key).kind).toBe('timeout');
    expect(openAIError(new OpenAI.APIConnectionError({ message: 'refused' }), 'x', key).kind).toBe('network');
  });
});
