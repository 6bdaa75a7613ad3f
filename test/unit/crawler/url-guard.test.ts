import { afterEach, describe, expect, it } from 'vitest';
import { BlockedTargetError, addressRefusal, checkTarget } from '../../../shared/net/url-guard';

describe('checkTarget', () => {
  const saved = process.env.ALLOW_PRIVATE_TARGETS;
  afterEach(() => {
    if (saved === undefined) delete process.env.ALLOW_PRIVATE_TARGETS;
    else process.env.ALLOW_PRIVATE_TARGETS = saved;
  });

  it('accepts a public http(s) address and returns the parsed URL', async () => {
    const url = await checkTarget('https://93.184.215.14/jobs?q=1', { allowPrivate: false });
    expect(url.href).toBe('https://93.184.215.14/jobs?q=1');
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://1.2.3.4/'])('refuses the scheme of %s', async (u) => {
    await expect(checkTarget(u, { allowPrivate: true })).rejects.toThrow(/only http and https/);
  });

  it('refuses text that is not a URL', async () => {
    await expect(checkTarget('not a url')).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it.each([
    'http://127.0.0.1:8080/',
    'http://10.1.2.3/',
    'http://172.20.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.7/', // CGNAT
    'http://169.254.10.10/', // link-local
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[fd12:3456::1]/', // unique local
    'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/', // IPv4-mapped loopback
    'http://[::ffff:a9fe:a9fe]/', // IPv4-mapped metadata, hex form
    'http://0x7f.1/', // the URL parser's own spelling of 127.0.0.1
    'http://2130706433/', // 127.0.0.1 as one number
  ])('refuses the private address %s', async (u) => {
    await expect(checkTarget(u, { allowPrivate: false })).rejects.toThrow(/private|metadata/);
  });

  it('refuses a host name that resolves to loopback', async () => {
    await expect(checkTarget('http://localhost:3000/careers', { allowPrivate: false })).rejects.toThrow(/localhost:3000 resolves to .*refused/);
  });

  it('allows private addresses when asked, and reads the default from ALLOW_PRIVATE_TARGETS', async () => {
    await expect(checkTarget('http://127.0.0.1:4567/', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    process.env.ALLOW_PRIVATE_TARGETS = 'true';
    await expect(checkTarget('http://localhost:4567/')).resolves.toBeInstanceOf(URL);
    process.env.ALLOW_PRIVATE_TARGETS = 'false';
    await expect(checkTarget('http://localhost:4567/')).rejects.toBeInstanceOf(BlockedTargetError);
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/'])(
    'refuses the metadata service %s even when private targets are allowed',
    async (u) => {
      await expect(checkTarget(u, { allowPrivate: true })).rejects.toThrow(/metadata/);
    },
  );

  it('refuses URLs carrying credentials', async () => {
    await expect(checkTarget('http://user:pw@93.184.215.14/', { allowPrivate: false })).rejects.toThrow(/credentials/);
  });

  it('says which host and address were refused', async () => {
    const err = await checkTarget('http://10.0.0.5:9000/x', { allowPrivate: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedTargetError);
    expect((err as Error).message).toBe('http://10.0.0.5:9000 resolves to 10.0.0.5, a private, loopback or link-local address; refused');
  });
});

describe('addressRefusal', () => {
  it('passes public v4 and v6 addresses', () => {
    expect(addressRefusal('8.8.8.8', false)).toBeNull();
    expect(addressRefusal('2606:4700::1111', false)).toBeNull();
    expect(addressRefusal('100.128.0.1', false)).toBeNull(); // just outside CGNAT
    expect(addressRefusal('172.32.0.1', false)).toBeNull(); // just outside 172.16/12
  });
});
