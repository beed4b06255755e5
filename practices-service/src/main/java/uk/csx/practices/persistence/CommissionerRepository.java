package uk.csx.practices.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.practices.domain.Commissioner;

import java.util.List;

@ApplicationScoped
public class CommissionerRepository implements PanacheRepositoryBase<Commissioner, String> {

    /** Keyset page by code: limit+1 rows after the given code. */
    public List<Commissioner> pageAfter(String afterCode, int limit) {
        var query = afterCode == null
                ? findAll(Sort.by("code"))
                : find("code > ?1", Sort.by("code"), afterCode);
        return query.page(0, limit + 1).list();
    }
}
