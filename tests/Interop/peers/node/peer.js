'use strict';
// Interop peer on npm's @grpc/grpc-js (a gRPC implementation nobody here wrote).
//   node peer.js client ADDRESS CASE   one scenario against the platform's server, one JSON line on stdout
//   node peer.js server                serves platform.testing.v1.InteropTest, prints "PORT n", runs until stdin closes
const path = require('path');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const PROTOS = path.resolve(__dirname, '..', '..', '..', '..', 'protos');
const definition = loader.loadSync(
  ['platform/testing/v1/interop.proto', 'grpc/health/v1/health.proto', 'google/rpc/status.proto', 'google/rpc/error_details.proto'],
  { includeDirs: [PROTOS], keepCase: true, longs: String, enums: String, defaults: true });
const pkg = grpc.loadPackageDefinition(definition);
const InteropTest = pkg.platform.testing.v1.InteropTest;
const Health = pkg.grpc.health.v1.Health;
// protobufjs (proto-loader's own dependency) decodes the google.rpc.Status in grpc-status-details-bin.
const richErrors = new (require('protobufjs').Root)();
richErrors.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : path.join(PROTOS, target));
richErrors.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
const MAX = 16 * 1024 * 1024;
const OPTIONS = { 'grpc.max_receive_message_length': MAX, 'grpc.max_send_message_length': MAX };
const codeName = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code);
const deadline = (ms) => new Date(Date.now() + ms);

function unary(client, method, request, options = {}, metadata = new grpc.Metadata()) {
  return new Promise((resolve) => {
    const result = {};
    const call = client[method](request, metadata, { deadline: deadline(options.timeout ?? 10000), ...options.call }, (err, resp) => {
      result.err = err; result.resp = resp; resolve(result);
    });
    call.on('metadata', (m) => { result.headers = m; });
    call.on('status', (s) => { result.status = s; });
  });
}

