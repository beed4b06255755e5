package uk.csx.practicesprojection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import uk.csx.platform.persistence.CommissionerDescendants;
import uk.csx.platform.security.CommissionerTree;

import java.time.LocalDate;
import java.util.Set;

/** The hierarchy as the consumers' projection has it from practices-service's parent events. */
@ApplicationScoped
public class ProjectedCommissionerTree implements CommissionerTree {
    private final EntityManager em;

    public ProjectedCommissionerTree(EntityManager em) {
        this.em = em;
    }

    @Override
    public Set<String> under(String code) {
        return CommissionerDescendants.of(em, "pp_commissioner_parent", code, LocalDate.now());
    }
}
