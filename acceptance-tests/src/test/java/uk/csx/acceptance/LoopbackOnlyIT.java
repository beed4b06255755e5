package uk.csx.acceptance;

import org.junit.jupiter.api.Test;
import uk.csx.localstack.LocalStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack listens on the loopback interface only: called from the network, the services
 * would skip the gateway's rate limits and serve their metrics and documents to anyone, and the
 * demo stack's database and broker have well-known passwords or none.
 */
class LoopbackOnlyIT {

    @Test
    void theServicesTheDatabaseAndTheBrokerListenOnLoopbackOnly() throws IOException {
        LocalStack.Settings ports = Stack.get().settings();
        Map<String, Integer> expected = new TreeMap<>(Map.of("gateway", ports.gatewayPort(), "practices", ports.practicesPort(),
                "contracts", ports.contractsPort(), "billing", ports.billingPort(), "postgres", ports.postgresPort(),
                "kafka", ports.kafkaPort()));
        Map<Integer, List<String>> listening = listeningAddresses();
        List<String> exposed = new ArrayList<>();
        expected.forEach((what, port) -> {
            List<String> addresses = listening.getOrDefault(port, List.of());
            assertTrue(!addresses.isEmpty(), what + " does not listen on " + port);
            addresses.stream().filter(a -> !a.equals("127.0.0.1") && !a.equals("::1")).forEach(a -> exposed.add(what + " on " + a + ":" + port));
        });
        assertEquals(List.of(), exposed);
    }

    /** Listening TCP sockets by port, from the kernel's tables (/proc/net/tcp and tcp6). */
    private static Map<Integer, List<String>> listeningAddresses() throws IOException {
        Map<Integer, List<String>> found = new TreeMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) {
                    continue; // not LISTEN
                }
                String[] local = f[1].split(":");
                found.computeIfAbsent(Integer.parseInt(local[1], 16), p -> new ArrayList<>()).add(address(local[0]));
            }
        }
        return found;
    }

    /** The kernel writes addresses as little-endian 32-bit words in hex. */
    private static String address(String hex) {
        if (hex.length() == 8) {
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        if (hex.equals("00000000000000000000000001000000")) {
            return "::1";
        }
        if (hex.equals("00000000000000000000000000000000")) {
            return "::";
        }
        if (hex.startsWith("0000000000000000FFFF0000")) {
            return address(hex.substring(24)); // an IPv4-mapped address
        }
        return hex;
    }
}
