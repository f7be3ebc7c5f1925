#!/usr/bin/python3
"""Interop peer built on Debian's python3-grpcio (a gRPC implementation nobody here wrote).

  python_peer.py client ADDRESS CASE   runs one scenario against the platform's server, prints one JSON line
  python_peer.py server                serves platform.testing.v1.InteropTest, prints "PORT n", runs until stdin closes

Stubs are generated at start-up from the repository's protos with grpc_tools.protoc.
"""
import json
import os
import sys
import tempfile
import threading
import time
from concurrent import futures

import grpc
from grpc_tools import protoc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PROTOS = os.path.join(ROOT, "protos")


def load_stubs():
    out = tempfile.mkdtemp(prefix="grpc-peer-")
    src = tempfile.mkdtemp(prefix="grpc-peer-src-")
    # Python's stdlib module "platform" would shadow a generated "platform" package, so the test
    # proto is compiled from a neutral path; the wire names come from its proto package, not the path.
    # The same holds for "grpc" (grpcio itself) and "google" (protobuf): every file gets a flat name.
    copies = {"platform/testing/v1/interop.proto": "interop_test.proto",
              "grpc/health/v1/health.proto": "peer_health.proto",
              "google/rpc/status.proto": "peer_rpc_status.proto",
              "google/rpc/error_details.proto": "peer_error_details.proto"}
    for original, flat in copies.items():
        with open(os.path.join(PROTOS, original), encoding="utf-8") as f_in, \
                open(os.path.join(src, flat), "w", encoding="utf-8") as f_out:
            f_out.write(f_in.read())
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["protoc", f"-I{src}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}"] + list(copies.values())
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    sys.path.insert(0, out)


load_stubs()
import interop_test_pb2 as pb, interop_test_pb2_grpc as pb_grpc  # noqa: E402
import peer_health_pb2 as health_pb2, peer_health_pb2_grpc as health_pb2_grpc  # noqa: E402
import peer_rpc_status_pb2 as status_pb2, peer_error_details_pb2 as error_details_pb2  # noqa: E402

MAX = 16 * 1024 * 1024
OPTIONS = [("grpc.max_receive_message_length", MAX), ("grpc.max_send_message_length", MAX)]


def code_name(code):
    return code.name if code is not None else None


def run_client(address, case):
    target = address.replace("http://", "")
    channel = grpc.insecure_channel(target, options=OPTIONS)
    stub = pb_grpc.InteropTestStub(channel)
    r = {"case": case}
    try:
        if case == "unary":
            resp = stub.UnaryCall(pb.SimpleRequest(text="部门决算", response_size=10, payload=b"\x01" * 7), timeout=10)
            r.update(text=resp.text, payload=len(resp.payload), received=resp.received_size)
        elif case == "error":
            try:
                stub.UnaryCall(pb.SimpleRequest(response_status=pb.EchoStatus(code=9, message="年度已关闭 100%")), timeout=10)
                r["code"] = "OK"
            except grpc.RpcError as e:
                r.update(code=code_name(e.code()), message=e.details())
        elif case == "validation":
            try:
                stub.UnaryCall(pb.SimpleRequest(text="validation"), timeout=10)
                r["code"] = "OK"
            except grpc.RpcError as e:
                r.update(code=code_name(e.code()), message=e.details())
                for key, value in e.trailing_metadata() or []:
                    if key == "grpc-status-details-bin":
                        status = status_pb2.Status.FromString(value)
                        bad = error_details_pb2.BadRequest()
                        status.details[0].Unpack(bad)
                        r["fields"] = [v.field for v in bad.field_violations]
        elif case == "deadline":
            try:
                stub.UnaryCall(pb.SimpleRequest(delay_ms=10000), timeout=0.3)
                r["code"] = "OK"
            except grpc.RpcError as e:
                r["code"] = code_name(e.code())
        elif case == "cancel":
            future = stub.UnaryCall.future(pb.SimpleRequest(delay_ms=30000))
            time.sleep(0.3)
            future.cancel()
            r["cancelled"] = future.cancelled()
        elif case == "server_streaming":
            req = pb.StreamingOutputCallRequest(response_sizes=[i * 100 for i in range(1, 21)])
            sizes = [len(m.payload) for m in stub.StreamingOutputCall(req, timeout=10)]
            r.update(count=len(sizes), last=sizes[-1])
        elif case == "streaming_error":
            req = pb.StreamingOutputCallRequest(response_sizes=[1, 2, 3], response_status=pb.EchoStatus(code=10, message="stopped"))
            count = 0
            try:
                for _ in stub.StreamingOutputCall(req, timeout=10):
                    count += 1
                r["code"] = "OK"
            except grpc.RpcError as e:
                r.update(code=code_name(e.code()), message=e.details())
            r["count"] = count
        elif case == "client_streaming":
            reqs = (pb.StreamingInputCallRequest(payload=b"\x00" * (i * 1000)) for i in range(1, 6))
            resp = stub.StreamingInputCall(reqs, timeout=10)
            r.update(total=resp.aggregated_payload_size, count=resp.message_count)
        elif case == "bidi":
            reqs = (pb.StreamingOutputCallRequest(response_sizes=[i, i]) for i in range(1, 4))
            r["count"] = sum(1 for _ in stub.FullDuplexCall(reqs, timeout=10))
        elif case == "large":
            resp = stub.UnaryCall(pb.SimpleRequest(payload=b"\x07" * 6_000_000, response_size=5_000_000), timeout=30)
            r.update(received=resp.received_size, payload=len(resp.payload))
        elif case == "gzip":
            resp, call = stub.UnaryCall.with_call(
                pb.SimpleRequest(payload=b"\x00" * 100_000, response_size=100_000, compress_response=True),
                timeout=10, compression=grpc.Compression.Gzip)
            r.update(received=resp.received_size, payload=len(resp.payload),
                     request_encoding=resp.request_encoding)
        elif case == "metadata":
            resp, call = stub.UnaryCall.with_call(
                pb.SimpleRequest(echo_keys=["x-tag", "x-blob-bin"]), timeout=10,
                metadata=[("x-tag", "abc-123"), ("x-blob-bin", b"\x00\x01\xff")])
            initial = dict(call.initial_metadata())
            trailing = dict(call.trailing_metadata())
            r.update(header=initial.get("x-tag"), header_bin=list(initial.get("x-blob-bin", b"")),
                     trailer=trailing.get("x-tag"), trailer_bin=list(trailing.get("x-blob-bin", b"")))
        elif case == "health":
            resp = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
            r["status"] = health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)
        elif case == "health_unknown":
            try:
                health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
                r["code"] = "OK"
            except grpc.RpcError as e:
                r["code"] = code_name(e.code())
        elif case == "unimplemented":
            method = channel.unary_unary("/platform.testing.v1.InteropTest/NoSuchMethod",
                                         request_serializer=pb.SimpleRequest.SerializeToString,
                                         response_deserializer=pb.SimpleResponse.FromString)
            try:
                method(pb.SimpleRequest(), timeout=10)
                r["code"] = "OK"
            except grpc.RpcError as e:
                r["code"] = code_name(e.code())
        else:
            r["error"] = "unknown case"
    except grpc.RpcError as e:
        r.update(unexpected=code_name(e.code()), message=e.details())
    finally:
        channel.close()
    print(json.dumps(r, ensure_ascii=False), flush=True)


