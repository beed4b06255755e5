package uk.csx.platform.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.audit.OnBehalf;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is calling, from the bearer token: a role ({@code operator}, {@code ccg}, {@code supplier})
 * and an organisation code. Resources ask it before acting; another organisation's resource is
 * answered 404 so that ids cannot be probed. A commissioner's client acts for its own
 * organisation and for the commissioners under it today (an ICB for its sub-ICB locations), never
 * the other way round.
 */
@RequestScoped
public class Caller {
    public enum Role { OPERATOR, CCG, SUPPLIER }

    public static final String ORG_CLAIM = "org";

    private final SecurityIdentity identity;
    private final CommissionerTree tree;
    private List<String> commissionerScope;

    public Caller(SecurityIdentity identity, CommissionerTree tree) {
        this.identity = identity;
        this.tree = tree;
    }

    /** The caller's role; an anonymous call is refused with 401. */
    public Role role() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        for (Role role : Role.values()) {
            if (identity.hasRole(role.name().toLowerCase())) {
                return role;
            }
        }
        throw new ForbiddenException("the token carries no known role");
    }

    /** The organisation code of a CCG or supplier caller; null for an operator. */
    public String org() {
        role();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object org = jwt.getClaim(ORG_CLAIM);
            return org == null ? null : org.toString();
        }
        return null;
    }

    public String clientId() {
        role();
        return identity.getPrincipal().getName();
    }

    public boolean isOperator() {
        return role() == Role.OPERATOR;
    }

    public void requireOperator() {
        if (!isOperator()) {
            throw new ForbiddenException("only an operator may do this");
        }
    }

    /** Requires one of the roles (operators always pass). */
    public void requireRole(Role... roles) {
        Role role = role();
        if (role == Role.OPERATOR) {
            return;
        }
        for (Role allowed : roles) {
            if (allowed == role) {
                return;
            }
        }
        throw new ForbiddenException("a " + role.name().toLowerCase() + " may not do this");
    }

    /** True for an operator, or for a caller of the given role acting for the given organisation. */
    public boolean actsFor(Role role, String org) {
        return role() == Role.OPERATOR || isParty(role, org);
    }

    /** The caller is of the role and the organisation is its own or, for a commissioner, one under it today. */
    private boolean isParty(Role role, String org) {
        if (role() != role || org == null) {
            return false;
        }
        return role == Role.CCG ? commissionerScope().contains(org) : org.equals(org());
    }

    /**
     * The commissioners a commissioner's client sees and acts for: its own organisation first, then
     * those under it today. Empty for other callers.
     */
    public List<String> commissionerScope() {
        if (role() != Role.CCG || org() == null) {
            return List.of();
        }
        if (commissionerScope == null) {
            List<String> scope = new ArrayList<>();
            scope.add(org());
            tree.under(org()).stream().sorted().forEach(scope::add);
            commissionerScope = List.copyOf(scope);
        }
        return commissionerScope;
    }

    /**
     * A party's own action on a money flow (usage, a payment, a dispute, its resolution): the party
     * itself, or an operator in its place through the on-behalf endpoint, saying why (kept in the
     * audit trail); anyone else is told the resource does not exist.
     */
    public void requireParty(Role role, String org, String what, Object id) {
        if (isOperator()) {
            requireOnBehalfReason(role);
            return;
        }
        if (!isParty(role, org)) {
            throw ProblemException.notFound(what, id);
        }
    }

    /**
     * A party's own step on a resource the caller may see (the other party of an agreement, say):
     * the party itself, or an operator in its place through the on-behalf endpoint, saying why; anyone
     * else is refused with 403 and the refusal given.
     */
    public void requireActingParty(Role role, String org, String refusal) {
        if (isOperator()) {
            requireOnBehalfReason(role);
        } else if (!actsFor(role, org)) {
            throw new ForbiddenException(refusal);
        }
    }

    private static void requireOnBehalfReason(Role role) {
        if (OnBehalf.reason() == null) {
            throw new ProblemException(403, "on-behalf-endpoint-required", "Acting for a party", "an operator acts in a "
                    + role.name().toLowerCase() + "'s place only through the on-behalf endpoint: the same path under " + OnBehalf.PREFIX
                    + " with the reason in " + OnBehalf.HEADER + " (1 to 500 characters), which the audit trail keeps");
        }
    }

    /** Operator or the commissioner itself (or one above it); anyone else is told the resource does not exist. */
    public void requireCcg(String ccgCode, String what, Object id) {
        if (!actsFor(Role.CCG, ccgCode)) {
            throw ProblemException.notFound(what, id);
        }
    }
}
