// Plays the account holder's browser against the sandbox's Open Banking authorize page (providers/openbanking/README.md
// "Authorize"): open the authorize URL, post the form, read where KFTC redirects. For the demo seed and tests only.

/** Returns the redirect the posted consent is answered with: `{redirect_uri}?code=…&scope=…&state=…`. */
export async function consentAsAccountHolder(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the Open Banking authorize page answered ${page.status}: ${html.slice(0, 200)}`);
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"/i.exec(html);
  if (!form) throw new Error('the Open Banking authorize page has no form');
  const action = new URL(form[1].replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))), authorizeUrl);
  const posted = await fetch(action, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_name: '김오픈', auth_code: '000000', consent: 'agree' }).toString(),
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`the Open Banking form answered ${posted.status} instead of a redirect`);
  return new URL(location);
}