class Servicer(pb_grpc.InteropTestServicer):
    def UnaryCall(self, request, context):
        meta = dict(context.invocation_metadata())
        if request.echo_keys:
            echo = [(k, meta[k]) for k in request.echo_keys if k in meta]
            context.send_initial_metadata(echo)
            context.set_trailing_metadata(echo)
        if request.delay_ms:
            deadline = time.time() + request.delay_ms / 1000
            while time.time() < deadline and context.is_active():
                time.sleep(0.01)
        if request.response_status.code:
            context.abort(grpc.StatusCode(_code(request.response_status.code)), request.response_status.message)
        if request.compress_response:
            context.set_compression(grpc.Compression.Gzip)
        return pb.SimpleResponse(payload=b"\x00" * request.response_size, received_size=len(request.payload),
                                 text=request.text, caller=meta.get("x-platform-caller", ""),
                                 request_encoding=meta.get("grpc-encoding", ""))

    IdempotentCall = UnaryCall

    def StreamingOutputCall(self, request, context):
        for i, size in enumerate(request.response_sizes):
            if request.interval_ms:
                time.sleep(request.interval_ms / 1000)
            yield pb.StreamingOutputCallResponse(index=i, payload=b"\x00" * size)
        if request.response_status.code:
            context.abort(grpc.StatusCode(_code(request.response_status.code)), request.response_status.message)

    def StreamingInputCall(self, request_iterator, context):
        total = count = 0
        for r in request_iterator:
            total += len(r.payload)
            count += 1
        return pb.StreamingInputCallResponse(aggregated_payload_size=total, message_count=count)

    def FullDuplexCall(self, request_iterator, context):
        index = 0
        for r in request_iterator:
            for size in r.response_sizes:
                yield pb.StreamingOutputCallResponse(index=index, payload=b"\x00" * size)
                index += 1


def _code(number):
    return next(c.value for c in grpc.StatusCode if c.value[0] == number)


def run_server():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=OPTIONS)
    pb_grpc.add_InteropTestServicer_to_server(Servicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"PORT {port}", flush=True)
    # Runs until the test closes our stdin (or kills us).
    threading.Thread(target=lambda: (sys.stdin.read(), server.stop(0)), daemon=True).start()
    server.wait_for_termination()


if __name__ == "__main__":
    if sys.argv[1] == "client":
        run_client(sys.argv[2], sys.argv[3])
    else:
        run_server()
