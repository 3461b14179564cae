package com.milvusgke.verify;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.milvus.grpc.CheckHealthRequest;
import io.milvus.grpc.CheckHealthResponse;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;

import javax.net.ssl.KeyManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of Milvus's gRPC service (Connect, GetVersion, CheckHealth) over TLS on 127.0.0.1 for the real SDK
 * probe to succeed against. Built on the Pulumi SDK's own io.grpc (public API) and the SDK's protobuf messages,
 * so it tests the Milvus SDK as a black box.
 */
final class FakeMilvusServer implements AutoCloseable {
    static final String SERVICE = "milvus.proto.milvus.MilvusService";

    private final Server server;

    FakeMilvusServer(TestCertificates certificates, String version, boolean healthy, List<String> reasons) throws Exception {
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(certificates.load(), certificates.password());
        var service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(unary("Connect", ConnectRequest.getDefaultInstance(), ConnectResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((ConnectRequest request, io.grpc.stub.StreamObserver<ConnectResponse> response) -> {
                            response.onNext(ConnectResponse.newBuilder().setIdentifier(42).build());
                            response.onCompleted();
                        }))
                .addMethod(unary("GetVersion", GetVersionRequest.getDefaultInstance(), GetVersionResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((GetVersionRequest request, io.grpc.stub.StreamObserver<GetVersionResponse> response) -> {
                            response.onNext(GetVersionResponse.newBuilder().setVersion(version).build());
                            response.onCompleted();
                        }))
                .addMethod(unary("CheckHealth", CheckHealthRequest.getDefaultInstance(), CheckHealthResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((CheckHealthRequest request, io.grpc.stub.StreamObserver<CheckHealthResponse> response) -> {
                            response.onNext(CheckHealthResponse.newBuilder().setIsHealthy(healthy).addAllReasons(reasons).build());
                            response.onCompleted();
                        }))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(keyManagers)).build())
                .addService(service)
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
