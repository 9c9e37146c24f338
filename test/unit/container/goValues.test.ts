import { strict as assert } from 'node:assert';
import { parseGoBool, parseGoInt, parseRamBytes } from '../../../src/core/container/goValues';
import { classifyIp, parseIp, parsePublish } from '../../../src/core/container/publishSpec';

describe('option values read as the docker CLI (Go) reads them', () => {
  it('booleans are exactly Go\'s strconv.ParseBool', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseGoBool(t), true, t);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseGoBool(f), false, f);
    for (const x of ['', 'yes', 'no', 'tRUE', 'on', ' 1']) assert.equal(parseGoBool(x), undefined, x);
  });

  it('integers follow strconv.ParseInt: base 0 prefixes and separators, base 10 plain', () => {
    assert.deepEqual(['10', '-1', '+7', '0x1f', '0X1F', '0o17', '017', '0b101', '1_000', '0x_1f', '-0'].map((s) => parseGoInt(s, 0)), [10, -1, 7, 31, 31, 15, 15, 5, 1000, 31, 0]);
    assert.deepEqual(['08', '1__0', '_1', '1_', '0x', '', '9223372036854775808', '1.5'].map((s) => parseGoInt(s, 0)), new Array(8).fill(undefined));
    assert.equal(parseGoInt('0x10', 10), undefined, 'base 10 has no prefixes');
    assert.equal(parseGoInt('-1', 10), -1);
  });

  it('sizes follow go-units RAMInBytes', () => {
    assert.equal(parseRamBytes('512m'), 512 * 1024 ** 2);
    assert.equal(parseRamBytes('2g'), 2 * 1024 ** 3);
    assert.equal(parseRamBytes('1GB'), 1024 ** 3);
    assert.equal(parseRamBytes('1GiB'), 1024 ** 3);
    assert.equal(parseRamBytes('10 k'), 10240);
    assert.equal(parseRamBytes('1t'), 1024 ** 4);
    assert.equal(parseRamBytes('100'), 100);
    assert.equal(parseRamBytes('100b'), 100);
    for (const bad of ['x1', '1x', '1kbb', '1bk', '-1', '', 'm', '1gi']) assert.equal(parseRamBytes(bad), undefined, bad);
  });

  it('addresses follow net.ParseIP, and a missing address is every interface to Docker', () => {
    assert.deepEqual(parseIp('127.0.0.1'), [127, 0, 0, 1]);
    assert.equal(parseIp('::1')?.length, 16);
    assert.equal(parseIp('::ffff:127.0.0.1')?.length, 16);
    for (const bad of ['1.2.3', '01.1.1.1', '256.1.1.1', '1::2::3', 'fe80::1%eth0', 'localhost']) assert.equal(parseIp(bad), undefined, bad);
    assert.deepEqual(['', '0.0.0.0', '::', '127.1.2.3', '::1', '::ffff:127.0.0.1', '10.0.0.1', 'fe80::1'].map(classifyIp), ['unspecified', 'unspecified', 'unspecified', 'loopback', 'loopback', 'loopback', 'other', 'other']);
  });

  it('ports follow nat.ParsePortSpec: ranges, a host range for one port, protocols', () => {
    const mappings = (raw: string) => { const p = parsePublish(raw); return p.ok ? p.mappings.map((m) => `${m.hostIp}|${m.hostPort}|${m.containerPort}`) : p.why; };
    assert.deepEqual(mappings('80'), ['||80/tcp']);
    assert.deepEqual(mappings('8080:80/UDP'), ['|8080|80/udp']);
    assert.deepEqual(mappings('127.0.0.1::80'), ['127.0.0.1||80/tcp']);
    assert.deepEqual(mappings('8000-8001:80-81'), ['|8000|80/tcp', '|8001|81/tcp']);
    assert.deepEqual(mappings('8000-8010:80'), ['|8000-8010|80/tcp']);
    assert.deepEqual(mappings('[::1]:80:80/sctp'), ['::1|80|80/sctp']);
    assert.match(String(mappings('81-80:80')), /not a port/);
  });
});
