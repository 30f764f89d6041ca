// The address classifier behind --no-private-networks: every non-public range of the IANA
// special-purpose registries is refused, in IPv4, IPv6, IPv4-mapped IPv6 and IPv4 embedded in
// NAT64 / 6to4 addresses; public addresses pass.
import { describe, expect, it } from 'vitest';
import { nonPublicRange } from '../../../src/http/private-network.js';

describe('nonPublicRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', '"this network"'],
    ['10.1.2.3', 'private (RFC 1918)'],
    ['172.16.0.1', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared CGNAT (RFC 6598)'],
    ['100.127.255.255', 'shared CGNAT (RFC 6598)'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.10', 'documentation (TEST-NET-1)'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('refuses the IPv4 address %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'unique local (fc00::/7)'],
    ['fd12:3456::1', 'unique local (fc00::/7)'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private (RFC 1918)'],
    ['64:ff9b::7f00:1', 'loopback, inside NAT64'],
    ['64:ff9b::a9fe:a9fe', 'link-local, inside NAT64'],
    ['2002:c0a8:101::1', 'private (RFC 1918), inside 6to4'],
  ])('refuses the IPv6 address %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'lets the public address %s through',
    (address) => {
      expect(nonPublicRange(address)).toBeUndefined();
    },
  );

  it('says so when given something that is not an address', () => {
    expect(nonPublicRange('localhost')).toBe('not an IP address');
  });
});
