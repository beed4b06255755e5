package uk.csx.platform.security;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Set;

/** Where a service holds no hierarchy, a commissioner has nothing under it. */
public class FlatCommissionerTree {
    @Produces
    @DefaultBean
    @ApplicationScoped
    CommissionerTree flat() {
        return code -> Set.of();
    }
}
