"""A non-Java CRI client for CriPythonClientTest: Debian's python3-grpcio calls Version and Status on a UNIX socket.

Usage: cri_client.py SOCKET DESCRIPTOR_SET. The messages are built at run time from the FileDescriptorSet the test
writes (from the generated Java classes), so no Python code is generated and protoc's version does not matter.
Prints one JSON object: {"version": VersionResponse, "status": StatusResponse}, in the proto3 JSON mapping.
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory


def message_class(pool, name):
    desc = pool.FindMessageTypeByName(name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


def call(channel, pool, method, request, response):
    req, resp = message_class(pool, "runtime.v1." + request), message_class(pool, "runtime.v1." + response)
    stub = channel.unary_unary("/runtime.v1.RuntimeService/" + method,
                               request_serializer=req.SerializeToString, response_deserializer=resp.FromString)
    return json_format.MessageToDict(stub(req(), timeout=10), preserving_proto_field_name=True)


def main():
    socket, descriptors = sys.argv[1], sys.argv[2]
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptors, "rb") as f:
        files.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for fd in files.file:
        pool.Add(fd)
    with grpc.insecure_channel("unix://" + socket) as channel:
        out = {"version": call(channel, pool, "Version", "VersionRequest", "VersionResponse"),
               "status": call(channel, pool, "Status", "StatusRequest", "StatusResponse")}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
