package uk.csx.localstack;

import java.util.List;

/**
 * The machine clients the local stack registers, with fixed secrets: for local use only. The
 * operator is created by the gateway at start; the others are registered through its API.
 */
public final class DemoClients {
    public record Client(String clientId, String secret, String role, String org) {
    }

    public static final Client OPERATOR = new Client("demo-operator", "local-operator-secret", "operator", null);
    public static final Client CCG_OXFORDSHIRE = new Client("demo-ccg-10q", "local-ccg-10q-secret", "ccg", "10Q");
    public static final Client CCG_BEDFORDSHIRE = new Client("demo-ccg-06f", "local-ccg-06f-secret", "ccg", "06F");
    public static final Client CSU_ARDEN = new Client("demo-csu-0de", "local-csu-0de-secret", "supplier", "0DE");
    public static final Client CSU_SOUTH_CENTRAL_WEST = new Client("demo-csu-0df", "local-csu-0df-secret", "supplier", "0DF");

    public static final List<Client> REGISTERED = List.of(CCG_OXFORDSHIRE, CCG_BEDFORDSHIRE, CSU_ARDEN, CSU_SOUTH_CENTRAL_WEST);

    private DemoClients() {
    }
}