async function runClient(address, testCase) {
  const target = address.replace('http://', '');
  const client = new InteropTest(target, grpc.credentials.createInsecure(), OPTIONS);
  const r = { case: testCase };
  try {
    switch (testCase) {
      case 'unary': {
        const { err, resp } = await unary(client, 'UnaryCall', { text: '部门决算', response_size: 10, payload: Buffer.alloc(7, 1) });
        if (err) throw err;
        Object.assign(r, { text: resp.text, payload: resp.payload.length, received: resp.received_size });
        break;
      }
      case 'error': {
        const { err } = await unary(client, 'UnaryCall', { response_status: { code: 9, message: '年度已关闭 100%' } });
        Object.assign(r, { code: err ? codeName(err.code) : 'OK', message: err?.details });
        break;
      }
      case 'validation': {
        const { err } = await unary(client, 'UnaryCall', { text: 'validation' });
        Object.assign(r, { code: err ? codeName(err.code) : 'OK', message: err?.details });
        const raw = err?.metadata?.get('grpc-status-details-bin')?.[0];
        if (raw) {
          const status = richErrors.lookupType('google.rpc.Status').decode(raw);
          const bad = richErrors.lookupType('google.rpc.BadRequest').decode(status.details[0].value);
          r.fields = bad.field_violations.map((v) => v.field);
        }
        break;
      }
      case 'deadline': {
        const { err } = await unary(client, 'UnaryCall', { delay_ms: 10000 }, { timeout: 300 });
        r.code = err ? codeName(err.code) : 'OK';
        break;
      }
      case 'cancel': {
        const call = client.UnaryCall({ delay_ms: 30000 }, (err) => { r.code = err ? codeName(err.code) : 'OK'; });
        await new Promise((res) => setTimeout(res, 300));
        call.cancel();
        await new Promise((res) => setTimeout(res, 50));
        break;
      }
      case 'server_streaming': {
        const sizes = await new Promise((resolve, reject) => {
          const got = [];
          const call = client.StreamingOutputCall({ response_sizes: Array.from({ length: 20 }, (_, i) => (i + 1) * 100) }, { deadline: deadline(10000) });
          call.on('data', (m) => got.push(m.payload.length));
          call.on('error', reject);
          call.on('end', () => resolve(got));
        });
        Object.assign(r, { count: sizes.length, last: sizes[sizes.length - 1] });
        break;
      }
      case 'streaming_error': {
        let count = 0;
        const err = await new Promise((resolve) => {
          const call = client.StreamingOutputCall({ response_sizes: [1, 2, 3], response_status: { code: 10, message: 'stopped' } }, { deadline: deadline(10000) });
          call.on('data', () => { count += 1; });
          call.on('error', resolve);
          call.on('end', () => resolve(null));
        });
        Object.assign(r, { count, code: err ? codeName(err.code) : 'OK', message: err?.details });
        break;
      }
      case 'client_streaming': {
        const resp = await new Promise((resolve, reject) => {
          const call = client.StreamingInputCall({ deadline: deadline(10000) }, (err, res) => (err ? reject(err) : resolve(res)));
          for (let i = 1; i <= 5; i += 1) call.write({ payload: Buffer.alloc(i * 1000) });
          call.end();
        });
        Object.assign(r, { total: resp.aggregated_payload_size, count: resp.message_count });
        break;
      }
      case 'bidi': {
        r.count = await new Promise((resolve, reject) => {
          let n = 0;
          const call = client.FullDuplexCall({ deadline: deadline(10000) });
          call.on('data', () => { n += 1; });
          call.on('error', reject);
          call.on('end', () => resolve(n));
          for (let i = 1; i <= 3; i += 1) call.write({ response_sizes: [i, i] });
          call.end();
        });
        break;
      }
      case 'large': {
        const { err, resp } = await unary(client, 'UnaryCall', { payload: Buffer.alloc(6000000, 7), response_size: 5000000 }, { timeout: 30000 });
        if (err) throw err;
        Object.assign(r, { received: resp.received_size, payload: resp.payload.length });
        break;
      }
      case 'gzip': {
        const gz = new InteropTest(target, grpc.credentials.createInsecure(), { ...OPTIONS, 'grpc.default_compression_algorithm': 2 });
        const { err, resp } = await unary(gz, 'UnaryCall', { payload: Buffer.alloc(100000), response_size: 100000, compress_response: true });
        if (err) throw err;
        Object.assign(r, { received: resp.received_size, payload: resp.payload.length, request_encoding: resp.request_encoding });
        gz.close();
        break;
      }
      case 'metadata': {
        const md = new grpc.Metadata();
        md.set('x-tag', 'abc-123');
        md.set('x-blob-bin', Buffer.from([0, 1, 255]));
        const { err, headers, status } = await unary(client, 'UnaryCall', { echo_keys: ['x-tag', 'x-blob-bin'] }, {}, md);
        if (err) throw err;
        Object.assign(r, {
          header: headers.get('x-tag')[0], header_bin: [...headers.get('x-blob-bin')[0]],
          trailer: status.metadata.get('x-tag')[0], trailer_bin: [...status.metadata.get('x-blob-bin')[0]],
        });
        break;
      }
      case 'health': {
        const health = new Health(target, grpc.credentials.createInsecure());
        const { err, resp } = await unary(health, 'Check', { service: '' });
        if (err) throw err;
        r.status = resp.status;
        health.close();
        break;
      }
      case 'health_unknown': {
        const health = new Health(target, grpc.credentials.createInsecure());
        const { err } = await unary(health, 'Check', { service: 'no.such.Service' });
        r.code = err ? codeName(err.code) : 'OK';
        health.close();
        break;
      }
      case 'unimplemented': {
        const generic = new grpc.Client(target, grpc.credentials.createInsecure());
        const err = await new Promise((resolve) => generic.makeUnaryRequest('/platform.testing.v1.InteropTest/NoSuchMethod',
          (x) => x, (x) => x, Buffer.alloc(0), new grpc.Metadata(), { deadline: deadline(10000) }, (e) => resolve(e)));
        r.code = err ? codeName(err.code) : 'OK';
        generic.close();
        break;
      }
      case 'reflection': {
        // A stock reflection client: no local .proto, everything learned from the server.
        const { GrpcReflection, serviceHelper } = require('grpc-js-reflection-client');
        const reflection = new GrpcReflection(target, grpc.ChannelCredentials.createInsecure());
        r.services = (await reflection.listServices()).sort();
        r.methods = (await reflection.listMethods('platform.testing.v1.InteropTest')).map((m) => m.name).sort();
        const remote = await serviceHelper({
          host: target,
          servicePath: 'platform.testing.v1.InteropTest',
          credentials: grpc.ChannelCredentials.createInsecure(),
          proto_filename: 'platform/testing/v1/interop.proto',
          protoLoaderOptions: { keepCase: true },
        });
        r.text = await new Promise((resolve, reject) => remote.UnaryCall({ text: 'via reflection' },
          (err, resp) => (err ? reject(err) : resolve(resp.text))));
        break;
      }
      default:
        r.error = 'unknown case';
    }
  } catch (e) {
    Object.assign(r, { unexpected: e.code !== undefined ? codeName(e.code) : String(e), message: e.details ?? e.message });
  }
  client.close();
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

function runServer() {
  const server = new grpc.Server(OPTIONS);
  const fail = (cb, s) => cb({ code: s.code, details: s.message });
  server.addService(InteropTest.service, {
    UnaryCall: (call, cb) => {
      const echo = new grpc.Metadata();
      for (const key of call.request.echo_keys) for (const v of call.metadata.get(key)) echo.add(key, v);
      if (call.request.echo_keys.length) call.sendMetadata(echo);
      const finish = () => {
        if (call.cancelled) return;
        if (call.request.response_status && call.request.response_status.code) return fail(cb, call.request.response_status);
        cb(null, {
          payload: Buffer.alloc(call.request.response_size), received_size: call.request.payload.length,
          text: call.request.text, caller: call.metadata.get('x-platform-caller')[0] || '',
        }, call.request.echo_keys.length ? echo : undefined);
      };
      if (call.request.delay_ms) setTimeout(finish, call.request.delay_ms); else finish();
    },
    IdempotentCall: (call, cb) => cb(null, { text: call.request.text }),
    StreamingOutputCall: async (call) => {
      const req = call.request;
      for (let i = 0; i < req.response_sizes.length; i += 1) {
        if (call.cancelled) return;
        if (req.interval_ms) await new Promise((res) => setTimeout(res, req.interval_ms));
        call.write({ index: i, payload: Buffer.alloc(req.response_sizes[i]) });
      }
      if (req.response_status && req.response_status.code) call.emit('error', { code: req.response_status.code, details: req.response_status.message });
      else call.end();
    },
    StreamingInputCall: (call, cb) => {
      let total = 0; let count = 0;
      call.on('data', (m) => { total += m.payload.length; count += 1; });
      call.on('end', () => cb(null, { aggregated_payload_size: total, message_count: count }));
    },
    FullDuplexCall: (call) => {
      let index = 0;
      call.on('data', (m) => { for (const size of m.response_sizes) call.write({ index: index++, payload: Buffer.alloc(size) }); });
      call.on('end', () => call.end());
    },
  });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    process.stdout.write(`PORT ${port}\n`);
  });
  process.stdin.on('end', () => server.forceShutdown());
  process.stdin.resume();
}

if (process.argv[2] === 'client') runClient(process.argv[3], process.argv[4]);
else runServer();
