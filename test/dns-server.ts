import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/**
 * A DNS responder on 127.0.0.1 for probe tests, speaking the wire format over UDP (RFC 1035):
 * it answers A, AAAA, CNAME and TXT questions from `zone`, says NXDOMAIN for names it does not
 * know, NOERROR with no answer for a known name without that type, and never answers `silent`
 * names (a timeout).
 */

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  /** Each record as its strings (one value split in several strings is one record). */
  TXT?: string[][];
}

export interface DnsServer {
  /** `127.0.0.1:PORT`, for `server:` and `Resolver#setServers`. */
  address: string;
  /** Questions received, as `name TYPE`. */
  asked: string[];
  close(): Promise<void>;
}

const TYPES: Record<number, keyof ZoneEntry> = { 1: 'A', 5: 'CNAME', 16: 'TXT', 28: 'AAAA' };

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

function ipv6(text: string): Buffer {
  const [head = '', tail = ''] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(Number.parseInt(g, 16), i * 2));
  return out;
}

function rdata(type: keyof ZoneEntry, value: string | string[]): Buffer {
  switch (type) {
    case 'A':
      return Buffer.from((value as string).split('.').map(Number));
    case 'AAAA':
      return ipv6(value as string);
    case 'CNAME':
      return encodeName(value as string);
    case 'TXT':
      return Buffer.concat((value as string[]).map((s) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)])));
  }
}

export async function startDnsServer(zone: Record<string, ZoneEntry>, silent: string[] = []): Promise<DnsServer> {
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (query, peer) => {
    // The question: labels up to a zero byte, then type and class.
    let offset = 12;
    const labels: string[] = [];
    while (query[offset]! > 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]!).toString('ascii'));
      offset += query[offset]! + 1;
    }
    const questionEnd = offset + 5;
    const qtype = query.readUInt16BE(offset + 1);
    const name = labels.join('.').toLowerCase();
    const type = TYPES[qtype];
    asked.push(`${name} ${type ?? qtype}`);
    if (silent.includes(name)) return;
    const entry = zone[name];
    const values: Array<string | string[]> =
      !entry || !type ? [] : type === 'CNAME' ? (entry.CNAME ? [entry.CNAME] : []) : ((entry[type] as Array<string | string[]>) ?? []);
    const answers = values.map((v) => {
      const data = rdata(type!, v);
      const head = Buffer.alloc(12);
      head.writeUInt16BE(0xc00c, 0); // a pointer to the question's name
      head.writeUInt16BE(qtype, 2);
      head.writeUInt16BE(1, 4);
      head.writeUInt32BE(60, 6);
      head.writeUInt16BE(data.length, 10);
      return Buffer.concat([head, data]);
    });
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    const rcode = entry ? 0 : 3;
    header.writeUInt16BE(0x8000 | 0x0400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(Buffer.concat([header, query.subarray(12, questionEnd), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return { address: `127.0.0.1:${port}`, asked, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
