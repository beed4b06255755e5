package uk.csx.practices.persistence;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.persistence.EntityManager;
import uk.csx.platform.persistence.CommissionerDescendants;
import uk.csx.platform.security.CommissionerTree;

import java.time.LocalDate;
import java.util.Set;

/**
 * The hierarchy as the register holds it; chosen over the projection's, which this service's tests
 * have on their class path.
 */
@ApplicationScoped
@Alternative
@Priority(10)
public class RegisteredCommissionerTree implements CommissionerTree {
    private final EntityManager em;

    public RegisteredCommissionerTree(EntityManager em) {
        this.em = em;
    }

    @Override
    public Set<String> under(String code) {
        return CommissionerDescendants.of(em, "commissioner_parent", code, LocalDate.now());
    }
}
