package uk.csx.gateway.auth;

/** An authenticated machine client: its id, role and organisation code (none for an operator). */
public record Principal(String clientId, String role, String org) {
    public boolean isOperator() {
        return "operator".equals(role);
    }
}
