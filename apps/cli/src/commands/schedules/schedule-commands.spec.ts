import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildProgram } from '../../main';

const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** A local server that records each request and answers `answer` to all of them. */
let server: Server;
let url = '';
let sent: [string, string, unknown][] = [];
let answer: unknown = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      sent.push([
        req.method ?? 'GET',
        `${url}${req.url ?? ''}`,
        text === '' ? undefined : (JSON.parse(text) as unknown),
      ]);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections(); // the CLI's keep-alive sockets would hold close() for seconds
  await new Promise((resolve) => server.close(resolve));
});

/** Runs `wharf <args>` against the local server, which answers `reply` to every request. */
async function wharf(args: string[], reply: unknown = {}) {
  sent = [];
  answer = reply;
  const out: string[] = [];
  const writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'wharf', '--url', url, '--token', 'wt_admin', ...args]);
  } finally {
    writeSpy.mockRestore();
  }
  return { sent, out: out.join('') };
}

describe('wharf crons', () => {
  it('create sends every option, the payload parsed as JSON', async () => {
    const { sent } = await wharf([
      '--json',
      'crons',
      'create',
      '--name',
      'nightly-report',
      '--expression',
      '30 2 * * *',
      '--timezone',
      'Europe/Berlin',
      '--event-key',
      'report:nightly',
      '--payload',
      '{"format":"pdf"}',
      '--missed-ticks',
      'fire-once',
    ]);
    expect(sent).toEqual([
      [
        'POST',
        `${url}/api/v1/crons`,
        {
          name: 'nightly-report',
          expression: '30 2 * * *',
          timezone: 'Europe/Berlin',
          eventKey: 'report:nightly',
          payload: { format: 'pdf' },
          missedTicks: 'fire-once',
        },
      ],
    ]);
  });

  it('create leaves out what was not given', async () => {
    const { sent } = await wharf([
      '--json',
      'crons',
      'create',
      '--name',
      'tick',
      '--expression',
      '* * * * *',
      '--event-key',
      'tick',
    ]);
    expect(sent).toEqual([
      ['POST', `${url}/api/v1/crons`, { name: 'tick', expression: '* * * * *', eventKey: 'tick' }],
    ]);
  });

  it('lists, shows and deletes by name', async () => {
    expect((await wharf(['crons', 'list'], [])).out).toBe('no crons in this namespace\n');
    const shown = await wharf(['--json', 'crons', 'show', 'tick'], { name: 'tick' });
    expect(JSON.parse(shown.out)).toEqual({ name: 'tick' });
    const deleted = await wharf(['--json', 'crons', 'delete', 'tick'], { name: 'tick', deleted: true });
    expect([...shown.sent, ...deleted.sent]).toEqual([
      ['GET', `${url}/api/v1/crons/tick`, undefined],
      ['DELETE', `${url}/api/v1/crons/tick`, undefined],
    ]);
  });

  it('refuses a payload that is not JSON before sending', async () => {
    const args = ['crons', 'create', '--name', 'tick', '--expression', '* * * * *', '--event-key', 'tick'];
    await expect(wharf([...args, '--payload', '{format:pdf}'])).rejects.toMatchObject({ field: 'payload' });
    expect(sent).toEqual([]);
  });
});

describe('wharf scheduled-runs', () => {
  it('create sends the workflow, the time and the input parsed as JSON', async () => {
    const { sent } = await wharf([
      '--json',
      'scheduled-runs',
      'create',
      '--workflow',
      'send-reminder',
      '--at',
      '2030-01-31T09:00:00+01:00',
      '--input',
      '{"userId":42}',
    ]);
    expect(sent).toEqual([
      [
        'POST',
        `${url}/api/v1/scheduled-runs`,
        { workflow: 'send-reminder', at: '2030-01-31T09:00:00+01:00', input: { userId: 42 } },
      ],
    ]);
  });

  it('lists, shows and cancels by id', async () => {
    const listed = await wharf(['scheduled-runs', 'list'], []);
    expect(listed.out).toBe('no scheduled runs in this namespace\n');
    const shown = await wharf(['--json', 'scheduled-runs', 'show', id]);
    const cancelled = await wharf(['--json', 'scheduled-runs', 'cancel', id]);
    expect([...listed.sent, ...shown.sent, ...cancelled.sent]).toEqual([
      ['GET', `${url}/api/v1/scheduled-runs`, undefined],
      ['GET', `${url}/api/v1/scheduled-runs/${id}`, undefined],
      ['DELETE', `${url}/api/v1/scheduled-runs/${id}`, undefined],
    ]);
  });
});
