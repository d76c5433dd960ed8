"""The standard gRPC health check (grpc.health.v1.Health/Check) without grpcio-health-checking.

The SDK depends on grpcio and protobuf only, so the two small messages of health.proto are built
here, in a private descriptor pool (no clash with grpcio-health-checking in the same process).
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

CHECK_METHOD = "/grpc.health.v1.Health/Check"


def _build():
    fdp = descriptor_pb2.FileDescriptorProto(name="convoscore_sdk/grpc_health_v1.proto", package="grpc.health.v1", syntax="proto3")
    req = fdp.message_type.add(name="HealthCheckRequest")
    req.field.add(name="service", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                  label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    resp = fdp.message_type.add(name="HealthCheckResponse")
    enum = resp.enum_type.add(name="ServingStatus")
    for number, name in enumerate(("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN")):
        enum.value.add(name=name, number=number)
    resp.field.add(name="status", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_ENUM,
                   type_name=".grpc.health.v1.HealthCheckResponse.ServingStatus",
                   label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    request = message_factory.GetMessageClass(pool.FindMessageTypeByName("grpc.health.v1.HealthCheckRequest"))
    response = message_factory.GetMessageClass(pool.FindMessageTypeByName("grpc.health.v1.HealthCheckResponse"))
    return request, response


HealthCheckRequest, HealthCheckResponse = _build()
_STATUS_NAMES = HealthCheckResponse.DESCRIPTOR.enum_types_by_name["ServingStatus"].values_by_number


def serialize_request(service: str) -> bytes:
    return HealthCheckRequest(service=service).SerializeToString()


def status_name(data: bytes) -> str:
    msg = HealthCheckResponse.FromString(data)
    value = _STATUS_NAMES.get(msg.status)
    return value.name if value is not None else "UNKNOWN"
