package com.milvusgke.verify;

import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.v2.client.MilvusClientV2;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Milvus SDK shares the jar with the Pulumi SDK: it must not change the gRPC the Pulumi SDK runs on, nor add
 * plugin descriptors or an SLF4J binding. These pin what makes that so, and fail if an SDK upgrade changes it.
 */
class MilvusSdkIsolationTest {

    @Test
    void theMilvusSdkUsesItsOwnRelocatedGrpcNotThePulumiSdks() throws Exception {
        assertTrue(MilvusServiceGrpc.getGetVersionMethod().getClass().getName().startsWith("io.milvus.shaded.io.grpc."),
                MilvusServiceGrpc.getGetVersionMethod().getClass().getName());
        assertTrue(jarOf(io.grpc.ManagedChannel.class).getFileName().toString().startsWith("grpc-api-"));
    }

    @Test
    void thePulumiSdksNativeTransportIsNotShadowedByTheMilvusJarsCopy() {
        // the Milvus jar carries a different build of this library; its relocated netty never loads it, the Pulumi SDK's does
        var url = getClass().getClassLoader().getResource("META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64.so");
        assertTrue(url != null && url.toString().contains("/grpc-netty-shaded-"), String.valueOf(url));
    }

    @Test
    void theMilvusJarBringsNoUnrelocatedGrpcOrProtobufNoPulumiPluginDescriptorAndNoSlf4jBinding() throws Exception {
        try (var jar = new JarFile(jarOf(MilvusClientV2.class).toFile())) {
            var offending = jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("io/grpc/") || name.startsWith("com/google/protobuf/")
                            || name.startsWith("com/pulumi/") || name.startsWith("org/slf4j/")
                            || name.equals("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))
                    .toList();
            assertEquals(java.util.List.of(), offending);
        }
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
