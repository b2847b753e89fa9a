import bcrypt from 'bcryptjs';
import { ProviderError } from '../errors';
import { signNaverClientSecret } from './sign';

// The values of the example in Naver's authentication guide (client_id "aaaabbbbcccc", a cost-10 salt,
// timestamp 1643961623299). Expected value computed once by hand, outside this code:
//   node -e "const h=require('bcryptjs').hashSync('aaaabbbbcccc_1643961623299','\$2a\$10\$abcdefghijklmnopqrstuv');
//            console.log(Buffer.from(h).toString('base64'))"
// which printed the bcrypt string $2a$10$abcdefghijklmnopqrstuuBVWYJN6OEOtLu8V4p41kb.NzUiA3nk2 in base64.
const CLIENT_ID = 'aaaabbbbcccc';
const CLIENT_SECRET = '$2a$10$abcdefghijklmnopqrstuv';
const TIMESTAMP = 1643961623299;
const EXPECTED = 'JDJhJDEwJGFiY2RlZmdoaWprbG1ub3BxcnN0dXVCVldZSk42T0VPdEx1OFY0cDQxa2IuTnpVaUEzbmsy';

describe('signNaverClientSecret', () => {
  it('matches the hand-computed vector for the guide example', () => {
    expect(signNaverClientSecret(CLIENT_ID, CLIENT_SECRET, TIMESTAMP)).toBe(EXPECTED);
  });

  it('is a standard-base64 bcrypt hash that verifies against client_id_timestamp', () => {
    const hashed = Buffer.from(signNaverClientSecret(CLIENT_ID, CLIENT_SECRET, TIMESTAMP), 'base64').toString('utf8');
    expect(hashed.startsWith('$2a$10$abcdefghijklmnopqrstu')).toBe(true);
    expect(bcrypt.compareSync(`${CLIENT_ID}_${TIMESTAMP}`, hashed)).toBe(true);
    expect(bcrypt.compareSync(`${CLIENT_ID}_${TIMESTAMP + 1}`, hashed)).toBe(false);
  });

  it('changes with the timestamp, so a captured sign is good only for its own moment', () => {
    expect(signNaverClientSecret(CLIENT_ID, CLIENT_SECRET, TIMESTAMP + 1)).not.toBe(EXPECTED);
  });

  it('refuses a secret that is not a bcrypt salt with an auth error that does not show the secret', () => {
    const attempt = () => signNaverClientSecret(CLIENT_ID, 'not-a-bcrypt-salt-secret', TIMESTAMP);
    expect(attempt).toThrow(ProviderError);
    try {
      attempt();
    } catch (error) {
      expect((error as ProviderError).kind).toBe('auth');
      expect((error as Error).message).not.toContain('not-a-bcrypt-salt-secret');
    }
  });
});
