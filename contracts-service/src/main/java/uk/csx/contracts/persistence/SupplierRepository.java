package uk.csx.contracts.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.contracts.domain.Supplier;

@ApplicationScoped
public class SupplierRepository implements PanacheRepositoryBase<Supplier, String> {
}
