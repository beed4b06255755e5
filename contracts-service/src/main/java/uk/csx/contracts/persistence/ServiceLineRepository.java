package uk.csx.contracts.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.contracts.domain.ServiceLine;

import java.util.List;

@ApplicationScoped
public class ServiceLineRepository implements PanacheRepositoryBase<ServiceLine, String> {
    public List<ServiceLine> catalogue(boolean includeRetired) {
        return includeRetired ? listAll(Sort.by("code")) : list("retiredAt is null", Sort.by("code"));
    }
}
