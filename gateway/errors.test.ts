import { formatGatewayError, withoutInternalAddresses } from './errors';

describe('formatGatewayError', () => {
  const subrequestFailure = {
    message: '400: Bad Request',
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      response: { url: 'http://127.0.0.1:40421/graphql', status: 400, statusText: 'Bad Request', body: { errors: [] } },
    },
  };

  test.each([true, false])('masks an internal error in every mode (production: %s): no status line, URL or body', (production) => {
    const formatted = formatGatewayError(subrequestFailure, { production, requestId: 'r1' });
    expect(formatted).toEqual({ message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r1' } });
  });

  test('a database or Redis message with no contract code is masked in development too', () => {
    for (const message of ['relation "orders" does not exist', 'connect ECONNREFUSED 127.0.0.1:6379', 'MaxRetriesPerRequestError: Reached the max retries per request limit']) {
      expect(formatGatewayError({ message }, { production: false }).message).toBe('Internal server error');
    }
  });

  test('keeps a contract error and its message, without any internal address or subrequest copy', () => {
    const formatted = formatGatewayError(
      { message: 'Toss Payments is unavailable: request to http://10.0.3.7:8080/v1/payments failed', extensions: { code: 'PROVIDER_UNAVAILABLE', response: { url: 'x' } } },
      { production: false },
    );
    expect(formatted.message).toBe('Toss Payments is unavailable: request to [internal address] failed');
    expect(formatted.extensions).toEqual({ code: 'PROVIDER_UNAVAILABLE' });
  });

  test('internal addresses are loopback, private ranges and service names with a port; public URLs and times stay', () => {
    expect(withoutInternalAddresses('ECONNREFUSED 127.0.0.1:4005, redis:6379, http://localhost:4001/graphql, 192.168.1.2:5432'))
      .toBe('ECONNREFUSED [internal address], [internal address], [internal address], [internal address]');
    expect(withoutInternalAddresses('see https://api.tosspayments.com/v1 at 10:30')).toBe('see https://api.tosspayments.com/v1 at 10:30');
  });
});
