#!/usr/bin/env python3
"""Exit 0 when the local convoscore server's gRPC health is SERVING, 1 otherwise.

The container's HEALTHCHECK runs it (`convoscore-healthcheck`); it asks the standard
grpc.health.v1 service (overall status, service "") on 127.0.0.1:$CONVOSCORE_PORT (default 50051).
Plaintext only: a server started with --tls-cert needs a probe that speaks TLS (grpc_health_probe
-tls) or, on Kubernetes, the kubelet's gRPC probe on a plaintext port.

    python deploy/healthcheck.py [--address HOST:PORT] [--timeout SECONDS] [--service NAME]
"""

import argparse
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="gRPC health check of a convoscore server")
    parser.add_argument("--address", default=f"127.0.0.1:{os.environ.get('CONVOSCORE_PORT', '50051')}")
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--service", default="", help='health service name; "" = the whole server')
    args = parser.parse_args(argv)

    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    try:
        with grpc.insecure_channel(args.address) as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=args.service), timeout=args.timeout
            )
    except grpc.RpcError as exc:
        print(f"{args.address}: {exc.code().name}: {exc.details()}", file=sys.stderr)
        return 1
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    print(f"{args.address}: {status}")
    return 0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
