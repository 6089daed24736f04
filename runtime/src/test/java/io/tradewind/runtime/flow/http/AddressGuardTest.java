package io.tradewind.runtime.flow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The address classification behind outbound calls, address by address. */
class AddressGuardTest {

    private static String internal(String literal) throws Exception {
        return AddressGuard.internal(InetAddress.getByName(literal));
    }

    @Test
    void internalAddressesInEveryFormAreClassified() throws Exception {
        for (String a : List.of("127.0.0.1", "127.255.0.9", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "100.64.0.1", "100.127.255.255", "169.254.1.1", "169.254.169.254", "100.100.100.200",
                "224.0.0.251", "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.2.1",
                "198.51.100.7", "203.0.113.9", "192.0.0.8", "::", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1",
                "::127.0.0.1", "::ffff:10.0.0.1", "::10.0.0.1", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
                "fec0::1", "2001:db8::1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::1", "2002:a9fe:a9fe::",
                "64:ff9b:1::1", "2001::1")) {
            assertThat(internal(a)).as(a).isNotNull();
        }
    }

    @Test
    void publicAddressesPass() throws Exception {
        for (String a : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
                "2606:4700:4700::1111", "2a00:1450:4001::1", "64:ff9b::808:808", "2002:808:808::1",
                "::ffff:8.8.8.8")) {
            assertThat(internal(a)).as(a).isNull();
        }
    }

    @Test
    void refusalsNameTheHostAndTheAddress() {
        HttpCallFailed f = org.junit.jupiter.api.Assertions.assertThrows(HttpCallFailed.class, () -> new AddressGuard(
                List.of()).resolve("127.0.0.2"));
        assertThat(f.code()).isEqualTo("HTTP_ADDRESS_REFUSED");
        assertThat(f.getMessage()).contains("127.0.0.2").contains("loopback");
        assertThat(new AddressGuard(List.of("127.0.0.2")).resolve("127.0.0.2").getHostAddress()).isEqualTo(
                "127.0.0.2");
        assertThat(new AddressGuard(List.of("LocalHost.")).resolve("localhost").isLoopbackAddress()).isTrue();
    }
}
