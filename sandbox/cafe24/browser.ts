// Plays the mall administrator's browser against the sandbox's Cafe24 consent page (providers/cafe24/README.md
// "Auth code"): open the authorize URL, fill in the login form, post it, and read where Cafe24 redirects. For the
// demo seed and tests only; opsgraph itself never does this (a real mall admin does, in a real browser).

export interface MallAdminLogin {
  /** The sandbox accepts the mall id as the admin id. */
  adminId: string;
  password?: string;
}

/** Returns the redirect Cafe24 answers the posted consent with: `{redirect_uri}?code=…&state=…`. */
export async function consentAsMallAdmin(authorizeUrl: string, login: MallAdminLogin): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the Cafe24 authorize page answered ${page.status}: ${html.slice(0, 200)}`);
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"/i.exec(html);
  if (!form) throw new Error('the Cafe24 authorize page has no login form');
  const action = new URL(form[1].replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))), authorizeUrl);
  const posted = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ admin_id: login.adminId, password: login.password ?? 'sandbox-password', consent: 'agree' }).toString(),
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`the Cafe24 login form answered ${posted.status} instead of a redirect`);
  return new URL(location);
}
