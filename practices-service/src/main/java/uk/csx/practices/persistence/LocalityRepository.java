package uk.csx.practices.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.practices.domain.Locality;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class LocalityRepository implements PanacheRepositoryBase<Locality, Long> {

    public List<Locality> ofCcg(String ccgCode) {
        return list("ccgCode", Sort.by("name"), ccgCode);
    }

    public Optional<Locality> inCcg(String ccgCode, long id) {
        return find("id = ?1 and ccgCode = ?2", id, ccgCode).firstResultOptional();
    }

    public boolean nameTaken(String ccgCode, String name) {
        return count("ccgCode = ?1 and lower(name) = lower(?2)", ccgCode, name) > 0;
    }

    public Optional<Locality> byNetwork(String ccgCode, String pcnCode) {
        return find("ccgCode = ?1 and pcnCode = ?2", ccgCode, pcnCode).firstResultOptional();
    }
}
