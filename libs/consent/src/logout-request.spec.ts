import { describe, expect, it } from 'vitest';
import { frontChannelLogoutPage } from './logout-request';

describe('the front-channel logout page', () => {
  it('loads every URL in an iframe and escapes what it embeds', () => {
    const page = frontChannelLogoutPage(
      ['https://a.example/logout?iss=x&sid=1', 'https://b.example/"><script>'],
      'https://rp.example/bye?state=</script>',
    );
    expect(page.match(/<iframe /g)).toHaveLength(2);
    expect(page).toContain('src="https://a.example/logout?iss=x&#38;sid=1"');
    expect(page).not.toContain('"><script>');
    expect(page).not.toContain('state=</script>');
    expect(page).toContain('content="7; URL=https://rp.example/bye?state=&#60;/script&#62;"');
  });
});
