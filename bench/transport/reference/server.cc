// Reference gRPC server on Debian's C++ gRPC (libgrpc++-dev), callback API, serving the same
// platform.testing.v1.InteropTest/UnaryCall as the platform's server. Used only by run.sh.
#include <iostream>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "interop.grpc.pb.h"

namespace v1 = platform::testing::v1;

class InteropTestImpl final : public v1::InteropTest::CallbackService {
  grpc::ServerUnaryReactor* UnaryCall(grpc::CallbackServerContext* context, const v1::SimpleRequest* request,
                                      v1::SimpleResponse* response) override {
    response->set_payload(std::string(static_cast<size_t>(request->response_size()), '\0'));
    response->set_received_size(static_cast<int32_t>(request->payload().size()));
    response->set_text(request->text());
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

int main(int argc, char** argv) {
  std::string port = argc > 1 ? argv[1] : "0";
  InteropTestImpl service;
  int selected = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:" + port, grpc::InsecureServerCredentials(), &selected);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "failed to start" << std::endl;
    return 1;
  }
  std::cout << "PORT " << selected << std::endl;
  server->Wait();
  return 0;
}
